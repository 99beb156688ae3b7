"""Lay paragraphs and table grids out as one text, recording where everything went.

A reader hands a :class:`Layout` its content in reading order; the layout writes it and returns
the :class:`~extractor.model.Source`, whose blocks, tables and cells point at their exact
characters (``text[cell.start:cell.end] == cell.text``):

- items are separated by a blank line, so a sentence never runs into a table;
- a table is one line per grid row, the cells that start in that row joined by ``" | "``; a
  merged cell is written once, in the row and column where it starts; a cell's inner whitespace
  (the line breaks of a wrapped or multi-paragraph cell) becomes single spaces;
- consecutive paragraphs of one kind form one block;
- an empty table is dropped and a table over the size limits is written as prose (its rows as
  lines), each with a note, so nothing else is lost.

>>> lay = Layout()
>>> lay.paragraph("Biểu 1. Dân số")
0
>>> t = lay.table(Grid((GridCell(0, 0, "Năm"), GridCell(0, 1, "2023"), GridCell(1, 0, "Dân số"),
...                     GridCell(1, 1, "1.487"))))
>>> src = lay.source("x.html", "html")
>>> src.text
'Biểu 1. Dân số\\n\\nNăm | 2023\\nDân số | 1.487'
>>> [(c.text, src.text[c.start:c.end]) for c in src.tables[0].cells][-1]
('1.487', '1.487')
>>> [b.kind for b in src.blocks]
['paragraph', 'table']
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..model import Block, Cell, Source, Table
from .limits import ReadOptions

SEPARATOR = " | "
GAP = "\n\n"


@dataclass(frozen=True, slots=True)
class GridCell:
    """A cell as a reader found it: top-left grid position, spans and format hints."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    indent: int = 0
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Grid:
    """A table as a reader found it, before it is laid out."""

    cells: tuple[GridCell, ...]
    caption: str = ""
    origin: str = ""


