"""What the words around a number say about it: qualifier, direction, basis, status, period, metric.

Each function reads the lower-cased tokens of one sentence (``words``) and token indices of a
draft; all cue words come from ``patterns/context.toml``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .. import resources
from ..tokens import NUM, PUNCT, Token
from .draft import Draft

_CLAUSE_BREAKS = {",", ";", ":", "(", ")", "[", "]", "“", "”", "\"", "–", "—"}
_MAX_LOOKBACK = 8


@cache
def _ctx() -> dict:
    return resources.context()


def cues_before(words: list[str], i: int) -> tuple[str, str]:
    """(qualifier, direction) from the words right before token ``i``.

    Walks left over linking words, qualifiers and direction verbs; the qualifier and the direction
    nearest the number win. ``tăng lên``/``giảm còn`` state a level: no direction.
    """
    ctx = _ctx()
    qualifier = direction = ""
    direction_done = False
    k, hops = i, 0
    while k > 0 and hops < _MAX_LOOKBACK:
        hops += 1
        if words[k - 1] == "từ":
            break
        hit_d = ctx["directions"].match_before(words, k)
        hit_q = ctx["qualifiers"].match_before(words, k)
        hit_l = ctx["linkers"].match_before(words, k)
        if ctx["false_qualifiers"].match_at(words, k - 1):
            break
        best = max((h for h in (hit_d, hit_q, hit_l) if h), key=lambda h: h[0], default=None)
        if best is None:
            break
        if best is hit_d or (hit_d and hit_d[0] == best[0]):
            if not direction_done:
                direction = "" if hit_d[1] == "level" else hit_d[1]
                direction_done = True
            k -= hit_d[0]
            continue
        if best is hit_q or (hit_q and hit_q[0] == best[0]):
            if not qualifier:
                qualifier = hit_q[1]
            k -= hit_q[0]
            continue
        k -= hit_l[0]
    return qualifier, direction


def qualifier_after(words: list[str], j: int) -> str:
    """``từ 18 tuổi trở lên``: a qualifier written after the number."""
    if j + 1 < len(words) and words[j] == "trở":
        return {"lên": "at_least", "xuống": "at_most"}.get(words[j + 1], "")
    return ""


def basis_after(tokens: list[Token], words: list[str], j: int) -> str:
    """What the number ending before token ``j`` is measured against (``so với cùng kỳ``)."""
    ctx = _ctx()
    k = j
    intro = ctx["basis_introducers"].match_at(words, k)
    if intro is not None:
        k += intro[0]
    hit = ctx["bases"].match_at(words, k)
    if hit is not None:
        # KH only in capitals: "kh" is no word of its own
        if words[k] == "kh" and tokens[k].text != "KH":
            return ""
        return hit[1]
    if intro is not None:
        temporal = resources.temporal()
        if k + 1 < len(words) and words[k] in temporal["year"] and tokens[k + 1].kind == NUM:
            return "previous_year"
        if temporal["halves"].match_at(words, k) or (k < len(words) and words[k] in temporal["quarter"]):
            return "same_period"
        if k + 1 < len(words) and tokens[k].kind == NUM and words[k + 1] in temporal["month"]:
            return "same_period"
    return ""


def _cue_positions(words: list[str], table) -> list[int]:
    out = []
    for k in range(len(words)):
        hit = table.match_at(words, k)
        if hit is not None:
            out.append(k)
    return out


@dataclass(frozen=True, slots=True)
class SentenceCues:
    """Where the status cues of a sentence stand."""

    target: tuple[int, ...]
    actual: tuple[int, ...]

    @classmethod
    def read(cls, tokens: list[Token], words: list[str]) -> "SentenceCues":
        ctx = _ctx()
        target = []
        for k in _cue_positions(words, ctx["target"]):
            prev = words[k - 1] if k >= 1 else ""
            prev_tok = tokens[k - 1] if k >= 1 else None
            # "đạt 118% so với kế hoạch đề ra", "vượt chỉ tiêu": the plan is a basis here, not a goal
            if prev in ("với", "so", "vượt", "bằng", "đạt", "theo", "thành", "của") or \
                    (prev_tok is not None and (prev_tok.kind == NUM or prev_tok.text == "%")):
                continue
            target.append(k)
        return cls(tuple(target), tuple(_cue_positions(words, ctx["actual"])))

    def status(self, i: int, paragraph_target: bool) -> str:
        before = [k for k in self.target if k < i]
        if before:
            last = before[-1]
            if not any(last < a < i for a in self.actual):
                return "target"
            return "actual"
        if paragraph_target and not any(a < i for a in self.actual):
            return "target"
        return "actual"

    @property
    def sets_target(self) -> bool:
        return bool(self.target)


def is_frame(words: list[str], d: Draft) -> bool:
    """A temporal draft that says when the following facts happen (not a basis like ``cùng kỳ năm 2015``)."""
    if d.kind not in ("year", "date", "period") or d.date.startswith("-"):
        return False
    back = words[max(0, d.i - 3):d.i]
    if any(w in ("so", "với", "kỳ", "kì", "đầu", "cuối", "từ", "sau", "trước", "hết") for w in back[-2:]):
        return False
    if "so" in back:
        return False
    return True


def clause_start(tokens: list[Token], i: int, floor: int = 0) -> int:
    """Index of the first token of the clause holding token ``i`` (not before ``floor``)."""
    start = i
    while start > floor and not (tokens[start - 1].kind == PUNCT and tokens[start - 1].text in _CLAUSE_BREAKS):
        start -= 1
    return start


def clause_direction(tokens: list[Token], words: list[str], i: int, floor: int) -> str:
    """``giảm tỷ lệ hộ nghèo 0,85%``: a direction verb opening the clause governs its number."""
    start = clause_start(tokens, i, floor)
    hit = _ctx()["directions"].match_at(words, start)
    if hit is None or hit[1] == "level" or i - start > _MAX_LOOKBACK:
        return ""
    nxt = start + hit[0]
    if nxt >= i or tokens[nxt].kind == NUM or any(t.kind == NUM for t in tokens[nxt:i]):
        return ""
    return hit[1]


def metric(tokens: list[Token], words: list[str], i: int, temporal_spans: list[tuple[int, int]],
           text: str, offset: int, floor: int = 0) -> str:
    """A short label of what the number at token ``i`` measures: the clause words before it
    (not reaching back past ``floor``, the end of the previous fact), without the cue words next
    to the number and without a leading time expression."""
    ctx = _ctx()
    start = clause_start(tokens, i, floor)
    k = i
    while k > start:
        hits = [ctx[name].match_before(words, k) for name in ("directions", "qualifiers", "linkers")]
        n = max((h[0] for h in hits if h), default=0)
        if n == 0 or k - n < start:
            break
        k -= n
    for s, e in sorted(temporal_spans):
        if s <= start < e or s == start:
            start = max(start, e)
    kept = [t for t in tokens[max(start, k - 8):k]]
    while kept and kept[0].kind == PUNCT:
        kept.pop(0)
    while kept and kept[-1].kind == PUNCT:
        kept.pop()
    if not kept or all(t.kind == NUM for t in kept):
        return ""
    return text[kept[0].start - offset:kept[-1].end - offset]
