"""One input read and extracted, its rows written to its own part: what a worker does, whatever the
engine (local processes or Dask). Returns the manifest rows: one for the file, one more per member
of an archive or e-mail. A failure of one input is a failed row, never an exception; only an
:class:`~extractor.batch.sinks.OutputError` (the part cannot be written) escapes.
"""
from __future__ import annotations

import hashlib
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from ..model import Source
from . import chunks
from .manifest import Row
from .plan import STDIN, Item
from .sinks import OutputError, PartWriter, output_error, part_path

# Test-only hooks (never set them in production): a worker handling a document whose doc_id ends with
# the value of VNEXTRACT_TEST_CRASH kills itself with SIGKILL (as the out-of-memory killer would);
# with VNEXTRACT_TEST_HANG it sleeps without end; with VNEXTRACT_TEST_BLOAT it takes 400 MB of
# memory and then sleeps. The batch tests use them to check the supervision of workers.
CRASH_HOOK, HANG_HOOK, BLOAT_HOOK = "VNEXTRACT_TEST_CRASH", "VNEXTRACT_TEST_HANG", "VNEXTRACT_TEST_BLOAT"
_FORMATS = {".txt": "text", ".text": "text", ".md": "text", "": "text", ".html": "html", ".htm": "html",
            ".docx": "docx", ".pdf": "pdf"}


@dataclass(frozen=True, slots=True)
class Job:
    """What every worker needs to know: where parts go, in which format, how to tag."""

    parts: str
    fmt: str = "csv"
    tagging: str = "selective"
    excel: bool = False
    piece_chars: int = 1_000_000  # characters per piece of a big document
    follow_links: bool = False  # read links that lead out of the input tree
    big_bytes: int = 4_000_000  # text files from this size on are read in pieces
    ocr: bool = True  # OCR pages and pictures without a text layer (--no-ocr: noted, not read)


def format_of(name: str) -> str:
    low = name.lower()
    for suffix in (".tar.gz", ".tar.bz2", ".tar.xz"):
        if low.endswith(suffix):
            return "tar"
    suffix = os.path.splitext(low)[1]
    return _FORMATS.get(suffix, suffix.lstrip(".") or "text")


def _readers():
    from .. import readers  # noqa: PLC0415

    return readers


def _pairs(item: Item, job: Job):
    """(name, Source | ReadError) of the file itself, or of each member of a container."""
    r = _readers()
    options = r.ReadOptions(root=item.root, follow_links=job.follow_links, ocr=job.ocr)
    yield from r.read_members(item.path, options)


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def _test_hooks(doc_id: str) -> None:
    crash, hang, bloat = (os.environ.get(k) for k in (CRASH_HOOK, HANG_HOOK, BLOAT_HOOK))
    if crash and doc_id.endswith(crash):
        os.kill(os.getpid(), signal.SIGKILL)
    if (hang and doc_id.endswith(hang)) or (bloat and doc_id.endswith(bloat)):
        ballast = bytearray(400 * 2**20) if bloat and doc_id.endswith(bloat) else None
        if ballast is not None:
            ballast[::4096] = b"x" * len(ballast[::4096])  # touched: resident, not only reserved
        while True:
            time.sleep(3600)


def _write(part: PartWriter, facts, doc_id: str) -> None:
    try:
        part.write(facts, doc_id)
    except OSError as exc:
        raise output_error(part.path, exc) from exc


def _extract(source: Source, doc_id: str, job: Job, part: PartWriter, progress) -> int:
    """Facts of a read source into ``part``; a big one in pieces. Returns the number of facts."""
    from ..pipeline import extract_source  # noqa: PLC0415

    if len(source.text) <= 2 * job.piece_chars:
        facts = extract_source(source, doc_id=doc_id, tagging=job.tagging).facts
        _write(part, facts, doc_id)
        return len(facts)
    n = 0
    for base, piece in chunks.source_pieces(source, job.piece_chars):
        facts = chunks.shift(extract_source(piece, doc_id=doc_id, tagging=job.tagging).facts, base)
        _write(part, facts, doc_id)
        n += len(facts)
        progress()
    return n


def _big_text(item: Item, job: Job, part: PartWriter, progress) -> Row | None:
    """A big plain-text file streamed in pieces, or None when it is not one (or not surely UTF)."""
    if item.size < job.big_bytes or format_of(item.path) != "text":
        return None
    codec, encoding, sha = chunks.sniff(item.path)
    if codec is None or _reader_converts(item.path, codec):
        return None
    from ..pipeline import extract_document  # noqa: PLC0415

    t0, n = time.perf_counter(), 0
    for base, piece in chunks.text_pieces(item.path, codec, job.piece_chars):
        facts = chunks.shift(extract_document(piece, doc_id=item.doc_id, tagging=job.tagging).facts, base)
        _write(part, facts, item.doc_id)
        n += len(facts)
        progress()
    return Row(_shown(item), item.doc_id, "text", encoding, "ok", n, "", item.size, time.perf_counter() - t0, sha)


