"""Spreadsheets (.xlsx, .xls, .ods through python-calamine) and .csv files: each sheet a table.

- A sheet's merged ranges become merged cells (written once; an .ods sheet's spans are read from
  its content.xml, which calamine does not report); the sheet name is the table's
  caption (not a default name such as "Sheet1"); empty rows and columns are trimmed (a merged cell keeps the span of what is left).
- Title rows above the grid (one filled cell, in the sheet's first used column) are paragraphs
  before the table; notes below it (after an empty row, one filled cell in the first column each)
  are paragraphs after it.
- Numbers are written back as a Vietnamese sheet shows them: with the cell's number format where
  the workbook gives one (.xlsx: ``#,##0.0`` shows 3780.25 as ``3.780,3``, ``0.0%`` shows 0.123 as
  ``12,3%``), else without grouping: an integral float 125430.0 as ``125430``, 107.5 as ``107,5``
  (at most 15 significant digits, so 0.30000000000000004 is ``0,3``); dates as ``29/12/2023``.
- .xlsx cell styles also give the indent and bold hints (section rows, child rows).
- A ``.csv`` file is decoded like a text file and split with the csv module, its delimiter sniffed
  (comma, semicolon, tab or bar).

A sheet too large for the limits is skipped with a note; a zip-based workbook's central
directory is checked against the limits before anything is inflated.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .. import resources
from ..model import Source
from .layout import Grid, GridCell, Layout
from .limits import ReadOptions, check_zip
from .detect import detect
from .text import decode


def number_text(value: float | int) -> str:
    """A number as a Vietnamese sheet shows it, without grouping.

    >>> number_text(125430.0), number_text(107.5), number_text(0.1 + 0.2), number_text(-3e-7)
    ('125430', '107,5', '0,3', '-0,0000003')
    """
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = format(Decimal(f"{value:.15g}"), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass(frozen=True, slots=True)
class Style:
    """What an .xlsx cell style says about a cell: its number format, indent level, bold font."""

    grouped: bool = False
    decimals: int | None = None  # None: the General format (no fixed decimals)
    optional: int = 0  # decimals shown only when not zero ("0.0#")
    percent: bool = False
    indent: int = 0
    bold: bool = False


_BUILTIN_FORMATS = {1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 37: "#,##0", 38: "#,##0",
                    39: "#,##0.00", 40: "#,##0.00"}
_LITERALS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


def number_format(code: str) -> tuple[bool, int, int, bool] | None:
    """(grouped, decimals, optional decimals, percent) of an Excel number format, or None when it
    is General, a date, scientific or text.

    >>> number_format("#,##0.0"), number_format("0.00%"), number_format("General"), number_format("dd/mm/yyyy")
    ((True, 1, 0, False), (False, 2, 0, True), None, None)
    """
    code = _LITERALS.sub("", code.split(";")[0]).strip()
    low = code.lower()
    if not low or low == "general" or "e+" in low or "e-" in low or "@" in low or re.search(r"[dmyhs]", low):
        return None
    if not re.search(r"[0#?]", code):
        return None
    whole, _, frac = code.partition(".")
    return "," in whole, frac.count("0"), frac.count("#") + frac.count("?"), "%" in code


def styled_number(value: float, style: Style) -> str:
    """A number as its cell format shows it, Vietnamese separators (``.`` groups, ``,`` decimals).

    >>> styled_number(3780.25, Style(grouped=True, decimals=1)), styled_number(0.123, Style(decimals=1, percent=True))
    ('3.780,3', '12,3%')
    """
    if style.decimals is None or value != value or value in (float("inf"), float("-inf")):
        return number_text(value)
    number = Decimal(repr(float(value))) * (100 if style.percent else 1)
    places = style.decimals + style.optional
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(abs(number), "f")
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0").ljust(style.decimals, "0") if style.optional else frac
    if style.grouped:
        whole = f"{int(whole):,}".replace(",", ".")
    sign = "-" if number < 0 and (int(whole.replace(".", "")) or frac.strip("0")) else ""
    return sign + whole + ("," + frac if frac else "") + ("%" if style.percent else "")


def value_text(value, style: Style | None = None) -> str:
    """A cell value as text (see the module doc)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and style is not None:
        return styled_number(value, style)
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time() else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")


