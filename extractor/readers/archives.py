"""Members of .zip, .tar, .tar.gz/.tgz (also .tar.bz2, .tar.xz) and single-file .gz archives.

``members(data, name, options)`` yields ``(member_name, payload)`` in archive order, where
``member_name`` is ``archive.zip!dir/member.docx`` (nested archives add one ``!`` per level) and
``payload`` is the member's bytes, or a :class:`ReadError` saying why that one member is refused
(a path that climbs out, an encrypted entry, a link, a corrupt entry). Nothing is ever written to
disk: members are read into memory, and a member's path is only ever a name.

Caps (member count, total uncompressed size, expansion ratio, nesting depth) are checked BEFORE
anything is inflated: a zip's central directory and a tar's headers declare every size. A
compressed tar is inflated in bounded steps, never past the size cap. A whole archive that breaks
a cap, or cannot be opened, raises :class:`ReadError` with the reason.
"""
from __future__ import annotations

import bz2
import io
import lzma
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePosixPath

from . import ReadError
from .limits import ReadOptions, check_zip

_RATIO_FLOOR = 1 << 20  # members smaller than this may compress as well as they like (as limits.check_zip)

# zip-based document formats: a zip holding one of these names, or named so, is a document, not an archive
_DOCUMENT_MARKERS = ("[Content_Types].xml", "mimetype", "META-INF/manifest.xml")
_OFFICE_SUFFIXES = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub", ".jar")
_SKIPPED_PREFIXES = ("__MACOSX/",)
_STEP = 1 << 20


def is_archive(data: bytes, name: str) -> bool:
    """True for bytes that are an archive of files (a .docx/.odt/.xlsx zip is a document: False)."""
    low = name.lower()
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        if low.endswith(".zip"):
            return True
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return False
        return not any(m in names for m in _DOCUMENT_MARKERS) and not low.endswith(_OFFICE_SUFFIXES)
    if data[:2] == b"\x1f\x8b" or data[:3] == b"BZh" or data[:6] == b"\xfd7zXZ\x00":
        return True
    return len(data) > 262 and data[257:262] == b"ustar"



def safe_name(raw: str) -> str | None:
    """The member's path as a relative POSIX name, or None when it climbs out of the archive
    (``../x``), is absolute (``/etc/x``, ``C:\\x``) or is empty."""
    path = raw.replace("\\", "/")
    if not path or path.startswith("/") or (len(path) > 1 and path[1] == ":") or "\x00" in path:
        return None
    parts = [p for p in PurePosixPath(path).parts if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def members(data: bytes, name: str, options=None) -> Iterator[tuple[str, bytes | ReadError]]:
    """Every file member of the archive ``data`` (see the module doc), nested archives opened in place."""
    options = options or ReadOptions()
    budget = _Budget(options.max_members, options.max_total_bytes)
    yield from _members(data, name, options, budget, 0)


class _Budget:
    """What is left of the caps for one top-level archive and everything nested in it."""

    def __init__(self, members: int, size: int):
        self.members, self.size = members, size

    def take(self, name: str, count: int, size: int) -> None:
        if count > self.members:
            raise ReadError(name, "archives hold too many members in all (over the member cap)")
        if size > self.size:
            raise ReadError(name, f"archives would inflate past the size cap in all ({size} bytes more, "
                                  f"{self.size} left)")
        self.members -= count
        self.size -= size


def _members(data: bytes, name: str, options, budget: _Budget, depth: int):
    # ``depth`` counts the archives around this one (its members are at depth + 1)
    if depth + 1 > options.max_depth:
        raise ReadError(name, f"archives nested deeper than {options.max_depth} levels")
    if data.startswith(b"PK"):
        entries = _zip_entries(data, name, options, budget)
    else:
        entries = _tar_or_gz_entries(data, name, options, budget)
    for member, payload in entries:
        full = f"{name}!{member}"
        if isinstance(payload, bytes) and is_archive(payload, member):
            try:
                yield from _members(payload, full, options, budget, depth + 1)
            except ReadError as exc:
                yield full, exc
        else:
            yield full, payload


# --- zip ------------------------------------------------------------------------------------

def open_zip(data: bytes, name: str, options: ReadOptions | None = None, what: str = "zip archive") \
        -> zipfile.ZipFile:
    """A zip whose central directory passed the caps (:func:`limits.check_zip`), for archives and
    zip-based documents (.odt) alike; nothing is inflated before. A ReadError names the reason."""
    try:
        return check_zip(data, options or ReadOptions())
    except ValueError as exc:
        if "the limit is" in str(exc):  # a cap of limits.check_zip
            raise ReadError(name, f"{exc} (an archive bomb?)") from exc
        raise ReadError(name, f"not a readable {what} ({why(exc)})") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise ReadError(name, f"not a readable {what} ({why(exc)})") from exc


# what reading a member of a damaged zip may raise
MEMBER_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, ValueError, OSError,
                 EOFError, zlib.error, lzma.LZMAError, KeyError)


