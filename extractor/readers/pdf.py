"""PDF files: the text layer with pdfplumber, ruled tables as grids, pages without text by OCR.

- Pages are read one at a time (each page's objects are released before the next), up to
  ``options.max_pages``.
- Ruled tables come from ``page.find_tables()``. pdfplumber reports a merged cell once and None at
  the positions it covers; the grid is rebuilt from the cells' boxes: the distinct left/right
  edges are the column lines, the distinct top/bottom edges the row lines, and a box covering
  several of them spans them. A wrapped cell's lines are joined by spaces. A "table" of a single
  box (a frame around a page or a note) is not a table: its text stays prose.
- The text outside the tables is prose in reading order: the page is cut into bands above,
  between and below the tables, and each character goes to the table or the band its centre is in.
  A page with no table is its plain text. A line that reaches the right margin wrapped and is
  joined to the next by a space, so "tháng" at a line's end and "10 năm 2024" on the next stay
  one date, unless the next line starts anew (a bullet, a list number, or a capital after a full
  stop or colon); otherwise a line break ends the line, as pdfplumber gives it.
- A cell whose text starts further right than the others of its column is indented (a child row).
- Text set in legacy Vietnamese fonts (.VnTime, VNI-Times) shows as mojibake in the text layer:
  it is converted (:func:`.layout.mojibake`, the fonts' names as the hint when every non-ASCII
  character is set in one legacy encoding's fonts), and ``Source.conversion`` says so.
- A page whose text layer is empty is OCR'd (:func:`extractor.readers.ocr.ocr_pdf_pages`) unless
  ``options.ocr`` is off (then a note says so); its words' confidences go into
  ``Source.confidences`` in document offsets.
"""
from __future__ import annotations

import io
import re
import unicodedata
from bisect import bisect_left

from ..model import Source
from .layout import Grid, GridCell, Layout, legacy_font, mojibake
from .limits import ReadOptions

_EDGE_TOLERANCE = 1.5  # points: edges closer than this are one ruling line


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _rulings(values: list[float]) -> list[float]:
    """Distinct ruling positions (values within the tolerance merged)."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _EDGE_TOLERANCE:
            out.append(v)
    return out


def _index(lines: list[float], v: float) -> int:
    i = bisect_left(lines, v - _EDGE_TOLERANCE)
    return min(i, len(lines) - 1)


_INDENT_STEP = 8.0  # points of extra left offset per indent level inside a cell
_WRAP_MARGIN = 0.12  # a line ending within this share of the text width from the right margin wrapped


def _offsets(boxes, chars) -> dict[tuple, float]:
    """Box → how far right of its left edge its first character starts."""
    chars = sorted(chars, key=lambda ch: (ch["top"] + ch["bottom"]) / 2)
    mids = [(ch["top"] + ch["bottom"]) / 2 for ch in chars]
    out = {}
    for box in boxes:
        x0, top, x1, bottom = box
        lo, hi = bisect_left(mids, top), bisect_left(mids, bottom)
        xs = [ch["x0"] for ch in chars[lo:hi] if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1 and ch["text"].strip()]
        if xs:
            out[box] = min(xs) - x0
    return out


def _indents(cells: list[GridCell], boxes: list[tuple], offsets: dict[tuple, float]) -> list[GridCell]:
    """Indent levels from the text's offset in its cell, relative to the least offset in its column."""
    base: dict[int, float] = {}
    for cell, box in zip(cells, boxes):
        if box in offsets and cell.colspan == 1:
            base[cell.col] = min(base.get(cell.col, offsets[box]), offsets[box])
    out = []
    for cell, box in zip(cells, boxes):
        extra = offsets.get(box, 0.0) - base.get(cell.col, offsets.get(box, 0.0))
        level = min(10, int(round(extra / _INDENT_STEP))) if extra > _INDENT_STEP / 2 and cell.colspan == 1 else 0
        out.append(GridCell(cell.row, cell.col, cell.text, cell.rowspan, cell.colspan, indent=level) if level else cell)
    return out


