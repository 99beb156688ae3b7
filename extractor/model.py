"""Records shared by every stage: edits, offset maps, sentences, facts, what a reader made of a
file (a :class:`Source` of blocks and tables), and extraction results (:class:`Document`).

This module imports nothing from the package. Every record is a frozen dataclass, so a
result can be passed between processes, cached and compared without defensive copies.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, fields
from decimal import Decimal

KINDS = ("quantity", "money", "percent", "year", "date", "period")
TEMPORAL = ("year", "date", "period")  # the kinds that say when, not how much


@dataclass(frozen=True, slots=True)
class Edit:
    """One repair: ``original[start:end] == before`` became ``after`` by ``rule``."""

    start: int
    end: int
    before: str
    after: str
    rule: str


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps spans of a rewritten text back to the text it was made from.

    Built from edits (non-overlapping, in source offsets). Outside the edits a position
    shifts by the length change of the edits before it; a span that reaches into an edit
    widens to the edit's whole source span, so a fact never points into half a repair.
    Text an edit deleted right at a span's edge stays outside the span.
    """

    edits: tuple[Edit, ...] = ()
    _tstarts: tuple[int, ...] = ()  # target-side start of each edit
    _tends: tuple[int, ...] = ()  # target-side end of each edit
    _ends: tuple[int, ...] = ()  # source-side end of each edit

    @classmethod
    def from_edits(cls, edits) -> "OffsetMap":
        edits = tuple(sorted(edits, key=lambda e: (e.start, e.end)))
        tstarts, tends, delta = [], [], 0
        for e in edits:
            tstarts.append(e.start + delta)
            delta += len(e.after) - (e.end - e.start)
            tends.append(e.end + delta)
        return cls(edits, tuple(tstarts), tuple(tends), tuple(e.end for e in edits))

    def apply(self, source: str) -> str:
        """Replay the edits on ``source``: gives the rewritten text."""
        out, pos = [], 0
        for e in self.edits:
            out.append(source[pos:e.start])
            out.append(e.after)
            pos = e.end
        out.append(source[pos:])
        return "".join(out)

    def _shift(self, j: int, pos: int) -> int:
        # position in a gap after edit j (or before every edit when j < 0)
        return pos if j < 0 else pos - (self._tends[j] - self.edits[j].end)

    def source_start(self, pos: int) -> int:
        i = bisect_right(self._tends, pos)
        if i < len(self.edits) and self._tstarts[i] <= pos:
            return self.edits[i].start
        return self._shift(i - 1, pos)

    def source_end(self, pos: int) -> int:
        i = bisect_left(self._tends, pos)
        if i < len(self.edits) and self._tstarts[i] < pos:
            return self.edits[i].end
        return self._shift(i - 1, pos)

    def to_target(self, pos: int) -> int:
        """Target position of a source position that is not strictly inside an edit."""
        i = bisect_right(self._ends, pos)
        return pos if i == 0 else pos + (self._tends[i - 1] - self.edits[i - 1].end)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span of the target span ``[start, end)``."""
        return self.source_start(start), max(self.source_start(start), self.source_end(end))

    def edits_within(self, start: int, end: int) -> tuple[Edit, ...]:
        """Edits whose source span lies inside the source span ``[start, end)``."""
        i = bisect_left(self._ends, start)
        out, edits = [], self.edits
        while i < len(edits) and edits[i].start < end:  # by index: a slice copied every later edit
            e = edits[i]
            if e.start >= start and e.end <= end:
                out.append(e)
            i += 1
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the repaired text, with its paragraph number."""

    start: int
    end: int
    text: str
    paragraph: int


# the labels a fact's attributes take (FACTS.md); the lexicon refuses a cue group named otherwise
QUALIFIERS = ("approx", "nearly", "over", "under", "at_least", "at_most")
DIRECTIONS = ("increase", "decrease", "level")
BASES = ("plan", "same_period", "previous_year", "previous_month", "previous_quarter")