def read_member(zf: zipfile.ZipFile, member: str, name: str, what: str = "zip member") -> bytes:
    """One member's bytes (at most its declared size), or a ReadError naming what is damaged."""
    try:
        info = zf.getinfo(member)
        if info.flag_bits & 0x1:
            raise ReadError(f"{name}!{member}", "encrypted (password-protected) member: cannot be read")
        with zf.open(info) as fh:
            return fh.read(info.file_size)
    except MEMBER_ERRORS as exc:
        raise ReadError(name, f"corrupt {what} {member} ({why(exc)})") from exc


def check_sizes(name: str, sizes: list[tuple[str, int, int]], packed: int, options: ReadOptions) -> None:
    """Refuse a tar whose declared sizes break a cap: ``sizes`` is (member, uncompressed,
    compressed) as its headers declare them; ``packed`` the archive's own size."""
    max_members, max_total, max_ratio = options.max_members, options.max_total_bytes, options.max_ratio
    if len(sizes) > max_members:
        raise ReadError(name, f"archive has {len(sizes)} members, over the limit of {max_members}")
    total = sum(s for _, s, _ in sizes)
    if total > max_total:
        raise ReadError(name, f"archive declaring {total} bytes uncompressed, over the limit of {max_total} "
                              f"(an archive bomb?)")
    for member, size, csize in sizes:
        if size > _RATIO_FLOOR and size > max_ratio * max(csize, 1):
            raise ReadError(name, f"member {member} expanding {size // max(csize, 1)} times (the limit is "
                                  f"{max_ratio:.0f}; an archive bomb?)")
    if total > _RATIO_FLOOR and total > max_ratio * max(packed, 1):
        raise ReadError(name, f"archive expanding {total // max(packed, 1)} times (the limit is {max_ratio:.0f}; "
                              f"an archive bomb?)")


def _climbing(name: str, member: str) -> ReadError:
    """The refusal of a member whose path leaves the archive (``../../x``, ``/etc/x``, ``C:\\x``)."""
    return ReadError(f"{name}!{member}", "member path climbs out of the archive or is absolute: refused")


def _zip_entries(data: bytes, name: str, options, budget: _Budget):
    zf = open_zip(data, name, options)
    infos = [i for i in zf.infolist() if not i.filename.endswith("/") and not i.filename.startswith(_SKIPPED_PREFIXES)]
    budget.take(name, len(infos), sum(i.file_size for i in infos))
    for info in infos:
        member = safe_name(info.filename)
        if member is None:
            yield info.filename, _climbing(name, info.filename)
            continue
        if info.flag_bits & 0x1:
            yield member, ReadError(f"{name}!{member}", "encrypted (password-protected) member: cannot be read")
            continue
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            yield member, ReadError(f"{name}!{member}", "symbolic link inside the archive: not followed")
            continue
        try:
            with zf.open(info) as fh:
                payload = fh.read(info.file_size + 1)
        except MEMBER_ERRORS as exc:
            yield member, ReadError(f"{name}!{member}", f"corrupt or unsupported zip member ({why(exc)})")
            continue
        if len(payload) > info.file_size:
            yield member, ReadError(f"{name}!{member}", "member inflates past its declared size: refused")
            continue
        yield member, payload


