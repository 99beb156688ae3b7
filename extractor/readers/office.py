"""Word 97 (.doc), OpenDocument text (.odt) and RTF documents as a :class:`~extractor.model.Source`.

- ``read_doc``: antiword (``-m UTF-8.txt -w 0``, a timeout) turns the Word binary into text, one
  paragraph a line; antiword's DocBook output (``-x db``) gives the tables as grids (its cells are
  never wrapped) and tells which lines were one paragraph split at manual line breaks. LibreOffice headless is tried
  only when antiword fails and ``soffice`` is installed. A ``.doc`` that is really RTF (Word's
  "save as .doc" of an RTF) is read as RTF here, whatever routed it.
- ``read_odt``: the ``content.xml`` of the zip (its caps checked first): headings, paragraphs,
  lists, sections, text boxes; tables as grids (``number-columns-spanned``,
  ``number-rows-spanned``, covered cells); footnotes and endnotes as note blocks after the text;
  the master pages' headers and footers (``styles.xml``) as header and footer blocks.
- ``read_rtf``: a reader of its own (:mod:`.rtf`): groups, control words, ``\\uN`` with ``\\ucN``,
  ``\\'hh`` bytes in the font's ``\\fcharset`` or the document's ``\\ansicpgN`` (1258 included), runs
  in a legacy Vietnamese font (``.VnTime``: TCVN3; ``VNI-Times``: VNI) converted by
  :mod:`.encodings`, destinations skipped, ``\\trowd … \\cell … \\row`` tables as grids.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass

from . import ReadError
from .archives import open_zip, read_member
from .layout import Grid, GridCell, Layout
from .limits import ReadOptions

ANTIWORD_TIMEOUT = 60  # seconds for one document
SOFFICE_TIMEOUT = 120
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --- .doc -----------------------------------------------------------------------------------

def read_doc(data: bytes, name: str, options: ReadOptions | None = None):
    """A Word 97-2003 binary document (see the module doc)."""
    options = options or ReadOptions()
    if data.lstrip()[:5] == b"{\\rtf":
        return read_rtf(data, name, options)
    if not data.startswith(OLE2_MAGIC):
        raise ReadError(name, "not a Word 97-2003 document (no OLE2 header)")
    docbook = None
    try:
        text, how = _antiword(data, "-m", "UTF-8.txt", "-w", "0"), "antiword"
        docbook = _docbook(data)
    except ReadError as first:
        if shutil.which("soffice") is None:
            raise ReadError(name, first.reason) from None
        text, how = _soffice(data, name), "libreoffice"
    source = doc_layout(text, options, docbook).source(name, "doc", conversion=f"Word 97 binary → text ({how})")
    if not source.text.strip():
        raise ReadError(name, "Word document with no text")
    return source


@dataclass(frozen=True, slots=True)
class DocBook:
    """What antiword's DocBook output adds to its text layout: the tables as rows of cell texts
    (never wrapped), and the paragraphs' texts (a manual line break inside one is written as
    nothing there, where the text layout starts a new line)."""

    tables: tuple = ()
    paragraphs: tuple[str, ...] = ()


def _docbook(data: bytes) -> DocBook | None:
    """antiword's DocBook reading of the document, or None when it cannot be had."""
    from lxml import etree  # noqa: PLC0415

    try:
        xml = _antiword(data, "-x", "db")
        root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True, resolve_entities=False,
                                                                      no_network=True, load_dtd=False))
    except (ReadError, etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    tables = tuple(tuple(tuple(" ".join("".join(entry.itertext()).split()) for entry in row.iter("entry"))
                         for row in table.iter("row")) for table in root.iter("informaltable"))
    paragraphs = []
    for para in root.iter("para"):
        if any(a.tag == "entry" for a in para.iterancestors()):
            continue
        parts = [para.text or ""]
        for child in para:
            if child.tag != "informaltable":
                parts.append("".join(child.itertext()))
            parts.append(child.tail or "")
        text = "".join(parts).strip()
        if text:
            paragraphs.append(text)
    return DocBook(tables, tuple(paragraphs))


def _group_lines(lines: list[str], paragraphs: tuple[str, ...]) -> list[int] | None:
    """For each line of the text layout, the DocBook paragraph it belongs to (lines of one
    paragraph were split at its manual line breaks), or None when the two readings do not match
    line for line (whitespace aside)."""
    def bare(text: str) -> str:
        return "".join(text.split())

    out, i = [], 0
    for k, para in enumerate(paragraphs):
        target, got = bare(para), ""
        while len(got) < len(target) and i < len(lines):
            got += bare(lines[i])
            out.append(k)
            i += 1
        if got != target:
            return None
    return out + list(range(len(paragraphs), len(paragraphs) + len(lines) - i))


def _antiword(data: bytes, *args: str) -> str:
    exe = shutil.which("antiword")
    if exe is None:
        raise ReadError("", "reading .doc needs antiword (apt-get install antiword)")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "input.doc")
        with open(path, "wb") as fh:
            fh.write(data)
        try:
            done = subprocess.run([exe, *args, path], capture_output=True,
                                  timeout=ANTIWORD_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise ReadError("", f"antiword took longer than {ANTIWORD_TIMEOUT} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").replace(path, "the file").strip()
        message = " ".join(message.split()) or f"exit status {done.returncode}"
        raise ReadError("", f"not a readable Word document (antiword: {message})")
    return done.stdout.decode("utf-8", "replace")


def _soffice(data: bytes, name: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "input.doc")
        with open(path, "wb") as fh:
            fh.write(data)
        try:
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                            "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp, path],
                           capture_output=True, timeout=SOFFICE_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise ReadError(name, f"LibreOffice took longer than {SOFFICE_TIMEOUT} s") from None
        out = os.path.join(tmp, "input.txt")
        if not os.path.exists(out):
            raise ReadError(name, "not a readable Word document (neither antiword nor LibreOffice read it)")
        with open(out, "rb") as fh:
            return fh.read().decode("utf-8-sig", "replace")


_TABLE_LINE = re.compile(r"^\s*\|.*\|\s*$", re.M)


def doc_layout(text: str, options: ReadOptions | None = None, docbook: DocBook | None = None) -> Layout:
    """antiword's text as a layout: each line a paragraph (antiword writes a paragraph a line),
    each run of ``|a|b|`` lines a table. With antiword's DocBook reading (``docbook``), its tables
    replace those runs when there are as many (the text layout wraps a long cell onto more lines,
    which would read as more rows), and lines that are one DocBook paragraph are joined again by
    line breaks (the text layout writes a manual line break like a paragraph end)."""
    layout = Layout(options)
    runs: list[list[list[str]]] = []
    items: list = []  # str lines and indexes into runs
    for line in text.splitlines():
        if _TABLE_LINE.match(line):
            if not items or not isinstance(items[-1], int):
                runs.append([])
                items.append(len(runs) - 1)
            runs[-1].append([c.strip() for c in line.strip()[1:-1].split("|")])
        elif line.strip():
            items.append(line.strip())
    tables = docbook.tables if docbook is not None and len(docbook.tables) == len(runs) else None
    if runs and tables is None:
        layout.note("tables laid out from antiword's text: a wrapped cell reads as one more row")
    lines = [item for item in items if isinstance(item, str)]
    groups = _group_lines(lines, docbook.paragraphs) if docbook is not None else None
    pending: list[str] = []
    line_no = 0
    for k, item in enumerate(items):
        if isinstance(item, int):
            layout.paragraph(unicodedata.normalize("NFC", "\n".join(pending)))
            pending = []
            rows = tables[item] if tables is not None else runs[item]
            layout.table(Grid(tuple(GridCell(r, c, unicodedata.normalize("NFC", cell)) for r, row in enumerate(rows)
                                    for c, cell in enumerate(row)), origin="doc"))
            continue
        if pending and (groups is None or groups[line_no] != groups[line_no - 1]):
            layout.paragraph(unicodedata.normalize("NFC", "\n".join(pending)))
            pending = []
        pending.append(item)
        line_no += 1
    layout.paragraph(unicodedata.normalize("NFC", "\n".join(pending)))
    return layout


# --- .odt -----------------------------------------------------------------------------------

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
}


