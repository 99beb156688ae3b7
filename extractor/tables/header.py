"""The shape of a grid: how many rows are header rows, which columns hold row labels, numbering and
units, and each column's header path (its header cells top to bottom, a merged cell once).

The header ends before the first row with a number that is no time in a column past the first
(a row of years or of column numbers "(1) (2) (3)" is still header); section rows ("Người",
"Tỷ lệ tăng (%)") right before that row belong to the body. The format's own header marks
(``Cell.header``) extend the header, never shorten it.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..lexicon import lexicon
from ..tokens import tokenize
from .cells import is_nothing, read_cell
from .times import is_time_only
from .units import read_unit

_COLUMN_NUMBER = regex.compile(r"^\(?\s*(?:[A-Z]|\d{1,2})\s*\)?(?:\s*[=+\-*/x:.]\s*\(?\s*(?:[A-Z]|\d{1,2})\s*\)?)*$")
_ROW_NUMBER = regex.compile(r"^(?:[IVXL]{1,5}|\d{1,3}(?:\.\d{1,3})*|[A-Za-zđ])\s*[.)]?$")


@dataclass(frozen=True, slots=True)
class Layout:
    """Where things are in a grid."""

    header_rows: int
    label_cols: tuple[int, ...]
    numbering_cols: frozenset
    unit_col: int  # -1 when there is none
    english: bool = False
    table_index: int | None = None
    metric_col: int = -1  # the label column that names each row's measure (-1: the last label column)

    def is_value_col(self, c: int) -> bool:
        return c not in self.label_cols and c not in self.numbering_cols and c != self.unit_col


def text_of(cell) -> str:
    return " ".join(cell.text.split()) if cell is not None else ""


def is_value_text(text: str, english: bool = False) -> bool:
    """A number that is no time: what a body cell holds and a header cell does not."""
    return read_cell(text, english) is not None and not is_time_only(text)


def _rows_index(table) -> dict:
    out: dict = {}
    for c in table.cells:
        out.setdefault(c.row, []).append(c)
    return out


def is_column_numbers(cells) -> bool:
    """A row that numbers the columns: "A", "B", "1", "2", "3=1+2" or "(1)", "(2)", "(3)=(2)/(1)"; the
    first number of each cell counts up by one."""
    texts = [text_of(c) for c in sorted(cells, key=lambda c: c.col) if text_of(c)]
    if len(texts) < 2 or not all(_COLUMN_NUMBER.match(t) for t in texts):
        return False
    nums = [int(m.group()) for t in texts if (m := regex.search(r"\d+", t))]
    return all(b == a + 1 for a, b in zip(nums, nums[1:]))


def is_section(cells, n_cols: int, label_limit: int = 1) -> bool:
    """One non-empty cell, at the row's start, with nothing else in the row: a section row."""
    full = [c for c in cells if not is_nothing(c.text)]
    if len(full) != 1:
        return False
    c = full[0]
    return c.col <= label_limit and not is_value_text(c.text)


def _first_data_row(table, by_row: dict, english: bool, bare: bool) -> int:
    """The first row with a figure past the first column; with ``bare``, only a figure without a unit
    of its own counts (a header "0-4 tuổi", "Dưới 15 tuổi" names an age group, not a figure)."""
    for r in range(table.n_rows):
        cells = by_row.get(r, [])
        if is_column_numbers(cells):
            continue
        for c in cells:
            if c.col < 1 or not is_value_text(c.text, english):
                continue
            if not bare or read_cell(c.text, english).unit is None:
                return r
    return table.n_rows


def header_rows(table, by_row: dict, english: bool) -> int:
    """How many leading rows are header rows (see the module)."""
    first_data = _first_data_row(table, by_row, english, bare=True)
    if first_data == table.n_rows:  # no bare figure anywhere: figures written with their unit ("1.250 ha")
        first_data = _first_data_row(table, by_row, english, bare=False)
    h = first_data
    while h > 0 and is_section(by_row.get(h - 1, []), table.n_cols):
        h -= 1
    marked = 0
    for r in range(table.n_rows):
        cells = by_row.get(r, [])
        if cells and all(c.header for c in cells):
            marked = r + 1
        else:
            break
    if h < marked <= first_data and not any(is_section(by_row.get(r, []), table.n_cols) for r in range(h, marked)):
        h = marked
    return h


