"""The attribute policy of one sentence: which cue gives each draft its qualifier, direction, basis,
status, period and metric, and what the sentence leaves to the next one of its paragraph.

:mod:`.attributes` answers single questions (the qualifier right before token i, the basis after
it …); this module decides how the answers combine: a coordinated number shares the qualifier and
direction of the one before it (``ước đạt 462.000 tấn và 867 triệu USD``), one comparison serves
two changes (``tăng 6,3% … và tăng 4,9% … so với cùng kỳ``), a time expression opening a sentence
frames the rest of the paragraph, and a goal cue makes the paragraph's figures targets.
Everything here works in token indices of the sentence; the pipeline maps spans to the document.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..tokens import Token
from .attributes import (SentenceCues, basis_after, clause_direction, clause_qualifier, coordinated, day_precise,
                         direction_before, fronted_basis, is_frame, metric, qualifier_after, qualifier_before)
from ..model import TEMPORAL
from .draft import Draft



@dataclass(frozen=True)
class ParagraphContext:
    """What the sentences of a paragraph so far leave to the next: the time frame a fronted time
    expression set (``Năm 2023, …``) and whether a goal cue made the paragraph's figures targets."""

    frame: str = ""
    target: bool = False


@dataclass(frozen=True)
class Reading:
    """A draft with its attributes, still in token indices of its sentence."""

    draft: Draft
    qualifier: str = ""
    direction: str = ""
    basis: str = ""
    status: str = "actual"
    period: str = ""
    metric: str = ""


def without_facts(tokens: list[Token], context: ParagraphContext) -> ParagraphContext:
    """A sentence that gives no fact can still make the rest of its paragraph a goal
    (``Phấn đấu đến năm 2025:`` before a list)."""
    if context.target or not tokens:
        return context
    words = [t.low for t in tokens]
    if SentenceCues.read(tokens, words, False).sets_target:
        return dataclasses.replace(context, target=True)
    return context


def read_sentence(tokens: list[Token], words: list[str], drafts: list[Draft], text: str, start: int,
                  context: ParagraphContext) -> tuple[list[Reading], ParagraphContext]:
    """The readings of one sentence's drafts (in order) and the context it leaves to the next."""
    if not drafts:
        return [], without_facts(tokens, context)
    cues = SentenceCues.read(tokens, words, context.target)
    temporal_spans = [(d.i, d.j) for d in drafts if d.kind in TEMPORAL]
    # numbers that are no value facts (times, identifiers) do not cut a cue off from its number
    value_tokens = {k for d in drafts if d.kind not in TEMPORAL for k in range(d.i, d.j)}
    temporal_at: dict[int, str] = {}
    for d in drafts:
        if d.kind in TEMPORAL:
            temporal_at[d.i] = d.date
            temporal_at.setdefault(d.vi if d.vi >= 0 else d.i, d.date)
    frames = _frames(words, drafts, context.frame)
    frame = frames[0].date if frames and frames[0].i <= 3 else context.frame
    out: list[Reading] = []
    # value_floor: where the last value fact ended (a clause cue or label never reaches past it)
    last_metric, value_floor, last_at = "", 0, -1
    last: Reading | None = None
    for d in drafts:
        period = next((f.date for f in reversed(frames) if f.j <= d.i), frame)
        if d.kind in TEMPORAL:
            out.append(Reading(d))
            continue
        qualifier, direction = _qualifier_direction(tokens, words, d, value_floor, value_tokens)
        joined = last is not None and coordinated(tokens, words, d.vi, value_floor)
        if joined and last is not None:
            # "ước đạt 462.000 tấn và 867 triệu USD", "tăng 41,8% về lượng và 94,3% về giá"
            qualifier = qualifier or (last.qualifier if last.qualifier == "approx" else "")
            direction = direction or (last.direction if last.draft.kind == d.kind else "")
        basis = basis_after(tokens, words, d.j, period, temporal_at)
        if not basis and direction:
            basis = fronted_basis(tokens, words, d.vi, period, temporal_at)
        if joined and last is not None and basis and last.draft.kind == d.kind and last.direction and not last.basis:
            # "tăng 6,3% về khối lượng và tăng 4,9% về giá trị so với cùng kỳ": one comparison for both
            last = dataclasses.replace(last, basis=basis)
            out[last_at] = last
        status = cues.status(d.vi, context.target, value_tokens)
        label = metric(tokens, words, d.vi, temporal_spans, text, start, value_floor) or last_metric
        last_metric, value_floor = label, d.j
        last, last_at = Reading(d, qualifier, direction, basis, status, period, label), len(out)
        out.append(last)
    return out, ParagraphContext(frame, context.target or cues.sets_target)


def _frames(words: list[str], drafts: list[Draft], paragraph_frame: str) -> list[Draft]:
    """The time expressions of the sentence that frame what follows them. A day-precise date never
    replaces a month, quarter, half or year frame (of the paragraph or earlier in the sentence)."""
    frames, coarse = [], bool(paragraph_frame) and not day_precise(paragraph_frame)
    for d in drafts:
        if is_frame(words, d) and not (coarse and day_precise(d.date)):
            coarse = coarse or not day_precise(d.date)
            frames.append(d)
    return frames


def _qualifier_direction(tokens: list[Token], words: list[str], d: Draft, floor: int, values: set) -> tuple[str, str]:
    """The qualifier and direction of a value draft: cue words next to the number first, then a
    cue opening its clause."""
    qualifier = qualifier_after(words, d.j) or qualifier_before(words, d.vi) or \
        clause_qualifier(tokens, words, d.vi, floor, values)
    direction = direction_before(words, d.vi) or clause_direction(tokens, words, d.vi, floor, values)
    return qualifier, direction