def _q(prefix: str, local: str) -> str:
    return f"{{{_NS[prefix]}}}{local}"


_P, _H = _q("text", "p"), _q("text", "h")
_TABLE, _ROW, _CELL, _COVERED = _q("table", "table"), _q("table", "table-row"), _q("table", "table-cell"), \
    _q("table", "covered-table-cell")
_NOTE, _NOTE_BODY = _q("text", "note"), _q("text", "note-body")
# containers read in document order (their paragraphs and tables are the text)
_CONTAINERS = {_q("text", k) for k in ("list", "list-item", "list-header", "section", "index-body",
                                       "table-of-content", "illustration-index", "alphabetical-index")} | \
    {_q("draw", "frame"), _q("draw", "text-box"), _q("office", "text"), _q("table", "table-header-rows"),
     _q("table", "table-rows"), _q("table", "table-row-group"), _q("table", "table-header-columns")}
# never text: deleted changes, comments, field declarations
_SKIPPED = {_q("text", "tracked-changes"), _q("office", "annotation"), _q("office", "annotation-end"),
            _q("text", "variable-decls"), _q("text", "sequence-decls"), _q("text", "user-field-decls"),
            _q("office", "forms"), _q("text", "note-citation"), _q("table", "table-columns"),
            _q("table", "table-column"), _q("table", "shapes")}


