"""DOCX files (python-docx): the body's paragraphs and tables in order, text boxes, headers,
footers, footnotes and endnotes.

- Body order comes from ``iter_inner_content()``; a paragraph's text boxes (``w:txbxContent``)
  follow it as paragraphs of their own (the VML fallback copy Word writes beside them is skipped).
- A table's grid is read from its ``w:tc`` elements, not from python-docx's ``row.cells`` (which
  repeats a merged cell at every position): ``w:gridSpan`` is a colspan, a ``w:vMerge``
  continuation extends the cell above (rowspan), ``w:gridBefore`` skips leading positions. A row
  marked ``w:tblHeader`` gives header cells; bold runs and paragraph indents are kept as hints. A
  table inside a cell is laid out after its table. A small table without a number cell (the
  letterhead of an official document: agency, motto, number, place and date) is read as
  paragraphs, so its date is read as prose.
- Page headers open the text (kind ``header``), page footers close it (kind ``footer``), each
  distinct one once; footnotes and endnotes come last as ``note`` blocks.

Text set in legacy Vietnamese fonts (.VnTime, VNI-Times: every run's font one legacy encoding's) or
recognisably mojibake is converted before the layout (:func:`.layout.mojibake`); the Source's
``conversion`` says so.

The zip's central directory is checked against the limits before anything is inflated.
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile

from ..model import Source
from .layout import Grid, GridCell, Layout, legacy_font, mojibake
from .limits import ReadOptions, check_zip

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_NS = {"w": _W, "mc": _MC}
_NOTE_PARTS = ("/word/footnotes.xml", "/word/endnotes.xml")
_SKIP_NOTES = {"separator", "continuationSeparator", "continuationNotice"}
_INDENT_PT = 10.0  # points of left indent per level (a hint: only the order of levels matters)
_MAX_NESTED = 20
MAX_XML_BYTES = 64 * 1024 * 1024  # python-docx parses each part whole: a bigger one would take gigabytes


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _xml_text(el) -> str:
    """The text of the paragraphs under ``el`` (w:t, tabs and breaks as spaces), one line each."""
    lines = []
    for p in el.iter(f"{{{_W}}}p"):
        parts = []
        for node in p.iter(f"{{{_W}}}t", f"{{{_W}}}tab", f"{{{_W}}}br"):
            parts.append(node.text or "" if node.tag == f"{{{_W}}}t" else " ")
        line = "".join(parts).strip()
        if line:
            lines.append(line)
    return _nfc("\n".join(lines))


_T, _TAB, _BR, _CR, _NBH = (f"{{{_W}}}{t}" for t in ("t", "tab", "br", "cr", "noBreakHyphen"))
_SKIP = {f"{{{_W}}}del", f"{{{_W}}}txbxContent", f"{{{_MC}}}Fallback", f"{{{_W}}}moveFrom"}


def paragraph_text(p) -> str:
    """A w:p's text as Word shows it with changes accepted: runs, hyperlinks, fields' results and
    tracked insertions (python-docx's ``paragraph.text`` leaves insertions out); deletions, text
    boxes (read on their own) and compatibility fallbacks left out. Tabs and breaks as spaces."""
    parts: list[str] = []
    stack = [iter(p)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        tag = el.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == _T:
            parts.append(el.text or "")
        elif tag in (_TAB, _BR, _CR):
            parts.append(" " if tag == _TAB else "\n")
        elif tag == _NBH:
            parts.append("-")
        elif len(el):
            stack.append(iter(el))
    return "".join(parts)


def _text_boxes(paragraph) -> list[str]:
    """Texts of the text boxes anchored in a paragraph, each once (not the mc:Fallback copy)."""
    out = []
    for box in paragraph._p.iter(f"{{{_W}}}txbxContent"):
        if any(a.tag == f"{{{_MC}}}Fallback" for a in box.iterancestors()):
            continue
        if any(a.tag == f"{{{_W}}}txbxContent" for a in box.iterancestors()):
            continue  # a box inside a box: its text is in the outer one
        text = _xml_text(box)
        if text and text not in out:
            out.append(text)
    return out


def _bold(paragraphs) -> bool:
    runs = [r for p in paragraphs for r in p.runs if r.text.strip()]
    if not runs:
        return False
    for r in runs:
        bold = r.bold
        if bold is None:
            style = r.style.font.bold if r.style is not None else None
            pstyle = r._parent.style.font.bold if getattr(r._parent, "style", None) is not None else None
            bold = style if style is not None else pstyle
        if not bold:
            return False
    return True


def _indent(paragraphs) -> int:
    for p in paragraphs:
        if p.text.strip():
            left = p.paragraph_format.left_indent
            return min(10, int(round(left.pt / _INDENT_PT))) if left is not None and left > 0 else 0
    return 0


def _grid(table, nested: list) -> Grid:
    """The grid of one table (see the module doc); tables inside cells are added to ``nested``."""
    from docx.table import _Cell  # noqa: PLC0415

    cells: list[dict] = []
    open_at: dict[int, dict] = {}  # grid column → the cell a vertical merge there continues
    for r, tr in enumerate(table._tbl.tr_lst):
        header = tr.find(f"w:trPr/w:tblHeader", _NS) is not None
        col = tr.grid_before
        for tc in tr.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc"):
            span = max(1, tc.grid_span)
            merge = tc.vMerge
            above = open_at.get(col)
            if merge == "continue" and above is not None and above["colspan"] == span and \
                    above["row"] + above["rowspan"] == r:
                above["rowspan"] += 1
                col += span
                continue
            cell = _Cell(tc, table)
            paragraphs = cell.paragraphs
            text = " ".join(paragraph_text(p._p) for p in paragraphs)
            nested.extend(cell.tables)
            rec = {"row": r, "col": col, "text": text, "rowspan": 1, "colspan": span, "header": header,
                   "indent": _indent(paragraphs), "bold": _bold(paragraphs)}
            cells.append(rec)
            for k in range(col, col + span):
                open_at[k] = rec
            col += span
    return Grid(tuple(GridCell(**c) for c in cells), origin="docx")


_NUMBER = re.compile(r"[-+−]?\d[\d.,\s]*%?")
_FRAME_ROWS = 3


def is_frame(grid: Grid) -> bool:
    """A small table without a single number cell: the letterhead of an official document (agency
    | motto, number | place and date) laid out as a table. Its cells are prose, not data."""
    n_rows = max((c.row + c.rowspan for c in grid.cells), default=0)
    return n_rows <= _FRAME_ROWS and not any(_NUMBER.fullmatch(c.text.strip()) for c in grid.cells)


def _tables(table, lay: Layout) -> None:
    todo = [(table, 0)]
    while todo:
        t, depth = todo.pop(0)
        nested: list = []
        grid = _grid(t, nested)
        if is_frame(grid):
            for c in grid.cells:  # row by row, as they read
                lay.paragraph(_nfc(c.text))
        else:
            lay.table(grid)
        if depth < _MAX_NESTED:
            todo.extend((n, depth + 1) for n in nested)


def _container(container, lay: Layout, kind: str) -> None:
    """Paragraphs (and their text boxes) and tables of a body, header or footer, in order."""
    for item in container.iter_inner_content():
        if hasattr(item, "rows"):
            _tables(item, lay)
            continue
        lay.paragraph(_nfc(paragraph_text(item._p)), kind)
        for box in _text_boxes(item):
            lay.paragraph(box, kind)


def _page_parts(document, which: str) -> list:
    """The distinct headers (or footers) of the document's sections, in section order."""
    out, seen = [], set()
    for section in document.sections:
        for name in (f"first_page_{which}", which, f"even_page_{which}"):
            part = getattr(section, name)
            if part.is_linked_to_previous:
                continue
            text = _xml_text(part._element)
            if text and text not in seen:
                seen.add(text)
                out.append(part)
    return out


def _notes(document) -> list[str]:
    """Footnote and endnote texts, in part order."""
    out = []
    for part in document.part.package.iter_parts():
        if str(part.partname) not in _NOTE_PARTS:
            continue
        from lxml import etree  # noqa: PLC0415

        root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
        for note in root:
            if note.get(f"{{{_W}}}type") in _SKIP_NOTES:
                continue
            text = " ".join(_xml_text(note).split("\n"))
            if text:
                out.append(text)
    return out


def read(data: bytes, name: str, options: ReadOptions) -> Source:
    """A .docx document as blocks and tables (see the module doc)."""
    import docx  # noqa: PLC0415

    try:
        zf = check_zip(data, options)
        for info in zf.infolist():
            if info.filename.endswith(".xml") and info.file_size > MAX_XML_BYTES:
                raise ValueError(f"{info.filename} of {info.file_size} bytes is more than can be parsed "
                                 f"(the limit is {MAX_XML_BYTES})")
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ValueError("not a readable .docx file (not a zip)") from None
    except KeyError as exc:
        raise ValueError(f"not a readable .docx file (missing part {exc})") from None
    lay = Layout(options)
    for header in _page_parts(document, "header"):
        _container(header, lay, "header")
    _container(document, lay, "paragraph")
    for footer in _page_parts(document, "footer"):
        _container(footer, lay, "footer")
    for note in _notes(document):
        lay.paragraph(note, "note")
    hint = legacy_font(_fonts(document))
    lay, conversion = lay.converted(lambda texts: mojibake(texts, hint))
    return lay.source(name, "docx", conversion=conversion)


def _fonts(document) -> list[str]:
    """The fonts the document's runs name (w:rFonts), else those of its styles."""
    seen: dict[str, None] = {}
    for root in (document.element, document.styles.element):
        for rf in root.iter(f"{{{_W}}}rFonts"):
            for attr in ("ascii", "hAnsi", "cs"):
                font = rf.get(f"{{{_W}}}{attr}")
                if font:
                    seen.setdefault(font)
        if seen:
            break
    return list(seen)