def table_grid(table, chars=()) -> Grid | None:
    """The grid of a pdfplumber table (see the module doc); None for a single box. ``chars`` (the
    page's characters) give the cells' indents."""
    boxes: dict[tuple, str] = {}
    for row, texts in zip(table.rows, table.extract()):
        for box, text in zip(row.cells, texts):
            if box is not None and box not in boxes:
                boxes[box] = text or ""
    if len(boxes) < 2:
        return None
    xs = _rulings([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _rulings([b[1] for b in boxes] + [b[3] for b in boxes])
    cells, order = [], []
    for box, text in boxes.items():
        x0, top, x1, bottom = box
        c, r = _index(xs, x0), _index(ys, top)
        colspan = max(1, _index(xs, x1) - c)
        rowspan = max(1, _index(ys, bottom) - r)
        cells.append(GridCell(r, c, text, rowspan, colspan))
        order.append(box)
    if chars:
        cells = _indents(cells, order, _offsets(order, chars))
    return Grid(tuple(sorted(cells, key=lambda g: (g.row, g.col))), origin="pdf-ruled")


_NEW_LINE = re.compile(r"[A-ZĐÀ-Ỹ\-+•*–]|\d+[.)]\s|[IVX]+[.)]\s|[a-zđ][.)]\s")


_ENDS = (".", ":", ";", "!", "?", "…", '"', "”")


def _starts_anew(text: str) -> bool:
    """A line opening with a capital, a bullet or a list number begins something of its own."""
    return bool(_NEW_LINE.match(unicodedata.normalize("NFC", text))) and not text[:1].islower()


def _paragraphs(lines: list[dict], left: float, right: float) -> str:
    """Text lines as paragraphs: a line that reaches the right margin wrapped, and joins the next
    with a space unless that one starts anew (a bullet, a list number, a capital after a full stop
    or a colon); otherwise a line ends its paragraph (a line break)."""
    out: list[str] = []
    width = max(1.0, right - left)
    for k, line in enumerate(lines):
        text = line["text"].strip()
        if not text:
            continue
        out.append(text)
        if k + 1 < len(lines):
            nxt = lines[k + 1]["text"].strip()
            # a capital after a line without a full stop goes on the sentence ("245\nUSD/tấn",
            # "tỉnh\nBình Định"); a bullet or a list number starts anew; so does a line in another
            # font or size (a title above a unit line)
            wrapped = line["x1"] >= right - _WRAP_MARGIN * width and _same_font(line, lines[k + 1]) and \
                (not _starts_anew(nxt) or (not text.endswith(_ENDS) and nxt[:1].isupper()))
            out.append(" " if wrapped else "\n")
    return _nfc("".join(out).strip())


def _font(ch: dict) -> tuple[str, float]:
    return ch.get("fontname", ""), round(float(ch.get("size", 0.0)), 1)


def _same_font(line: dict, nxt: dict) -> bool:
    """The last character of a line and the first of the next are set alike."""
    a = [ch for ch in line.get("chars", ()) if ch["text"].strip()]
    b = [ch for ch in nxt.get("chars", ()) if ch["text"].strip()]
    return not a or not b or _font(a[-1]) == _font(b[0])


def _lines(page) -> list[dict]:
    return [ln for ln in page.extract_text_lines(strip=True, return_chars=True) if ln["text"].strip()]


def _margins(lines: list[dict], page) -> tuple[float, float]:
    """The text's left edge and its right margin: the widest line, or as far from the page's right
    edge as the text is from its left one (a page of short lines has wrapped none)."""
    left = min((ln["x0"] for ln in lines), default=page.bbox[0])
    right = max((ln["x1"] for ln in lines), default=page.bbox[2])
    return left, max(right, page.bbox[2] - (left - page.bbox[0]) - 1)


def _centre_in(obj, box) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def page_items(page) -> list[tuple[str, object]]:
    """``("paragraph", text)`` and ``("table", Grid)`` items of one page in reading order."""
    found = []
    ruled = page.lines or page.rects or page.curves  # no ruling, no ruled table: skip the search
    for t in page.find_tables() if ruled else ():
        grid = table_grid(t, page.chars)
        if grid is not None:
            found.append((t.bbox, grid))
    if not found:
        lines = _lines(page)
        if not lines:
            return []
        text = _paragraphs(lines, *_margins(lines, page))
        return [("paragraph", text)] if text else []
    found.sort(key=lambda f: (f[0][1], f[0][0]))
    boxes = [f[0] for f in found]

    def outside(obj) -> bool:
        return obj.get("object_type") != "char" or not any(_centre_in(obj, b) for b in boxes)

    prose = page.filter(outside)
    left, right = _margins(_lines(prose), page)
    items: list[tuple[str, object]] = []
    top = page.bbox[1]
    cuts = [(b[1], b[3]) for b in boxes] + [(page.bbox[3] + 1, page.bbox[3] + 1)]
    for k, (t_top, t_bottom) in enumerate(cuts):
        lo, hi = top, t_top

        def in_band(obj, lo=lo, hi=hi) -> bool:
            return obj.get("object_type") != "char" or lo <= (obj["top"] + obj["bottom"]) / 2 < hi

        text = _paragraphs(_lines(prose.filter(in_band)), left, right) if hi > lo else ""
        if text:
            items.append(("paragraph", text))
        if k < len(found):
            items.append(("table", found[k][1]))
        top = max(top, t_bottom)
    return items


def read(data: bytes, name: str, options: ReadOptions) -> Source:
    """A PDF's text layer as prose and ruled tables; pages without one OCR'd (see the module doc)."""
    import logging  # noqa: PLC0415

    import pdfplumber  # noqa: PLC0415

    # pdfminer logs a warning for every broken object of a damaged file; the reason that matters
    # is the ReadError (or nothing, when the page still reads)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001  (pdfminer raises many types for a broken file)
        raise ValueError(f"not a readable PDF ({exc.__class__.__name__})") from None
    pages: list[list] = []
    empty: list[int] = []
    fonts: dict[str, int] = {}
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as exc:  # noqa: BLE001
            raise ValueError(f"not a readable PDF ({exc.__class__.__name__})") from None
        if count > options.max_pages:
            raise ValueError(f"PDF of {count} pages (the limit is {options.max_pages})")
        for i in range(count):
            page = pdf.pages[i]
            try:
                chars = page.chars
                for ch in chars:
                    if not ch["text"].isascii():
                        fonts[ch.get("fontname", "")] = fonts.get(ch.get("fontname", ""), 0) + 1
                items = page_items(page) if chars else []
            finally:
                page.close()
            pages.append(items)
            if not items:
                empty.append(i)
    ocr_pages, notes = _ocr(data, empty, name, options)
    lay = Layout(options)
    for i, items in enumerate(pages):
        if i in ocr_pages:
            lay.paragraph(ocr_pages[i].text, verbatim=True, words=ocr_pages[i].words)
            continue
        for kind, item in items:
            if kind == "table":
                lay.table(item)
            else:
                lay.paragraph(item)
    hint = legacy_font(fonts)
    lay, conversion = lay.converted(lambda texts: mojibake(texts, hint))
    source = lay.source(name, "pdf", notes=tuple(notes), conversion=conversion)
    if not source.text.strip():
        if not options.ocr and empty:
            raise ValueError("PDF with no text layer (OCR turned off: --no-ocr)")
        raise ValueError("PDF with no text layer (scanned pages need OCR first)")
    return source


def _ocr(data: bytes, empty: list[int], name: str, options: ReadOptions):
    """OCR'd pages by index, and notes on the pages that were not OCR'd."""
    if not empty:
        return {}, []
    if not options.ocr:
        return {}, [f"page {i + 1} not OCR'd (--no-ocr)" for i in empty]
    try:
        from .ocr import ocr_pdf_pages  # noqa: PLC0415
    except ImportError:
        return {}, [f"page {i + 1} has no text layer (OCR is not available)" for i in empty]
    done = ocr_pdf_pages(data, empty, options, name)
    return dict(zip(empty, done)), [f"page {i + 1}: OCR" for i in empty]
