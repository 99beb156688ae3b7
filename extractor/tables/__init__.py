"""Facts from table grids (the convention of the project's TABLES notes): every numeric body cell is
one fact, with its unit, scale, period, status, basis and metric read from the headers, the row
label, the unit column, the section rows and the caption.

    table_facts(table, text, context, previous=()) -> list[Fact] | None

``text`` is the document text the cells' offsets point into; ``context`` the prose paragraphs right
before the table (nearest last: its title, its "Đơn vị: tỷ đồng" line); ``previous`` the document's
tables before it (a table continued over a page break reads on under the first part). None means the
table is no data grid (one column, a layout table of paragraphs, no number in it): its text is then
prose.

The steps, one module each: :mod:`.header` (header rows, label/numbering/unit columns, column paths),
:mod:`.columns` (what a column's header says), :mod:`.frame` (title, caption time and unit),
:mod:`.labels` (row labels as metrics, nesting), :mod:`.units` (unit phrases), :mod:`.times`
(periods), :mod:`.policy` (status, qualifier, basis), :mod:`.cells` (a cell's number). This module
walks the body rows (sections, parents, continuation) and applies the unit precedence.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

from ..model import Fact
from ..numbers import scaled
from .cells import grouping_of, is_nothing, read_cell
from .columns import Column, read_column
from .frame import Frame, read_frame
from .header import Layout, column_paths, layout, text_of
from .labels import clean_label
from .policy import basis, is_estimate, status_of, time_before_comparison
from .times import combine, has_year, is_time_only, times
from .units import PERCENT, Unit, column_unit, read_unit

MAX_POSITIONS = 2_000_000  # rows × columns beyond which a grid is not read cell by cell
MAX_CELL_CHARS = 300  # a cell longer than this holds a paragraph: a layout table


def _span(text: str, cell) -> tuple[int, int] | None:
    """The cell's trimmed characters in the document text."""
    start, end = cell.start, cell.end
    if not (0 <= start <= end <= len(text)):
        return None
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _is_layout(table, by_row: dict) -> bool:
    """A table that lays out paragraphs rather than figures."""
    long = sum(1 for c in table.cells if len(c.text) > MAX_CELL_CHARS)
    return long > 0 and long * 4 >= max(1, len([c for c in table.cells if c.text.strip()]))


def table_facts(table, text: str, context: tuple[str, ...] = (), previous: tuple = ()) -> list[Fact] | None:
    """The facts of one table's body cells, or None when it is no data grid (see the module).

    ``previous`` are the document's tables before this one (nearest last). A table that continues
    the one right before it (a yearbook table over a page break: the same columns, its header rows
    repeated or none, only page furniture between) reads on under that table's title, section row
    and group rows."""
    chain, nxt = [], table
    for prev in reversed(previous):  # only the run of tables this one may continue matters
        if not _continues(prev, nxt, text):
            break
        chain.append(prev)
        nxt = prev
    rest = previous[:len(previous) - len(chain)]
    floor = rest[-1].end if rest else 0  # the context of the chain's first part starts after this
    got = _read(table, text, tuple(context), tuple(reversed(chain)), floor)
    return None if got is None else list(got.facts)


@dataclass
class _Section:
    """What the section rows above a row say (a unit, a basis)."""

    unit: Unit | None = None
    basis: str | None = None


@dataclass
class _Carry:
    """What a row inherits from the rows above it: the section, the open parent rows (level, label,
    unit), the rank of the last numbered row, the last unit a label named (see ``flat``)."""

    section: _Section = dataclasses.field(default_factory=_Section)
    parents: list = dataclasses.field(default_factory=list)
    last_numbered_rank: int = 0
    sticky: Unit | None = None
    last_label: tuple = ()  # (label as written, its Label) of the last labelled row
    left_labels: dict = dataclasses.field(default_factory=dict)  # label column → its last text

    def copy(self) -> "_Carry":
        return _Carry(dataclasses.replace(self.section), list(self.parents), self.last_numbered_rank, self.sticky,
                      self.last_label, dict(self.left_labels))