def cell_text(text: str) -> str:
    """A cell's text on one line: NFC, inner whitespace as single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _padded(cells: tuple[GridCell, ...], n_rows: int, n_cols: int) -> list[GridCell]:
    """The cells, clipped to the grid, without overlaps, with an empty cell at every position no
    cell covers (ragged rows padded)."""
    taken = [[False] * n_cols for _ in range(n_rows)]
    out = []
    for c in sorted(cells, key=lambda c: (c.row, c.col)):
        if taken[c.row][c.col]:
            continue  # a cell under another's span: the first one written wins
        span = 1
        while span < c.colspan and c.col + span < n_cols and not taken[c.row][c.col + span]:
            span += 1
        rows = 1
        while rows < c.rowspan and c.row + rows < n_rows and \
                not any(taken[c.row + rows][c.col:c.col + span]):
            rows += 1
        for r in range(c.row, c.row + rows):
            for k in range(c.col, c.col + span):
                taken[r][k] = True
        out.append(GridCell(c.row, c.col, cell_text(c.text), rows, span, c.header, c.indent, c.bold))
    for r in range(n_rows):
        for k in range(n_cols):
            if not taken[r][k]:
                out.append(GridCell(r, k, ""))
    out.sort(key=lambda c: (c.row, c.col))
    return out


class Layout:
    """Writes items in reading order and keeps their offsets (see the module doc). It also keeps
    the items, so :meth:`converted` can write the document again with every text converted (legacy
    font mojibake) before a Source is taken."""

    def __init__(self, options: ReadOptions | None = None):
        self.options = options or ReadOptions()
        self._parts: list[str] = []
        self._pos = 0
        self._blocks: list[Block] = []
        self._tables: list[Table] = []
        self._notes: list[str] = []
        self._met = 0  # tables met, laid out or not (for notes: "table 3 …")
        self._items: list[tuple] = []
        self._confidences: list[tuple[int, int, float]] = []

    def _write(self, text: str) -> int:
        if self._pos:
            self._parts.append(GAP)
            self._pos += len(GAP)
        start = self._pos
        self._parts.append(text)
        self._pos += len(text)
        return start

    def _block(self, kind: str, start: int, end: int, table: int = -1) -> None:
        last = self._blocks[-1] if self._blocks else None
        if kind != "table" and last is not None and last.kind == kind:
            self._blocks[-1] = Block(kind, last.start, end)
        else:
            self._blocks.append(Block(kind, start, end, table))

    def paragraph(self, text: str, kind: str = "paragraph", verbatim: bool = False,
                  words: tuple[tuple[int, int, float], ...] = ()) -> int:
        """Write a paragraph (kind paragraph, header, footer or note); its start offset, or -1 when
        it holds nothing. ``verbatim`` writes it exactly and never converts it (OCR text whose word
        offsets must hold: ``words``, ``(start, end, confidence)`` in the paragraph, go into
        ``Source.confidences`` shifted to document offsets); otherwise surrounding whitespace is
        dropped."""
        self._items.append(("paragraph", text, kind, verbatim, tuple(words)))
        if not verbatim:
            text = text.strip()
        if not text.strip():
            return -1
        start = self._write(text)
        self._block(kind, start, start + len(text))
        self._confidences.extend((start + a, start + b, c) for a, b, c in words)
        return start

    def note(self, message: str) -> None:
        self._items.append(("note", message))
        self._notes.append(message)

    def table(self, grid: Grid) -> Table | None:
        """Lay out one table; the Table record, or None when it was dropped or written as prose."""
        self._items.append(("table", grid))
        self._met += 1
        cells = tuple(c for c in grid.cells if c.row >= 0 and c.col >= 0)
        if not any(c.text.strip() for c in cells):
            self._notes.append(f"table {self._met} dropped: empty")
            return None
        n_rows = max(c.row + max(1, c.rowspan) for c in cells)
        n_cols = max(c.col + max(1, c.colspan) for c in cells)
        opts = self.options
        if n_cols > opts.max_table_cols or n_rows * n_cols > opts.max_table_cells:
            why = f"{n_cols} columns" if n_cols > opts.max_table_cols else f"{n_rows * n_cols} cells"
            self._notes.append(f"table {self._met} read as prose: {why}")
            rows: dict[int, list[GridCell]] = {}
            for c in sorted(cells, key=lambda c: (c.row, c.col)):
                rows.setdefault(c.row, []).append(c)
            lines = [SEPARATOR.join(t for t in (cell_text(c.text) for c in row) if t) for row in rows.values()]
            text = "\n".join(line for line in lines if line)
            if text:
                self._block("paragraph", self._write(text), self._pos)
            return None
        laid = _padded(cells, n_rows, n_cols)
        lines, out, pos = [], [], 0
        by_row: dict[int, list[GridCell]] = {}
        for c in laid:
            by_row.setdefault(c.row, []).append(c)
        base = self._pos + (len(GAP) if self._pos else 0)
        for r in sorted(by_row):
            parts = []
            for k, c in enumerate(by_row[r]):
                if k:
                    parts.append(SEPARATOR)
                    pos += len(SEPARATOR)
                out.append(Cell(c.row, c.col, c.text, base + pos, base + pos + len(c.text), c.rowspan, c.colspan,
                                c.header, c.indent, c.bold))
                parts.append(c.text)
                pos += len(c.text)
            lines.append("".join(parts))
            pos += 1  # the line break
        text = "\n".join(lines)
        start = self._write(text)
        table = Table(len(self._tables), n_rows, n_cols, tuple(out), start, start + len(text),
                      cell_text(grid.caption), grid.origin)
        self._tables.append(table)
        self._block("table", table.start, table.end, table.index)
        return table

    def texts(self) -> list[str]:
        """Every convertible text: paragraphs (not verbatim), captions and cells, in item order."""
        out = []
        for item in self._items:
            if item[0] == "paragraph" and not item[3]:
                out.append(item[1])
            elif item[0] == "table":
                out.append(item[1].caption)
                out.extend(c.text for c in item[1].cells)
        return out

    def converted(self, convert) -> tuple["Layout", str]:
        """The document written again with ``convert(texts) -> (texts, conversion)`` applied to
        :meth:`texts` (verbatim paragraphs untouched), and the conversion; itself and "" when
        nothing was converted."""
        texts, conversion = convert(self.texts())
        if not conversion:
            return self, ""
        it = iter(texts)
        again = Layout(self.options)
        for item in self._items:
            if item[0] == "paragraph":
                again.paragraph(item[1] if item[3] else next(it), item[2], item[3], item[4])
            elif item[0] == "table":
                grid = item[1]
                caption = next(it)
                cells = tuple(GridCell(c.row, c.col, next(it), c.rowspan, c.colspan, c.header, c.indent, c.bold)
                              for c in grid.cells)
                again.table(Grid(cells, caption, grid.origin))
            else:
                again.note(item[1])
        return again, conversion

    def source(self, path: str, format: str, **kw) -> Source:
        """The laid-out document (``kw``: encoding, conversion, confidences; notes are added to the
        layout's own)."""
        notes = tuple(self._notes) + tuple(kw.pop("notes", ()))
        if self._confidences:
            kw["confidences"] = tuple(self._confidences) + tuple(kw.pop("confidences", ()))
        return Source(path, format, "".join(self._parts), tuple(self._blocks), tuple(self._tables), notes=notes, **kw)


def legacy_font(fonts) -> str:
    """The font to read a document's text in when every font named (those setting non-ASCII text)
    is a legacy-encoded one of one encoding (``.VnTime``, ``VNI-Times``), else ""."""
    from .encodings import font_encoding  # noqa: PLC0415

    fonts = [f for f in fonts if f]
    hints = [font_encoding(f) for f in fonts]
    if not fonts or any(h is None for h in hints) or len({h.encoding for h in hints}) != 1:
        return ""
    # one decision for the whole text: a capital font (.VnTimeH) only when every run is set in one,
    # else a mixed document would be upper-cased whole
    return next((f for f, h in zip(fonts, hints) if not h.capitals), fonts[0])


def mojibake(texts: list[str], font_hint: str = "") -> tuple[list[str], str]:
    """The texts with legacy-encoding mojibake converted (:func:`.encodings.fix_mojibake`, decided
    on all of them together, so one document is converted as a whole or not at all), and what was
    converted ("" when nothing was)."""
    from .encodings import fix_mojibake  # noqa: PLC0415

    flat = [t.replace("\r", " ") for t in texts]
    joined = "\n".join(flat)
    fixed = fix_mojibake(joined, font_hint)
    if not fixed.conversion:
        return texts, ""
    lines = fixed.text.split("\n")
    if len(lines) != joined.count("\n") + 1:
        return texts, ""  # the conversion changed the line structure: not sure, leave it
    out, pos = [], 0
    for t in flat:
        n = t.count("\n") + 1
        out.append("\n".join(lines[pos:pos + n]))
        pos += n
    return out, fixed.conversion