def _xml(zf: zipfile.ZipFile, member: str):
    from lxml import etree  # noqa: PLC0415

    with zf.open(member) as fh:
        return etree.parse(fh, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)).getroot()


def _styles(zf: zipfile.ZipFile) -> list[Style]:
    """The workbook's cell styles (cellXfs), in index order."""
    if "xl/styles.xml" not in zf.namelist():
        return []
    root = _xml(zf, "xl/styles.xml")
    formats = dict(_BUILTIN_FORMATS)
    for f in root.iter(f"{_MAIN}numFmt"):
        try:
            formats[int(f.get("numFmtId", "-1"))] = f.get("formatCode", "")
        except ValueError:
            continue
    bold = []
    fonts = root.find(f"{_MAIN}fonts")
    for font in fonts if fonts is not None else ():
        b = font.find(f"{_MAIN}b")
        bold.append(b is not None and b.get("val", "1") not in ("0", "false"))
    out = []
    xfs = root.find(f"{_MAIN}cellXfs")
    for xf in xfs if xfs is not None else ():
        try:
            fmt = number_format(formats.get(int(xf.get("numFmtId", "0")), ""))
            font = int(xf.get("fontId", "0"))
            align = xf.find(f"{_MAIN}alignment")
            indent = int(align.get("indent", "0")) if align is not None else 0
        except ValueError:
            out.append(Style())
            continue
        grouped, decimals, optional, percent = fmt if fmt else (False, None, 0, False)
        out.append(Style(grouped, decimals, optional, percent, min(indent, 10), font < len(bold) and bold[font]))
    return out


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its worksheet part in the zip."""
    names = set(zf.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in _xml(zf, "xl/_rels/workbook.xml.rels").iter(f"{_PKG_REL}Relationship")}
    out = {}
    for sheet in _xml(zf, "xl/workbook.xml").iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if part in names:
            out[unicodedata.normalize("NFC", sheet.get("name", ""))] = part
    return out


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _cell_styles(zf: zipfile.ZipFile, part: str, styles: list[Style]) \
        -> tuple[dict[tuple[int, int], Style], tuple[int, int]]:
    """(row, column) → style of every styled cell of one worksheet (streamed: memory per styled
    cell), and the extent (rows, columns) of the cells holding something, which is the size of the
    dense grid calamine will allocate for the sheet."""
    from lxml import etree  # noqa: PLC0415

    out: dict[tuple[int, int], Style] = {}
    row, col = -1, -1
    rows = cols = 0
    with zf.open(part) as fh:
        for event, el in etree.iterparse(fh, events=("start", "end"), tag=(f"{_MAIN}row", f"{_MAIN}c"),
                                         resolve_entities=False, no_network=True, huge_tree=True):
            if el.tag == f"{_MAIN}row":
                if event == "start":
                    r = el.get("r")
                    row, col = (int(r) - 1 if r and r.isdigit() else row + 1), -1
                else:
                    el.clear()
                continue
            if event != "end":
                continue
            m = _CELL_REF.fullmatch(el.get("r", ""))
            row, col = (int(m.group(2)) - 1, _column(m.group(1))) if m else (row, col + 1)
            if len(el):  # a value, an inline string or a formula
                rows, cols = max(rows, row + 1), max(cols, col + 1)
            s = el.get("s")
            if styles and s and s.isdigit() and 0 < int(s) < len(styles) and styles[int(s)] != Style():
                out[row, col] = styles[int(s)]
            el.clear()
    return out, (rows, cols)


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _ods_merges(zf: zipfile.ZipFile):
    """The merged ranges of each sheet of an .ods (calamine reports none), in sheet order, from
    content.xml's number-rows-spanned / number-columns-spanned (repeated rows and cells counted),
    and each sheet's extent (rows, columns) of cells holding something."""
    from lxml import etree  # noqa: PLC0415

    out: list[list] = []
    extents: list[list[int]] = []
    row, col = -1, 0
    depth = 0  # inside a sheet's own rows, not a nested table's
    with zf.open("content.xml") as fh:
        for event, el in etree.iterparse(fh, events=("start", "end"), resolve_entities=False, no_network=True,
                                         huge_tree=True):
            tag = el.tag
            if tag == f"{_TABLE}table":
                depth += 1 if event == "start" else -1
                if event == "start" and depth == 1:
                    out.append([])
                    extents.append([0, 0])
                    row = -1
                continue
            if depth != 1:
                continue
            if tag == f"{_TABLE}table-row":
                if event == "start":
                    row, col = row + 1, 0
                else:
                    row += max(1, int(el.get(f"{_TABLE}number-rows-repeated", "1") or 1)) - 1
                    el.clear()
            elif tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell") and event == "end":
                rs = int(el.get(f"{_TABLE}number-rows-spanned", "1") or 1)
                cs = int(el.get(f"{_TABLE}number-columns-spanned", "1") or 1)
                if rs > 1 or cs > 1:
                    out[-1].append(((row, col), (row + rs - 1, col + cs - 1)))
                repeat = max(1, int(el.get(f"{_TABLE}number-columns-repeated", "1") or 1))
                if len(el) or el.get(f"{_OFFICE}value-type"):
                    extents[-1] = [max(extents[-1][0], row + 1), max(extents[-1][1], col + repeat)]
                col += repeat
    return out, [tuple(e) for e in extents]