def read_odt(data: bytes, name: str, options: ReadOptions | None = None):
    """An OpenDocument text (see the module doc)."""
    options = options or ReadOptions()
    zf = open_zip(data, name, options, what="OpenDocument file")
    if "content.xml" not in zf.namelist():
        raise ReadError(name, "OpenDocument file without content.xml")
    content = read_member(zf, "content.xml", name, "OpenDocument part")
    root = _parse_xml(content, name)
    body = root.find(f"{_q('office', 'body')}/{_q('office', 'text')}")
    if body is None:
        raise ReadError(name, "OpenDocument file that is not a text document (no office:text body)")
    layout = Layout(options)
    notes: list[str] = []
    headers, footers = _odt_page_parts(zf, name)
    for header in headers:  # page headers open the text, footers close it (as in DOCX)
        layout.paragraph(header, kind="header")
    _odt_children(body, layout, notes)
    for note in notes:
        layout.paragraph(note, kind="note")
    for footer in footers:
        layout.paragraph(footer, kind="footer")
    source = layout.source(name, "odt")
    if not source.text.strip():
        raise ReadError(name, "OpenDocument file with no text")
    return source


def _odt_page_parts(zf: zipfile.ZipFile, name: str) -> tuple[list[str], list[str]]:
    """The distinct page headers and footers of the master pages in styles.xml (none when absent)."""
    if "styles.xml" not in zf.namelist():
        return [], []
    styles = read_member(zf, "styles.xml", name, "OpenDocument part")
    root = _parse_xml(styles, name)
    out: dict[str, dict[str, None]] = {"header": {}, "footer": {}}
    for page in root.iter(_q("style", "master-page")):
        for part in page:
            kind = "header" if part.tag in (_q("style", "header"), _q("style", "header-left")) else \
                "footer" if part.tag in (_q("style", "footer"), _q("style", "footer-left")) else ""
            if kind:
                notes: list[str] = []
                text = "\n".join(t for t in (_inline(p, notes) for p in part.iter(_P, _H)) if t.strip())
                if text.strip():
                    out[kind][text.strip()] = None
    return list(out["header"]), list(out["footer"])


def _parse_xml(content: bytes, name: str):
    from lxml import etree  # noqa: PLC0415

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        return etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(name, f"content.xml is not well-formed XML ({exc})") from exc


def _odt_children(element, layout: Layout, notes: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in (_P, _H):
            layout.paragraph(_inline(child, notes))
        elif tag == _TABLE:
            _odt_table(child, layout, notes)
        elif tag in _CONTAINERS:
            _odt_children(child, layout, notes)


def _inline(element, notes: list[str]) -> str:
    """The text of a paragraph: spans, links, ``text:s`` spaces, tabs and line breaks; a footnote
    inside it goes to ``notes`` (its body is read after the text, never mid-sentence)."""
    out: list[str] = [element.text or ""] if isinstance(element.tag, str) else []
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):  # processing instruction
            out.append(child.tail or "")
            continue
        if tag == _q("text", "s"):
            out.append(" " * int(child.get(_q("text", "c"), "1") or 1))
        elif tag == _q("text", "tab"):
            out.append("\t")
        elif tag == _q("text", "line-break"):
            out.append("\n")
        elif tag == _NOTE:
            body = child.find(_NOTE_BODY)
            if body is not None:
                notes.append("\n".join(t for t in (_inline(p, notes) for p in body.iter(_P, _H)) if t.strip()))
        elif tag in _SKIPPED:
            pass
        elif tag in (_q("draw", "frame"), _q("draw", "text-box")):
            inner = [_inline(p, notes) for p in child.iter(_P, _H)]
            out.append(" ".join(t for t in inner if t.strip()))
        else:
            out.append(_inline(child, notes))
        out.append(child.tail or "")
    return "".join(out)