@dataclass(frozen=True)
class _Read:
    facts: tuple
    carry: _Carry
    layout: Layout
    paths: tuple
    frame: Frame
    signature: tuple


MAX_GAP_CHARS = 400  # between two parts of a table over a page break: a page number, a running header
MAX_BARE_GAP = 40  # … when the second part repeats no header: no room for another table's title


def _signature(by_row: dict, h: int) -> tuple:
    return tuple(tuple(text_of(c) for c in sorted(by_row.get(r, []), key=lambda c: c.col)) for r in range(h))


def _continues(prev, table, text: str) -> bool:
    """``table`` carries on ``prev`` across a page break: the same columns, nothing but short lines
    between them."""
    if prev.n_cols != table.n_cols or not (0 <= prev.end <= table.start <= len(text)):
        return False
    gap = text[prev.end:table.start]
    return len(gap) <= MAX_GAP_CHARS and all(len(line.strip()) <= 80 for line in gap.split("\n"))


def _context_before(text: str, previous: tuple, floor: int) -> tuple[str, ...]:
    """The paragraphs before the last of ``previous`` (back to the table before it, or ``floor``),
    nearest last."""
    table = previous[-1]
    floor = previous[-2].end if len(previous) > 1 else floor
    before = text[max(floor, table.start - 1500, 0):max(table.start, 0)]
    return tuple([p.strip() for p in before.split("\n") if p.strip()][-3:])


@lru_cache(maxsize=16)
def _read(table, text: str, context: tuple, previous: tuple, floor: int = 0) -> _Read | None:
    if table.n_cols < 2 or table.n_rows < 1 or not table.cells or table.n_rows * table.n_cols > MAX_POSITIONS:
        return None
    by_row: dict = {}
    for c in table.cells:
        if 0 <= c.row < table.n_rows and 0 <= c.col < table.n_cols:
            by_row.setdefault(c.row, []).append(c)
    if _is_layout(table, by_row):
        return None
    english = grouping_of(c.text for c in table.cells)
    grid = table.grid()
    lay = dataclasses.replace(layout(table, grid, english), table_index=table.index)
    paths = tuple(column_paths(grid, lay.header_rows, table.n_cols))
    signature = _signature(by_row, lay.header_rows)
    carry, frame = _Carry(), None
    if previous and _continues(previous[-1], table, text):
        prev = _read(previous[-1], text, _context_before(text, previous, floor), previous[:-1], floor)
        if prev is not None and signature and signature == prev.signature:
            carry, frame = prev.carry.copy(), prev.frame
        elif prev is not None and not lay.header_rows and prev.layout.header_rows \
                and len("".join(text[previous[-1].end:table.start].split())) <= MAX_BARE_GAP:
            # the header was not repeated: the first part's header and columns hold
            carry, frame, paths, signature = prev.carry.copy(), prev.frame, prev.paths, prev.signature
            lay = dataclasses.replace(prev.layout, header_rows=0, table_index=table.index, english=english)
    if frame is None:
        header_texts = [text_of(c) for r in range(lay.header_rows) for c in by_row.get(r, [])]
        first = [c for c in by_row.get(0, []) if text_of(c)] if lay.header_rows > 1 else []
        inner = text_of(first[0]) if len(first) == 1 and first[0].colspan >= table.n_cols - 1 else ""
        frame = read_frame(table.caption, table.origin, context, header_texts, inner)
    facts = _body_facts(table, text, grid, by_row, lay, paths, frame, carry)
    if not facts and not any(any(ch.isdigit() for ch in c.text) for c in table.cells):
        return None
    return _Read(tuple(facts), carry, lay, paths, frame, signature)