@dataclass(frozen=True, slots=True)
class Fact:
    """One numeric fact. ``text == original[start:end]``, always."""

    kind: str
    value: Decimal | None
    value_max: Decimal | None
    unit: str
    date: str
    qualifier: str
    direction: str
    basis: str
    status: str
    period: str
    metric: str
    text: str
    start: int
    end: int
    sentence: str
    repaired: bool
    # where a table fact sits: the table's index in the document, the body row (header rows not
    # counted) and the grid column; the header path of each (levels joined by " / "). None/"" in prose.
    table: int | None = None
    row: int | None = None
    column: int | None = None
    row_label: str = ""
    column_label: str = ""
    # OCR'd text: the lowest word confidence (0-100) inside the span; low_confidence when a word of
    # the number itself is below the reader's threshold (a digit may be wrong: check it)
    ocr_confidence: float | None = None
    low_confidence: bool = False

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


FACT_COLUMNS = tuple(f.name for f in fields(Fact))


@dataclass(frozen=True, slots=True)
class Document:
    """The raw input, the repaired text, the edits between them, sentences and facts."""

    doc_id: str
    raw: str
    text: str
    edits: tuple[Edit, ...]
    sentences: tuple[Sentence, ...] = ()
    facts: tuple[Fact, ...] = ()
    offsets: OffsetMap = field(default_factory=OffsetMap, repr=False, compare=False)
    source: "Source | None" = field(default=None, repr=False, compare=False)


# "meta": page furniture that states no fact and frames no period (a publication stamp, a view count, a
# menu); kept in the text so offsets stay whole, never read for facts
BLOCK_KINDS = ("paragraph", "table", "header", "footer", "note", "meta")


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a table grid, written once: a merged cell is one Cell with spans, at its top-left
    position. ``text == source.text[start:end]`` (the cell's characters as laid out in the text)."""

    row: int  # grid row of the top-left position, 0-based, header rows included
    col: int  # grid column, 0-based
    text: str
    start: int
    end: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False  # the format marks it as a header (<th>, a repeated header row): a hint only
    indent: int = 0  # indentation level where the format gives one (sheets, docx paragraph indent)
    bold: bool = False  # set in bold where the format says so (section rows often are): a hint only


@dataclass(frozen=True, slots=True)
class Table:
    """A table as a grid of cells, with the text the format attaches to it (``<caption>``, a PDF's
    title line). ``start``/``end`` span the table's laid-out text inside the source text."""

    index: int
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]  # row-major by top-left position
    start: int
    end: int
    caption: str = ""
    origin: str = ""  # how it was found: "html", "docx", "pdf-ruled", "sheet", "csv"

    def grid(self) -> list[list[Cell | None]]:
        """``n_rows`` × ``n_cols`` positions, each the cell covering it (a merged cell at every position
        it covers) or None where no cell is."""
        out: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.rowspan, self.n_rows)):
                for k in range(c.col, min(c.col + c.colspan, self.n_cols)):
                    out[r][k] = c
        return out


@dataclass(frozen=True, slots=True)
class Block:
    """A span of the source text in reading order: a paragraph run, a table, a page header/footer,
    a footnote. ``table`` indexes ``Source.tables`` for a table block, else -1."""

    kind: str
    start: int
    end: int
    table: int = -1


@dataclass(frozen=True, slots=True)
class Source:
    """What a reader made of one file: the text, its blocks in reading order, its tables, and how it
    was read. Every offset of every block, cell and fact is an offset into ``text``."""

    path: str
    format: str  # "text", "html", "docx", "pdf", "xlsx", "csv", "doc", "rtf", "eml", "image", …
    text: str
    blocks: tuple[Block, ...] = ()
    tables: tuple[Table, ...] = ()
    encoding: str = ""  # "utf-8", "utf-16-le", "cp1258", "tcvn3", "vni", … ("" when not bytes of text)
    conversion: str = ""  # what was converted to read it ("tcvn3 bytes → Unicode, confidence 0.99"), or ""
    notes: tuple[str, ...] = ()  # what a reviewer should know ("table 2 read as prose: ragged rows", "page 3: OCR")
    # OCR'd words: (start, end, confidence 0-100) in text order; empty when nothing was OCR'd
    confidences: tuple[tuple[int, int, float], ...] = ()

    @classmethod
    def plain(cls, text: str, path: str = "", format: str = "text", **kw) -> "Source":
        """A source that is one run of prose (a text file)."""
        return cls(path, format, text, (Block("paragraph", 0, len(text)),) if text else (), **kw)