def _odt_table(table, layout: Layout, notes: list[str]) -> None:
    """An ODF table as a grid. ODF writes one element per grid position: a cell that spans holds
    ``number-columns-spanned``/``number-rows-spanned`` and every position it covers is a
    ``covered-table-cell``, so a cell's column is its place in the row's elements."""
    cells: list[GridCell] = []
    r = 0
    for row in table.iter(_ROW):
        if _owner_table(row) is not table:
            continue  # a row of a nested table: read inside its cell
        repeat_rows = min(int(row.get(_q("table", "number-rows-repeated"), "1") or 1), 1000)
        for _ in range(repeat_rows if _has_text(row) else 1):
            k = 0
            for cell in row:
                if cell.tag not in (_CELL, _COVERED):
                    continue
                repeat = min(int(cell.get(_q("table", "number-columns-repeated"), "1") or 1), 1000)
                text = "\n".join(_cell_paragraphs(cell, notes)) if cell.tag == _CELL else ""
                if text.strip():
                    colspan = int(cell.get(_q("table", "number-columns-spanned"), "1") or 1)
                    rowspan = int(cell.get(_q("table", "number-rows-spanned"), "1") or 1)
                    for _ in range(repeat):
                        cells.append(GridCell(r, k, text, rowspan, colspan, header=_in_header(row)))
                        k += 1
                else:
                    k += repeat  # covered or empty positions (a trailing run of empties may be huge)
            r += 1
    if cells:
        layout.table(Grid(tuple(cells), origin="odt"))


def _owner_table(row):
    parent = row.getparent()
    while parent is not None and parent.tag != _TABLE:
        parent = parent.getparent()
    return parent


def _in_header(row) -> bool:
    parent = row.getparent()
    return parent is not None and parent.tag == _q("table", "table-header-rows")


def _has_text(row) -> bool:
    return any((t or "").strip() for t in row.itertext())


def _cell_paragraphs(cell, notes: list[str]) -> list[str]:
    out = []
    for child in cell:
        if child.tag in (_P, _H):
            out.append(_inline(child, notes))
        elif child.tag == _TABLE:  # a nested table: its cells' text, row by row
            out.extend(" ".join(_inline(p, notes) for p in c.iter(_P, _H)) for c in child.iter(_CELL))
        elif child.tag in _CONTAINERS:
            out.extend(_inline(p, notes) for p in child.iter(_P, _H))
    return [t for t in out if t.strip()]


# --- .rtf -----------------------------------------------------------------------------------

def read_rtf(data: bytes, name: str, options: ReadOptions | None = None):
    """An RTF document (see :mod:`.rtf`)."""
    from . import rtf  # noqa: PLC0415

    options = options or ReadOptions()
    if len(data) > options.max_bytes:
        raise ReadError(name, f"RTF of {len(data)} bytes (the limit is {options.max_bytes})")
    try:
        doc = rtf.parse(data)
    except rtf.RtfError as exc:
        raise ReadError(name, f"not a readable RTF document ({exc})") from exc
    layout = Layout(options)
    for header in doc.headers:  # page headers open the text, footers close it (as in DOCX)
        layout.paragraph(unicodedata.normalize("NFC", header), kind="header")
    for item in doc.items:
        if isinstance(item, str):
            layout.paragraph(unicodedata.normalize("NFC", item))
        else:
            layout.table(Grid(tuple(GridCell(c.row, c.col, unicodedata.normalize("NFC", c.text), c.rowspan,
                                             c.colspan) for c in item), origin="rtf"))
    for note in doc.notes:
        layout.paragraph(unicodedata.normalize("NFC", note), kind="note")
    for footer in doc.footers:
        layout.paragraph(unicodedata.normalize("NFC", footer), kind="footer")
    source = layout.source(name, "rtf", encoding=doc.encoding, conversion=doc.conversion)
    if not source.text.strip():
        raise ReadError(name, "RTF document with no text")
    return source
