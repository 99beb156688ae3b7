"""From raw text (or a read :class:`Source`) to a Document: repair → sentences → scan → attributes →
facts in original offsets; the tables of a source go to :mod:`extractor.tables`.

``tagging`` chooses how counted nouns unknown to the lexicons are settled:
``"selective"`` (default) tags a few words around such a number only; ``"full"`` tags every
sentence with the CRF (the plain path, slower, kept to check the fast one); ``"none"`` never
calls the tagger (such numbers then yield no fact).
"""
from __future__ import annotations

import dataclasses
import time
import unicodedata
from bisect import bisect_left, bisect_right

from . import nlp, segment, triggers
from .facts.scan import scan
from .facts.sentence import ParagraphContext, Reading, read_sentence, without_facts
from .model import Document, Edit, Fact, OffsetMap, Sentence, Source
from .repair import is_normalising, repair
from .tokens import tokenize

TAGGING = ("selective", "full", "none")


def extract_document(text: str, doc_id: str = "", tagging: str = "selective",
                     rules: tuple[str, ...] | None = None, time_limit: float | None = None) -> Document:
    """Read every numeric fact of ``text``; see :class:`extractor.model.Document`. ``rules`` names the
    repair rules to run (default all; ``()`` reads the text as it is, to measure what repair brings).
    ``time_limit`` (seconds) fails the document with :class:`ExtractionTimeout` rather than letting
    it run on (checked between sentences)."""
    _check_args(text, doc_id, tagging)
    deadline = None if time_limit is None else time.monotonic() + time_limit
    repaired, offsets = repair(text, rules)
    sents = segment.sentences(repaired)
    facts = _prose_facts(text, offsets, sents, tagging, deadline)
    return Document(doc_id, text, repaired, offsets.edits, sents, tuple(facts), offsets)


def extract_source(source: Source, doc_id: str = "", tagging: str = "selective") -> Document:
    """Every fact of a read document: its prose repaired and read as prose, each table read cell by
    cell (:func:`extractor.tables.table_facts`). Facts come in text order, offsets into
    ``source.text``."""
    if not isinstance(source, Source):
        raise TypeError(f"extract_source expects a Source (extractor.read makes one), not {type(source).__name__}")
    _check_args(source.text, doc_id, tagging)
    text = source.text
    table_facts_of, notes = {}, list(source.notes)
    if source.tables:
        from .tables import table_facts  # noqa: PLC0415  (only documents with tables need it)

        table_ends = sorted(b.end for b in source.blocks if b.kind == "table")
        for k, table in enumerate(source.tables):
            # the tables before it: one continued over a page break reads on under their headers
            got = table_facts(table, text, _table_context(text, table, table_ends), previous=source.tables[:k])
            if got is None:  # not a data grid (a layout table, one column of paragraphs): its text is prose
                notes.append(f"table {table.index} read as prose: not a data grid")
            else:
                table_facts_of[table.index] = got
    skipped = sorted((b.start, b.end) for b in source.blocks
                     if b.kind == "meta" or (b.kind == "table" and b.table in table_facts_of))
    if notes != list(source.notes):
        source = dataclasses.replace(source, notes=tuple(notes))
    if not skipped:
        doc = extract_document(text, doc_id=doc_id, tagging=tagging)
        return dataclasses.replace(doc, facts=_with_confidence(doc.facts, source.confidences), source=source)
    # prose between tables is repaired on its own: a repair never reaches into a table's cells
    edits: list[Edit] = []
    pos = 0
    for a, b in skipped + [(len(text), len(text))]:
        if a > pos:
            _, part = repair(text[pos:a])
            edits.extend(Edit(e.start + pos, e.end + pos, e.before, e.after, e.rule) for e in part.edits)
        pos = max(pos, b)
    offsets = OffsetMap.from_edits(edits)
    repaired = offsets.apply(text)
    inside = [(offsets.to_target(a), offsets.to_target(b)) for a, b in skipped]
    sents = tuple(s for s in segment.sentences(repaired) if not _within(s.start, inside))
    facts = _prose_facts(text, offsets, sents, tagging)
    for got in table_facts_of.values():
        facts.extend(got)
    facts.sort(key=lambda f: (f.start, f.end))
    return Document(doc_id, text, repaired, offsets.edits, sents, _with_confidence(facts, source.confidences), offsets,
                    source)