def _header_word(text: str, table_name: str) -> bool:
    """A header made of nothing but words of one table ("ĐVT", "Đơn vị tính (ĐVT)", "STT")."""
    words = [t.low for t in tokenize(text) if t.text not in "()[]:."]
    table, i = getattr(lexicon().tables, table_name), 0
    while i < len(words):
        hit = table.match_at(words, i)
        if not hit:
            return False
        i += hit[0]
    return bool(words)


def layout(table, grid, english: bool) -> Layout:
    """The :class:`Layout` of a table."""
    by_row = _rows_index(table)
    h = header_rows(table, by_row, english)
    n_rows, n_cols = table.n_rows, table.n_cols
    heads = [" ".join(text_of(grid[r][c]) for r in range(h) if grid[r][c] is not None
                      and (r == 0 or grid[r - 1][c] is not grid[r][c])).strip() for c in range(n_cols)]
    body = [[c for c in by_row.get(r, [])] for r in range(h, n_rows)]
    body = [cells for cells in body if not is_section(cells, n_cols)]
    stats = {}
    for cells in body:
        for cell in cells:
            t = text_of(cell)
            if not t or is_nothing(t):
                continue
            s = stats.setdefault(cell.col, [0, 0, 0, 0])  # values, texts, row numbers, units
            if _ROW_NUMBER.match(t):
                s[2] += 1
            if is_value_text(t, english):
                s[0] += 1
            else:
                s[1] += 1
                if read_unit(t) is not None:
                    s[3] += 1
    numbering, labels, unit_col = set(), [], -1
    for c in range(min(n_cols, 6)):
        v, t, nums, units = stats.get(c, [0, 0, 0, 0])
        total = v + t
        if _header_word(heads[c], "numbering_column") or (not labels and total and nums == total
                                                          and c + 1 < n_cols and _mostly_text(stats, c + 1)):
            numbering.add(c)
            continue
        if unit_col < 0 and labels and (_header_word(heads[c], "unit_leads") or (total and units == total)):
            unit_col = c
            continue
        if total and v * 2 >= total:
            break
        if not total and not labels and c + 1 < n_cols:
            continue  # an empty first column (a rowspan's shadow, a blank margin)
        if not total:
            break
        labels.append(c)
    metric_col = _metric_col(labels, stats)
    if unit_col < 0 and labels:  # a unit column after the figures ("… | Năm 2023 | ĐVT")
        unit_col = next((c for c in range(labels[-1] + 1, n_cols) if _header_word(heads[c], "unit_leads")
                         and not stats.get(c, [0])[0]), -1)
    return Layout(h, tuple(labels), frozenset(numbering), unit_col, english, metric_col=metric_col)


def _metric_col(labels: list[int], stats: dict) -> int:
    """Of several label columns, the one naming the measure: the first that is written on (nearly)
    every row ("Tên dự án | Địa điểm"); a column written on few rows groups them ("Lúa" over
    "Diện tích", "Sản lượng") and the next one names the measure."""
    if len(labels) < 2:
        return labels[-1] if labels else -1
    filled = {c: sum(stats.get(c, [0, 0])[:2]) for c in labels}
    most = max(filled.values())
    return next((c for c in labels if filled[c] * 4 >= most * 3), labels[-1])


def _mostly_text(stats: dict, c: int) -> bool:
    v, t, _, _ = stats.get(c, [0, 0, 0, 0])
    return t > v


def column_paths(grid, h: int, n_cols: int) -> list[tuple[str, ...]]:
    """Each column's header texts top to bottom, a cell merged over rows or columns once."""
    out = []
    for c in range(n_cols):
        path, seen = [], set()
        for r in range(h):
            cell = grid[r][c]
            if cell is None or id(cell) in seen:
                continue
            seen.add(id(cell))
            t = text_of(cell)
            if t and (not path or path[-1] != t):
                path.append(t)
        out.append(tuple(path))
    return out
