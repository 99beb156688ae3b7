"""Reading input files into text: plain text in any common encoding, HTML, DOCX and PDF (extras).

Plain text comes back exactly as decoded, so fact offsets are offsets into the file's own text
(decomposed Unicode is normalised by the repair stage, as edits). Text extracted from HTML, DOCX
and PDF is normalised to NFC: those offsets refer to the extracted text anyway. A file that cannot
be read raises :class:`ReadError` naming the file and the reason, so a batch can record the failure
and go on.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}
MAX_BYTES = 200 * 1024 * 1024


class ReadError(Exception):
    """A file that cannot be read as a report: ``path`` and ``reason`` say which and why."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(path, "binary file (NUL bytes), not text")
    for enc in ("utf-8-sig", "utf-16"):
        try:
            if enc == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                continue
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise ReadError(path, f"not UTF-8, UTF-16 or Windows-1258 text ({exc.reason} at byte {exc.start})") from exc


def read_text(path: Path | str) -> str:
    """The text of one report file (see the module doc for normalisation)."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from exc
    if size > MAX_BYTES:
        raise ReadError(path, f"file too large ({size} bytes; the limit is {MAX_BYTES})")
    if suffix in HTML_SUFFIXES:
        return _read_html(path)
    if suffix == ".docx":
        return _read_docx(path)
    if suffix == ".pdf":
        return _read_pdf(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from exc
    text = _decode(path, data)
    if not text.strip():
        raise ReadError(path, "empty file")
    return text


def _read_html(path: Path) -> str:
    import html as htmllib  # noqa: PLC0415
    import re  # noqa: PLC0415

    raw = _decode(path, path.read_bytes())
    try:
        import trafilatura  # noqa: PLC0415

        text = trafilatura.extract(raw, include_tables=True) or ""
    except ImportError:  # without the 'formats' extra: strip the tags, keep the text
        text = ""
    if not text.strip():
        body = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", raw)
        body = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>|</tr>|</h\d>", "\n", body)
        text = htmllib.unescape(re.sub(r"<[^>]+>", " ", body))
    if not text.strip():
        raise ReadError(path, "HTML page with no readable text")
    return unicodedata.normalize("NFC", text)


def _extra(module: str, path: Path):
    """Import an optional reader, or say which extra the file needs."""
    import importlib  # noqa: PLC0415

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ReadError(path, f"reading {path.suffix} needs the 'formats' extra (pip install vnextract[formats])") \
            from exc


def _read_docx(path: Path) -> str:
    docx = _extra("docx", path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for a broken file
        raise ReadError(path, f"not a readable .docx file ({exc.__class__.__name__}: {exc})") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return unicodedata.normalize("NFC", "\n".join(parts))


def _read_pdf(path: Path) -> str:
    pypdf = _extra("pypdf", path)
    try:
        reader = pypdf.PdfReader(str(path))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as exc:  # pypdf raises many types for a broken file
        raise ReadError(path, f"not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    if not text.strip():
        raise ReadError(path, "PDF with no text layer (scanned pages need OCR first)")
    return unicodedata.normalize("NFC", text)


def discover(paths: list[str | Path]) -> Iterator[Path]:
    """Files named, and report files under folders named, in a stable order."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUFFIXES and f.name.lower() != "readme.md" \
                        and not f.name.startswith("."):
                    yield f
        else:
            yield p


# --- structured reading (the registry every family module plugs into) ------------------------
#
# A family module exposes ``read(data: bytes, name: str, options: ReadOptions) -> Source`` (one
# document) or, for containers (archives, e-mail), ``members(data, name, options)`` yielding
# ``(member_name, bytes)``. The registry maps a detected format to "module:function"; modules are
# imported only when a file of theirs is read.
REGISTRY: dict[str, str] = {
    "text": "text:read", "csv": "sheets:read_csv",
    "html": "html:read", "docx": "docx:read", "pdf": "pdf:read",
    "xlsx": "sheets:read", "xls": "sheets:read", "ods": "sheets:read",
    "doc": "office:read_doc", "odt": "office:read_odt", "rtf": "office:read_rtf",
    "image": "images:read",
    "eml": "mail:members", "mht": "mail:members",
    "zip": "archives:members", "tar": "archives:members",
}
