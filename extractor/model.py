"""Records shared by every stage: edits, offset maps, sentences, facts, documents.

This module imports nothing from the package. Every record is a frozen dataclass, so a
result can be passed between processes, cached and compared without defensive copies.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, fields
from decimal import Decimal

KINDS = ("quantity", "money", "percent", "year", "date", "period")


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
        out = []
        for e in self.edits[i:]:
            if e.start >= end:
                break
            if e.start >= start and e.end <= end:
                out.append(e)
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the repaired text, with its paragraph number."""

    start: int
    end: int
    text: str
    paragraph: int


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