def _body_facts(table, text, grid, by_row, lay: Layout, paths, frame: Frame, carry: _Carry) -> list[Fact]:
    columns: dict[int, Column] = {}
    section, parents = carry.section, carry.parents
    out: list[Fact] = []
    last_numbered_rank = carry.last_numbered_rank
    # a grid whose format gives no indentation (a PDF's text layer): a row labelled with a unit
    # ("Giường bệnh (Giường)") is taken as the group of the unlabelled rows under it, as a last resort
    flat = not any(table.cells[k].indent or table.cells[k].bold for k in range(len(table.cells)))
    sticky = carry.sticky
    for r in range(lay.header_rows, table.n_rows):
        starting = sorted(by_row.get(r, []), key=lambda c: c.col)
        values = [c for c in starting if lay.is_value_col(c.col) and not is_nothing(c.text)]
        spanning = [c for c in starting if c.colspan > 1 and any(lay.is_value_col(k) for k in
                                                                 range(c.col, c.col + c.colspan))]
        raw_label = " / ".join(dict.fromkeys(t for t in _label_texts(grid, r, lay, carry) if t))
        if spanning and len([c for c in starting if not is_nothing(c.text)]) == 1:
            _read_section(text_of(spanning[0]), section)
            parents.clear()
            sticky, carry.last_label = None, ()
            carry.left_labels.clear()
            continue
        own_cell = grid[r][lay.metric_col] if lay.metric_col >= 0 else None
        own = clean_label(text_of(own_cell)) if own_cell is not None else clean_label("")
        borrowed = not raw_label and bool(values) and bool(lay.label_cols) and bool(carry.last_label)
        if borrowed:  # a blank label under a labelled row: a merged cell the format did not say was one
            raw_label, own = carry.last_label
        number_cell = next((grid[r][c] for c in sorted(lay.numbering_cols) if grid[r][c] is not None), None)
        rank = own.rank
        if number_cell is not None and text_of(number_cell):
            rank = clean_label(text_of(number_cell) + " x").rank or rank
            last_numbered_rank = rank
        elif lay.numbering_cols and last_numbered_rank and not rank:
            rank = last_numbered_rank + 1  # an unnumbered row under numbered ones is their child
        if own.child and parents and rank <= parents[-1][0]:
            rank = parents[-1][0] + 1
        level = 10 * (own_cell.indent if own_cell is not None else 0) + rank
        while parents and parents[-1][0] >= level and not borrowed:
            parents.pop()
        inherited = next((u for _, _, u in reversed(parents) if u is not None), None)
        row_unit = own.unit or inherited
        sticky = own.unit or sticky
        guess = sticky if flat and own.unit is None else None
        row_path = " / ".join([p for _, p, _ in parents[:-1 if borrowed else None] if p]
                              + ([raw_label] if raw_label else []))
        if raw_label and not borrowed:
            parents.append((level, raw_label, own.unit))
            carry.last_label = (raw_label, own)
        if not values:
            unit_alone = own.text and read_unit(own.text) is not None
            if (unit_alone or (own.unit is not None and _times_below(grid, r, lay))) and len(parents) == 1:
                # "Người" alone in the label column, or "Tỷ lệ tăng (%)" over rows of years: a section
                _read_section(raw_label, section)
                parents.clear()
                carry.last_label = ()
            elif raw_label and basis(raw_label) is not None:
                _read_section(raw_label, section)
            continue
        row_is_time = bool(own.text) and is_time_only(own.text)
        row_time = _times_of_label(own.text, row_is_time)
        row_basis = basis(raw_label, row_unit is PERCENT) if raw_label and not row_is_time else None
        unit_cell = grid[r][lay.unit_col] if lay.unit_col >= 0 else None
        unit_col_unit = None
        if unit_cell is not None and not is_nothing(unit_cell.text):
            unit_col_unit = column_unit(text_of(unit_cell))
        for cell in values:
            col = columns.get(cell.col)
            if col is None:
                col = columns[cell.col] = read_column(paths[cell.col])
            fact = _cell_fact(text, cell, r - lay.header_rows, lay, col, frame, section, own.text, row_path,
                              row_is_time, row_time, row_basis, row_unit, unit_col_unit, guess)
            if fact is not None:
                out.append(fact)
    carry.last_numbered_rank, carry.sticky = last_numbered_rank, sticky
    return out


def _times_below(grid, r: int, lay: Layout) -> bool:
    """The next row's label is a time (years down the side): the row above heads a section of them."""
    if r + 1 >= len(grid) or not lay.label_cols:
        return False
    cell = grid[r + 1][lay.label_cols[-1]]
    return cell is not None and is_time_only(text_of(cell))