def _within(pos: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


CONTEXT_CHARS = 1500  # how far back a table's title and "Đơn vị: …" line are looked for


def _table_context(text: str, table, table_ends: list[int]) -> tuple[str, ...]:
    """The lines of prose right before a table (nearest last, at most three): its title, its
    "Đơn vị: …" line; never reaching back past the table before it (``table_ends`` sorted)."""
    i = bisect_right(table_ends, table.start) - 1
    lo = max(0, table.start - CONTEXT_CHARS, table_ends[i] if i >= 0 else 0)
    lines = [p.strip() for p in text[lo:table.start].split("\n") if p.strip()]
    return tuple(lines[-3:])


def _with_confidence(facts, confidences) -> tuple[Fact, ...]:
    """OCR'd facts get the lowest confidence of the words inside their span."""
    if not confidences:
        return tuple(facts)
    ends = [c[1] for c in confidences]
    out = []
    for f in facts:
        i = bisect_left(ends, f.start + 1)
        low = None
        while i < len(confidences) and confidences[i][0] < f.end:
            low = confidences[i][2] if low is None else min(low, confidences[i][2])
            i += 1
        out.append(dataclasses.replace(f, ocr_confidence=low, low_confidence=low is not None and low < LOW_CONFIDENCE)
                   if low is not None else f)
    return tuple(out)


LOW_CONFIDENCE = 60.0  # tesseract's word confidence under which a number is flagged for checking


class ExtractionTimeout(TimeoutError):
    """A document that took longer than the ``time_limit`` it was given."""


def _check_args(text, doc_id, tagging) -> None:
    """Clear errors for the wrong kind of argument (a ``bytes`` text would fail deep inside)."""
    if not isinstance(text, str):
        hint = " (decode the bytes first, or read the file with extractor.extract_file)" \
            if isinstance(text, (bytes, bytearray, memoryview)) else ""
        raise TypeError(f"the text must be a str, not {type(text).__name__}{hint}")
    if not isinstance(doc_id, str):
        raise TypeError(f"doc_id must be a str, not {type(doc_id).__name__}")
    if tagging not in TAGGING:
        raise ValueError(f"tagging must be one of {TAGGING}, not {tagging!r}")


def _prose_facts(text: str, offsets: OffsetMap, sents, tagging: str, deadline: float | None = None) -> list[Fact]:
    facts: list[Fact] = []
    para, context = -1, ParagraphContext()
    for k, sent in enumerate(sents):
        if deadline is not None and time.monotonic() > deadline:
            raise ExtractionTimeout(f"extraction stopped by its time limit at sentence {k + 1} of {len(sents)}")
        if sent.paragraph != para:
            para, context = sent.paragraph, ParagraphContext()
        sent_facts, context = _sentence_facts(text, offsets, sent, tagging, context)
        facts.extend(sent_facts)
    return facts


def extract(text: str, tagging: str = "selective", rules: tuple[str, ...] | None = None,
            time_limit: float | None = None) -> list[Fact]:
    """The facts of ``text`` in text order (``rules`` and ``time_limit`` as for :func:`extract_document`)."""
    return list(extract_document(text, tagging=tagging, rules=rules, time_limit=time_limit).facts)


def _sentence_facts(raw: str, offsets: OffsetMap, sent: Sentence, tagging: str,
                    context: ParagraphContext) -> tuple[list[Fact], ParagraphContext]:
    """Scan one sentence, read its attributes (:mod:`extractor.facts.sentence`), map the spans back."""
    if not triggers.may_hold_a_fact(sent.text):
        # no digit and no number or time word: nothing to read, only a goal cue to carry on
        if context.target or not triggers.has_goal_cue(sent.text):
            return [], context
        return [], without_facts(tokenize(sent.text, sent.start), context)
    tokens = tokenize(sent.text, sent.start)
    if not tokens:
        return [], context
    words = [t.low for t in tokens]
    tagger = None
    if tagging == "selective":
        tagger = nlp.window_noun
    elif tagging == "full":
        tagger = nlp.SentenceTagger(sent.text, sent.start)
    drafts = scan(tokens, sent.text, sent.start, tagger, words)
    readings, context = read_sentence(tokens, words, drafts, sent.text, sent.start, context)
    return [_fact(raw, offsets, sent, tokens, r) for r in readings], context


def _fact(raw: str, offsets: OffsetMap, sent: Sentence, tokens, r: Reading) -> Fact:
    d = r.draft
    start, end = tokens[d.i].start, tokens[d.j - 1].end
    repaired = False
    if offsets.edits:  # most documents need no repair: their offsets are the input's
        start, end = offsets.to_source(start, end)
        repaired = any(not is_normalising(e.rule) for e in offsets.edits_within(start, end))
    unit = d.unit if d.unit.isascii() else unicodedata.normalize("NFC", d.unit)
    return Fact(kind=d.kind, value=d.value, value_max=d.value_max, unit=unit, date=d.date, qualifier=r.qualifier,
                direction=r.direction, basis=r.basis, status=r.status, period=r.period, metric=r.metric,
                text=raw[start:end], start=start, end=end, sentence=sent.text, repaired=repaired)