def _lay_sheet(rows: list[list[str]], merges, caption: str, origin: str, lay: Layout,
               hints: dict[tuple[int, int], Style] | None = None) -> None:
    """Title rows, the grid and the notes of one sheet (``rows`` of text, ``merges`` as inclusive
    ((r0, c0), (r1, c1)) ranges, ``hints`` the cells' styles)."""
    hints = hints or {}
    n_cols = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (n_cols - len(r)) for r in rows]
    keep_r = [i for i, r in enumerate(rows) if any(t.strip() for t in r)]
    keep_c = [k for k in range(n_cols) if any(rows[i][k].strip() for i in keep_r)]
    if not keep_r or not keep_c:
        lay.note(f"sheet {caption!r} is empty" if caption else "empty table")
        return
    new_r = {old: new for new, old in enumerate(keep_r)}
    new_c = {old: new for new, old in enumerate(keep_c)}
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for (r0, c0), (r1, c1) in merges:
        if r0 in new_r and c0 in new_c:
            rs = sum(1 for i in keep_r if r0 <= i <= r1)
            cs = sum(1 for k in keep_c if c0 <= k <= c1)
            spans[new_r[r0], new_c[c0]] = (max(1, rs), max(1, cs))
    grid = [[rows[i][k].strip() for k in keep_c] for i in keep_r]
    filled = [[k for k, t in enumerate(row) if t] for row in grid]
    # title rows: leading rows holding one filled cell, in the first column
    top = 0
    while len(keep_c) > 1 and top < len(grid) - 1 and filled[top] == [0] and spans.get((top, 0), (1, 1))[0] == 1:
        top += 1
    # notes: trailing rows after an empty row, each one filled cell in the first column
    bottom = len(grid)
    gaps = [i + 1 for i in range(len(keep_r) - 1) if keep_r[i + 1] - keep_r[i] > 1]
    if gaps and gaps[-1] - top >= 2 and all(filled[i] == [0] for i in range(gaps[-1], len(grid))):
        bottom = gaps[-1]
    for i in range(top):
        lay.paragraph(grid[i][0])
    cells = []
    for i in range(top, bottom):
        for k, text in enumerate(grid[i]):
            rs, cs = spans.get((i, k), (1, 1))
            rs = min(rs, bottom - i)
            style = hints.get((keep_r[i], keep_c[k]))
            cells.append(GridCell(i - top, k, text, rs, cs, indent=style.indent if style else 0,
                                  bold=bool(style and style.bold)))
    covered = {(c.row + a, c.col + b) for c in cells for a in range(c.rowspan) for b in range(c.colspan)
               if (a, b) != (0, 0)}
    cells = [c for c in cells if (c.row, c.col) not in covered]
    lay.table(Grid(tuple(cells), caption, origin))
    for i in range(bottom, len(grid)):
        lay.paragraph(grid[i][0])