def _label_texts(grid, r: int, lay: Layout, carry: _Carry) -> list[str]:
    """The texts of a row's label cells; a blank one left of a filled one takes the text above it
    ("Lúa" over "Diện tích", "Sản lượng": a merge the format did not mark)."""
    texts = [text_of(grid[r][c]) for c in lay.label_cols]
    for k, c in enumerate(lay.label_cols):
        if not texts[k] and any(texts[k + 1:]):
            texts[k] = carry.left_labels.get(c, "")
        if texts[k]:
            carry.left_labels[c] = texts[k]
    return texts


def _times_of_label(label: str, is_time: bool) -> str:
    if not label:
        return ""
    return time_before_comparison(label) if not is_time else (times(label)[0][0] if times(label) else "")


def _read_section(label: str, section: _Section) -> None:
    """A section row that names a unit or a basis sets both for the rows below ("Người", "Tỷ lệ tăng
    (%)", "Tháng trước = 100"); one that names neither ("Phân theo ngành") changes nothing."""
    clean = clean_label(label)
    unit = clean.unit or read_unit(clean.text)
    b = basis(label, unit is PERCENT)
    if unit is not None or b is not None:
        section.unit, section.basis = unit, b


def _cell_fact(text, cell, row, lay, col: Column, frame: Frame, section: _Section, label: str, row_path: str,
               row_is_time: bool, row_time: str, row_basis, row_unit, unit_col_unit, guess) -> Fact | None:
    span = _span(text, cell)
    if span is None:
        return None
    start, end = span
    written = text[start:end]
    reading = read_cell(written, lay.english)
    if reading is None:
        return None
    unit = _unit(reading, col, section, row_basis, row_unit, unit_col_unit, frame) or guess
    kind = unit.kind if unit is not None else "quantity"
    value, value_max = reading.value, reading.value_max
    if unit is not None and unit.kind != "percent":
        value = scaled(value, unit.scale)
        value_max = scaled(value_max, unit.scale) if value_max is not None else None
    order = (row_time, col.time) if row_is_time else (col.time, row_time)
    partial = next((t for t in order if t and not has_year(t)), "")
    full = next((t for t in (*order, frame.time) if t and has_year(t)), "")
    period = combine(partial, full) if partial else full
    basis_ = next((b for b in (col.basis, row_basis, section.basis) if b is not None), "")
    if row_is_time or not label:
        metric = frame.measure if (col.is_time or not col.metric) and row_is_time else col.metric
    else:
        metric = label
    metric = metric or frame.measure
    status, estimate = col.status, col.estimate
    if row_is_time:  # a row header that is a time is the row's header as a column's is ("Kế hoạch 2025")
        status = "target" if status_of((label,)) == "target" else status
        estimate = estimate or is_estimate((label,))
    return Fact(kind=kind, value=value, value_max=value_max, unit=unit.unit if unit is not None else "", date="",
                qualifier=reading.qualifier or ("approx" if estimate else ""), direction="", basis=basis_,
                status=status, period=period, metric=metric, text=written, start=start, end=end,
                sentence=f"{row_path} | {col.label}: {' '.join(written.split())}", repaired=False,
                table=lay.table_index, row=row, column=cell.col,
                row_label=row_path, column_label=col.label)


def _unit(reading, col: Column, section: _Section, row_basis, row_unit, unit_col_unit, frame: Frame) -> Unit | None:
    """TABLES §3: the cell's own unit, a comparison column's (or a "(%)" column's) percent, the unit
    column, the row label's unit, a comparison row's percent, the section row's unit, the column
    header's unit, the caption's."""
    if reading.unit is not None:
        return reading.unit
    if reading.percent:
        return PERCENT
    if (col.comparison and col.unit is None) or (col.unit is not None and col.unit.kind == "percent"):
        return PERCENT  # a comparison column, or a column that says "(%)": the row's unit is not its
    for unit in (unit_col_unit, row_unit):
        if unit is not None:
            return unit
    if row_basis is not None:
        return PERCENT
    if section.unit is not None:
        return section.unit
    if section.basis is not None:
        return frame.unit if frame.unit is not None else PERCENT
    return col.unit or frame.unit
