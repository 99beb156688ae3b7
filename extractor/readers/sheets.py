"""Spreadsheets (.xlsx, .xls, .ods through python-calamine) and .csv files: each sheet a table.

- A sheet's merged ranges become merged cells (written once); the sheet name is the table's
  caption; empty rows and columns are trimmed (a merged cell keeps the span of what is left).
- Title rows above the grid (one filled cell, in the sheet's first used column) are paragraphs
  before the table; notes below it (after an empty row, one filled cell in the first column each)
  are paragraphs after it.
- Numbers are written back as a Vietnamese sheet shows them, without grouping: an integral float
  125430.0 as ``125430``, 107.5 as ``107,5`` (at most 15 significant digits, so 0.30000000000000004
  is ``0,3``); dates as ``29/12/2023``.
- A ``.csv`` file is decoded like a text file and split with the csv module, its delimiter sniffed
  (comma, semicolon, tab or bar).

A sheet too large for the limits is skipped with a note; a zip-based workbook's central
directory is checked against the limits before anything is inflated.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from decimal import Decimal

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


def value_text(value) -> str:
    """A cell value as text (see the module doc)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time() else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


def _lay_sheet(rows: list[list[str]], merges, caption: str, origin: str, lay: Layout) -> None:
    """Title rows, the grid and the notes of one sheet (``rows`` of text, ``merges`` as inclusive
    ((r0, c0), (r1, c1)) ranges)."""
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
            cells.append(GridCell(i - top, k, text, rs, cs))
    covered = {(c.row + a, c.col + b) for c in cells for a in range(c.rowspan) for b in range(c.colspan)
               if (a, b) != (0, 0)}
    cells = [c for c in cells if (c.row, c.col) not in covered]
    lay.table(Grid(tuple(cells), caption, origin))
    for i in range(bottom, len(grid)):
        lay.paragraph(grid[i][0])


def read(data: bytes, name: str, options: ReadOptions) -> Source:
    """Every sheet of a workbook as a table (see the module doc)."""
    from python_calamine import CalamineWorkbook  # noqa: PLC0415

    if data.startswith(b"PK"):
        check_zip(data, options)
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001  (calamine raises its own types for a broken file)
        raise ValueError(f"not a readable workbook ({exc.__class__.__name__}: {' '.join(str(exc).split())[:200]})") \
            from None
    lay = Layout(options)
    fmt = detect(data, name)
    for sheet_name in wb.sheet_names:
        sheet = wb.get_sheet_by_name(sheet_name)
        end = sheet.end
        if end is None:
            lay.note(f"sheet {sheet_name!r} is empty")
            continue
        size = (end[0] + 1) * (end[1] + 1)
        if size > options.max_table_cells * 4:
            lay.note(f"sheet {sheet_name!r} skipped: {end[0] + 1} × {end[1] + 1} cells, over the limit")
            continue
        rows = [[value_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
        merges = sheet.merged_cell_ranges or []
        _lay_sheet(rows, merges, unicodedata.normalize("NFC", sheet_name), "sheet", lay)
    source = lay.source(name, fmt)
    if not source.text.strip():
        raise ValueError("workbook with no filled cell")
    return source


def read_csv(data: bytes, name: str, options: ReadOptions) -> Source:
    """A .csv file as one table (see the module doc)."""
    text, encoding = decode(data)
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
    return lay.source(name, "csv", encoding=encoding)