_NUMBERED = re.compile(r"\s*\d+\s*$")


def sheet_caption(name: str) -> str:
    """The caption a sheet's name gives its table: "" for a default name ("Sheet1", "Trang tính2")."""
    name = unicodedata.normalize("NFC", name).strip()
    base = _NUMBERED.sub("", name).strip().lower()
    return "" if base != name.lower() and base in resources.readers()["default_sheet_names"] else name


def read(data: bytes, name: str, options: ReadOptions) -> Source:
    """Every sheet of a workbook as a table (see the module doc)."""
    from python_calamine import CalamineWorkbook  # noqa: PLC0415

    zf = check_zip(data, options) if data.startswith(b"PK") else None
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001  (calamine raises its own types for a broken file)
        raise ValueError(f"not a readable workbook ({exc.__class__.__name__}: {' '.join(str(exc).split())[:200]})") \
            from None
    lay = Layout(options)
    fmt = detect(data, name)
    styles, parts, ods_merges, ods_extents = [], {}, [], []
    if zf is not None and fmt == "ods" and "content.xml" in zf.namelist():
        try:
            ods_merges, ods_extents = _ods_merges(zf)
        except Exception:  # noqa: BLE001  (spans are structure on top of the values calamine read)
            lay.note("merged cells not read")
    if zf is not None and fmt == "xlsx":
        try:
            parts = _sheet_parts(zf)
            styles = _styles(zf)
        except Exception:  # noqa: BLE001  (styles are hints: a broken styles part leaves the values as they are)
            lay.note("cell styles not read (number formats, indents)")
    for number, sheet_name in enumerate(wb.sheet_names):
        caption = sheet_caption(sheet_name)
        hints, extent = {}, None
        part = parts.get(unicodedata.normalize("NFC", sheet_name))
        if part:
            try:
                hints, extent = _cell_styles(zf, part, styles)
            except Exception:  # noqa: BLE001
                lay.note(f"sheet {sheet_name!r}: cell styles not read")
        elif number < len(ods_extents):
            extent = ods_extents[number]
        # calamine allocates the sheet's whole grid: its size is checked first, from the sheet's XML
        if extent is not None and extent[0] * extent[1] > options.max_table_cells * 4:
            lay.note(f"sheet {sheet_name!r} skipped: {extent[0]} × {extent[1]} cells, over the limit")
            continue
        sheet = wb.get_sheet_by_name(sheet_name)
        end = sheet.end
        if end is None:
            lay.note(f"sheet {sheet_name!r} is empty")
            continue
        size = (end[0] + 1) * (end[1] + 1)
        if size > options.max_table_cells * 4:
            lay.note(f"sheet {sheet_name!r} skipped: {end[0] + 1} × {end[1] + 1} cells, over the limit")
            continue
        rows = [[value_text(v, hints.get((r, c))) for c, v in enumerate(row)]
                for r, row in enumerate(sheet.to_python(skip_empty_area=False))]
        merges = sheet.merged_cell_ranges or (ods_merges[number] if number < len(ods_merges) else [])
        _lay_sheet(rows, merges, caption, "sheet", lay, hints)
    source = lay.source(name, fmt)
    if not source.text.strip():
        raise ValueError("workbook with no filled cell" + (f" ({'; '.join(source.notes)})" if source.notes else ""))
    return source


def read_csv(data: bytes, name: str, options: ReadOptions) -> Source:
    """A .csv file as one table (see the module doc)."""
    text, encoding, conversion = decode(data)
    if not text.strip():
        raise ValueError("empty file")
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if name.lower().endswith(".tsv") else ","
    try:
        rows = [[unicodedata.normalize("NFC", t) for t in row]
                for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ValueError(f"not a readable CSV file ({exc})") from None
    lay = Layout(options)
    _lay_sheet(rows, (), "", "csv", lay)
    return lay.source(name, "csv", encoding=encoding, conversion=conversion)