# --- tar, compressed tar, gzip ------------------------------------------------------------------

def _tar_or_gz_entries(data: bytes, name: str, options, budget: _Budget):
    raw, compressed = _inflate(data, name, options, budget)
    if (len(raw) > 262 and raw[257:262] == b"ustar") or not compressed:
        yield from _tar_entries(raw, name, len(data), options, budget)
        return
    # a single compressed file: report.txt.gz holds report.txt
    member = PurePosixPath(name.split("!")[-1]).name
    member = member[:-3] if member.lower().endswith(".gz") else member + ".out"
    budget.take(name, 1, 0)
    yield member, raw


def _inflate(data: bytes, name: str, options, budget: _Budget) -> tuple[bytes, bool]:
    """The bytes of a gzip/bzip2/xz stream, inflated step by step and stopped at the size cap and
    the ratio cap (both known before the step that would pass them); plain bytes unchanged."""
    if data[:2] == b"\x1f\x8b":
        make = lambda: zlib.decompressobj(16 + zlib.MAX_WBITS)  # noqa: E731
    elif data[:3] == b"BZh":
        make = bz2.BZ2Decompressor
    elif data[:6] == b"\xfd7zXZ\x00":
        make = lzma.LZMADecompressor
    else:
        return data, False
    cap = int(min(budget.size, max(options.max_ratio * len(data), _RATIO_FLOOR)))
    out = bytearray()
    pending = data
    try:
        while pending.strip(b"\x00"):  # concatenated streams each get a fresh decompressor
            dec = make()
            chunk = dec.decompress(pending, _STEP)
            while True:
                out += chunk
                if len(out) > cap:
                    raise ReadError(name, f"compressed archive inflates past {cap} bytes (the size or ratio "
                                          f"cap; an archive bomb?)")
                if dec.eof:
                    break
                tail = getattr(dec, "unconsumed_tail", b"")
                if not tail and getattr(dec, "needs_input", False):
                    raise ReadError(name, "truncated compressed archive")
                chunk = dec.decompress(tail, _STEP)
                if not chunk and not tail and not hasattr(dec, "needs_input"):
                    raise ReadError(name, "truncated compressed archive")
            pending = dec.unused_data
    except (zlib.error, OSError, EOFError, lzma.LZMAError, ValueError) as exc:
        raise ReadError(name, f"corrupt compressed archive ({why(exc)})") from exc
    return bytes(out), True


def _tar_entries(raw: bytes, name: str, packed: int, options, budget: _Budget):
    try:
        tf = tarfile.open(fileobj=io.BytesIO(raw), mode="r:")
        infos = tf.getmembers()
    except (tarfile.TarError, ValueError, OSError, EOFError) as exc:
        raise ReadError(name, f"not a readable tar archive ({why(exc)})") from exc
    files = [i for i in infos if not i.isdir()]
    check_sizes(name, [(i.name, i.size, i.size) for i in files if i.isfile()], max(packed, len(raw)), options)
    budget.take(name, len(files), sum(i.size for i in files if i.isfile()))
    for info in files:
        member = safe_name(info.name)
        if member is None:
            yield info.name, _climbing(name, info.name)
            continue
        if not info.isfile():
            what = "link" if info.issym() or info.islnk() else "device, FIFO or other special file"
            yield member, ReadError(f"{name}!{member}", f"{what} inside the archive: not followed")
            continue
        try:
            fh = tf.extractfile(info)
            payload = fh.read() if fh is not None else b""
        except (tarfile.TarError, ValueError, OSError, EOFError) as exc:
            yield member, ReadError(f"{name}!{member}", f"corrupt tar member ({why(exc)})")
            continue
        yield member, payload


def why(exc: Exception) -> str:
    """An exception as a reason: its type and message, never a memory address."""
    import re  # noqa: PLC0415

    text = re.sub(r" at 0x[0-9a-fA-F]+", "", str(exc)) or "no detail"
    return f"{exc.__class__.__name__}: {text}"
