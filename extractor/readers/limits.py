"""The limits every reader honours, in one frozen record (:class:`ReadOptions`, also named
:data:`Limits`), and the zip check that applies them before anything is inflated.

One object caps every container and every format at once (sizes, members, expansion, nesting,
pages, pixels, table size), so a hostile file fails fast with a plain reason wherever it is met.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How far a reader may go on one input.

    >>> ReadOptions().max_depth
    3
    >>> ReadOptions(ocr=False).ocr
    False
    """

    max_bytes: int = 200 * MiB  # a file (or a member) larger than this is refused before reading
    max_members: int = 10_000  # members of one zip-based file or archive
    max_total_bytes: int = 1024 * MiB  # their total uncompressed size, from the central directory
    max_ratio: float = 200.0  # uncompressed / compressed size, whole file and any one member
    max_depth: int = 3  # containers inside containers (archive.zip!inner.zip!member.docx is depth 2)
    max_pages: int = 5_000  # pages of one PDF (read one page at a time)
    max_pixels: int = 100_000_000  # pixels of one image or rendered page (30,000 × 30,000 is refused)
    max_table_cells: int = 250_000  # a larger table is laid out as prose, with a note
    max_table_cols: int = 200  # a wider table is laid out as prose, with a note
    ocr: bool = True  # OCR pages and images without a text layer (--no-ocr turns it off)
    follow_links: bool = False  # follow symbolic links that lead outside the input tree
    root: str = ""  # the input tree symbolic links must stay in ("" = the link's own folder)


Limits = ReadOptions


def check_zip(data: bytes, options: ReadOptions) -> zipfile.ZipFile:
    """The zip of ``data``, opened after its central directory passed the limits (member count,
    total uncompressed size, expansion ratio); nothing is inflated here. Raises ValueError with a
    plain reason; zipfile.BadZipFile when it is no zip.

    zipfile never inflates a member beyond the size its directory entry declares, so the checked
    sizes bound what any later read can produce.
    """
    zf = zipfile.ZipFile(io.BytesIO(data))
    infos = zf.infolist()
    if len(infos) > options.max_members:
        raise ValueError(f"zip of {len(infos)} members (the limit is {options.max_members})")
    total = sum(i.file_size for i in infos)
    if total > options.max_total_bytes:
        raise ValueError(f"zip holding {total} bytes uncompressed (the limit is {options.max_total_bytes})")
    packed = max(1, sum(i.compress_size for i in infos))
    if total > 1 * MiB and total / packed > options.max_ratio:
        raise ValueError(f"zip expanding {total / packed:.0f} times (the limit is {options.max_ratio:.0f})")
    for i in infos:
        if i.file_size > 1 * MiB and i.file_size / max(1, i.compress_size) > options.max_ratio:
            raise ValueError(f"zip member {i.filename} expanding {i.file_size / max(1, i.compress_size):.0f} times "
                             f"(the limit is {options.max_ratio:.0f})")
    return zf