def _reader_converts(path: str, codec: str) -> bool:
    """True when the text reader would convert what it decodes (legacy-font text stored as UTF-8,
    mojibake): such a file is read whole by the reader, never streamed past its conversion."""
    try:
        from ..readers.text import decode  # noqa: PLC0415
    except ImportError:
        return False
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    try:
        head.decode(codec)
    except UnicodeDecodeError as exc:  # a character cut at the end of the sample
        head = head[:exc.start]
    try:
        _, _, conversion = decode(head)
    except ValueError:
        return True
    return bool(conversion)


def _shown(item: Item) -> str:
    return STDIN if item.doc_id == "stdin" and os.path.basename(item.path) == "stdin" else item.path


def _failed(item: Item, fmt: str, reason: str, t0: float, sha: str = "") -> Row:
    return Row(_shown(item), item.doc_id, fmt, "", "failed", 0, reason, item.size, time.perf_counter() - t0, sha)


def _why(exc: BaseException) -> str:
    if isinstance(exc, MemoryError):
        return "out of memory while extracting"
    return f"extraction failed: {exc.__class__.__name__}: {exc}"


def _safe_extract(source: Source, doc_id: str, job: Job, part: PartWriter, progress) -> tuple[int, str]:
    """(facts, "") or (0, the reason the extraction failed)."""
    try:
        return _extract(source, doc_id, job, part, progress), ""
    except OutputError:
        raise
    except Exception as exc:  # noqa: BLE001  (one bad document must not stop a batch of thousands)
        return 0, _why(exc)


def process(item: Item, job: Job, progress=lambda: None) -> list[Row]:
    """Read ``item``, extract it, write its part (renamed into place when whole); its manifest rows."""
    t0 = time.perf_counter()
    fmt = format_of(item.path) if item.path != STDIN else "text"
    if item.skip:
        return [Row(_shown(item), item.doc_id, fmt, "", item.status, 0, item.skip, item.size, 0.0, "")]
    _test_hooks(item.doc_id)
    part = PartWriter(part_path(job.parts, item.index, job.fmt), job.fmt, job.excel)
    try:
        rows = _process(item, job, part, progress, t0, fmt)
        if rows[0].status == "ok":
            try:
                part.commit()
            except OSError as exc:
                raise output_error(part.path, exc) from exc
        else:
            part.discard()
        return rows
    except BaseException:
        part.discard()
        raise


def member_ids(item: Item, name: str) -> tuple[str, str]:
    """(path, doc_id) of a container's member ``name`` as read_members named it:
    ``reports/q1.zip!dir/member.docx`` under the container's own id."""
    whole = str(Path(item.path))
    tail = name[len(whole):] if name.startswith(whole + "!") else "!" + name
    return item.path + tail, item.doc_id + tail


def _process(item: Item, job: Job, part: PartWriter, progress, t0: float, fmt: str) -> list[Row]:
    from ..readers import ReadError  # noqa: PLC0415

    try:
        big = _big_text(item, job, part, progress)
        if big is not None:
            return [big]
        sha = _sha256(item.path)
    except OSError as exc:
        return [_failed(item, fmt, exc.strerror or str(exc), t0)]
    except UnicodeDecodeError as exc:
        return [_failed(item, fmt, f"cannot be decoded as {exc.encoding} at byte {exc.start}", t0)]
    whole = str(Path(item.path))
    rows, total = [], 0
    for name, got in _pairs(item, job):
        m0 = time.perf_counter()
        if name in (whole, item.path):  # the file itself, not a member
            if isinstance(got, ReadError):
                return [_failed(item, fmt, got.reason, t0, sha)]
            n, error = _safe_extract(got, item.doc_id, job, part, progress)
            if error:
                return [_failed(item, got.format or fmt, error, t0, sha)]
            encoding = got.encoding or (_text_encoding(item.path) if got.format == "text" else "")
            return [Row(_shown(item), item.doc_id, got.format or fmt, encoding, "ok", n, "", item.size,
                        time.perf_counter() - t0, sha, got.conversion)]
        path, doc_id = member_ids(item, name)
        if isinstance(got, ReadError):
            rows.append(Row(path, doc_id, format_of(name), "", "failed", 0, got.reason, 0, 0.0, ""))
            continue
        n, error = _safe_extract(got, doc_id, job, part, progress)
        total += n
        size = len(got.text.encode("utf-8"))
        rows.append(Row(path, doc_id, got.format, got.encoding, "failed" if error else "ok", n, error, size,
                        time.perf_counter() - m0, "", got.conversion))
    return [Row(_shown(item), item.doc_id, format_of(item.path), "", "ok", total, "", item.size,
                time.perf_counter() - t0, sha)] + rows


def _text_encoding(path: str) -> str:
    """The encoding a plain-text file was decoded with, when the reader does not say."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    for bom, _, name in chunks.BOMS:
        if head.startswith(bom):
            return name
    codec, name, _ = chunks.sniff(path)
    return name if codec else "cp1258"
