"""What the words around a number say about it: qualifier, direction, basis, status, period, metric.

Each function reads the lower-cased tokens of one sentence (``words``) and token indices of a
draft; all cue words come from ``patterns/context.toml``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ..lexicon import Cues, FunctionWords, lexicon
from ..resources import PhraseTable
from ..tokens import NUM, PUNCT, Token
from ..model import TEMPORAL
from .draft import Draft

_CLAUSE_BREAKS = {",", ";", ":", "(", ")", "[", "]", "“", "”", "\"", "–", "—"}
_MAX_LOOKBACK = 8


def _ctx() -> Cues:
    return lexicon().cues


def _words() -> FunctionWords:
    """The function words of patterns/context.toml ``[structure]``."""
    return lexicon().words


@cache
def _named_tables() -> dict:
    """The cue tables by name (the walks below choose the tables they pass over by name)."""
    cues = lexicon().cues
    return {f: getattr(cues, f) for f in cues.__dataclass_fields__ if isinstance(getattr(cues, f), PhraseTable)}


_LASTS: dict[tuple[tuple[str, ...], int], frozenset] = {}


def _lasts(passable: tuple[str, ...], wanted: PhraseTable | None = None) -> frozenset:
    """Every last word of a phrase the walk can pass or stop at (a quick test before any lookup)."""
    key = (passable, id(wanted))
    found = _LASTS.get(key)
    if found is None:
        tables = [_named_tables()[name] for name in passable] + ([wanted] if wanted is not None else [])
        found = _LASTS[key] = frozenset().union(*(t.lasts for t in tables))
    return found


_TABLES_OF: dict[tuple[str, ...], tuple] = {}


def _tables_of(names: tuple[str, ...]) -> tuple[tuple[str, PhraseTable], ...]:
    found = _TABLES_OF.get(names)
    if found is None:
        found = _TABLES_OF[names] = tuple((name, _named_tables()[name]) for name in names)
    return found


def _walk_left(words: list[str], i: int, passable: tuple, wanted) -> tuple[tuple[int, Any] | None, set[str], int]:
    """Walk left from token ``i`` over phrases of the ``passable`` tables until a ``wanted`` phrase.

    Returns (the wanted hit or None, names of the tables passed on the way, where the hit starts)."""
    k = i
    passed: set[str] = set()
    lasts = _lasts(passable, wanted)
    if k <= 0 or words[k - 1] not in lasts:
        return None, passed, k  # the common case: no cue word right before the number
    range_from, tables = _words().range_from, _tables_of(passable)
    for _ in range(_MAX_LOOKBACK):
        if k <= 0 or words[k - 1] in range_from or words[k - 1] not in lasts:
            break
        hit = wanted.match_before(words, k)
        if hit is not None:
            return hit, passed, k - hit[0]
        best = None
        for name, table in tables:
            h = table.match_before(words, k)
            if h is not None and (best is None or h[0] > best[1][0]):
                best = (name, h)
        if best is None:
            break
        passed.add(best[0])
        k -= best[1][0]
    return None, passed, k


def qualifier_before(words: list[str], i: int) -> str:
    """``hơn 80 tỷ``, ``ước đạt 4,161 tỷ``, ``tăng gần 9%``: the qualifier nearest the number."""
    hit, _, _ = _walk_left(words, i, ("linkers", "directions", "direction_between", "level_markers"),
                           _ctx().qualifiers)
    return hit[1] if hit else ""


def direction_before(words: list[str], i: int) -> str:
    """``tăng 24,6%``, ``giảm bình quân 1,5 - 2%``; ``tăng lên 64 tỷ``, ``tăng thêm là 7 tỷ`` give ""."""
    hit, passed, at = _walk_left(words, i, ("qualifiers", "direction_between", "level_markers"),
                                 _ctx().directions)
    if hit is None or hit[1] == "level" or "level_markers" in passed or _ctx().noun_heads.match_before(words, at):
        return ""
    return hit[1]


def qualifier_after(words: list[str], j: int) -> str:
    """``từ 18 tuổi trở lên``: a qualifier written after the number."""
    hit = _ctx().after_qualifiers.match_at(words, j)
    return hit[1] if hit else ""


def clause_start(tokens: list[Token], i: int, floor: int = 0) -> int:
    """Index of the first token of the clause holding token ``i`` (not before ``floor``)."""
    start = i
    while start > floor and not (tokens[start - 1].kind == PUNCT and tokens[start - 1].text in _CLAUSE_BREAKS):
        start -= 1
    return start


def _clause_cue(tokens: list[Token], words: list[str], i: int, floor: int, table, blockers,
                reach: int = 6, values: set | None = None) -> Any:
    """The label of the last ``table`` phrase in the clause before token ``i`` that governs it: no
    number and no ``blockers`` word stands between them, and at most ``reach`` tokens. ``values``: the
    tokens of value facts; only their numbers break the link (a time or an identifier between cue and
    number does not). None: every number breaks it."""
    start = clause_start(tokens, i, floor)
    firsts = table.firsts
    for k in range(i - 1, start - 1, -1):
        if words[k] not in firsts:
            continue
        hit = table.match_at(words, k)
        if hit is None:
            continue
        ctx = _ctx()
        if ctx.noun_like.match_at(words, k):
            return None  # "chỉ tiêu tăng trưởng GDP 8%": the growth rate named, not a change
        between = range(k + hit[0], i)
        if not between and ctx.noun_heads.match_before(words, k):
            return None  # "tốc độ tăng 6,58%": the rate named, not a change
        if any(tokens[x].kind == NUM and (values is None or x in values) for x in between):
            return None
        if blockers is not None and any(blockers.match_at(words, x) for x in between):
            return None
        if len(between) > reach:
            return None
        return hit[1]
    return None


def clause_direction(tokens: list[Token], words: list[str], i: int, floor: int, values: set | None = None) -> str:
    """``giảm diện tích trồng mì 10,4%``: a direction verb governing the noun phrase before the number."""
    label = _clause_cue(tokens, words, i, floor, _ctx().directions, _ctx().clause_blockers, values=values)
    return "" if label in (None, "level") else label


def clause_qualifier(tokens: list[Token], words: list[str], i: int, floor: int, values: set | None = None) -> str:
    """``ước tính tổng mức bán lẻ … đạt 317.500 tỷ đồng``: an estimate opening the clause (a time
    expression between them, ``ước tính 9 tháng đầu năm tăng 12,46%``, does not break the link)."""
    label = _clause_cue(tokens, words, i, floor, _ctx().clause_approx, None, reach=16, values=values)
    return "approx" if label else ""


def coordinated(tokens: list[Token], words: list[str], i: int, floor: int) -> bool:
    """``tăng 41,8% về lượng và 94,3% về giá``: the number right after ``và`` shares the verb of the
    fact before it (``floor`` is where that fact ended), with no clause break between."""
    return i >= 1 and words[i - 1] in _words().and_ and 0 < floor and i - floor <= 6 and \
        not any(t.kind == PUNCT and t.text in _CLAUSE_BREAKS for t in tokens[floor:i])


def fronted_basis(tokens: list[Token], words: list[str], i: int, period: str, temporal: dict) -> str:
    """``So với cùng kỳ năm trước, tổng diện tích gieo trồng tăng 6,34%``: a comparison opening the
    sentence or a clause, before the number."""
    ctx = _ctx()
    for k in range(i - 1, -1, -1):
        # "So với cùng kỳ năm trước, …" or "Trên góc độ tăng trưởng so với cùng kỳ năm trước, …" — but not
        # "tăng 5% so với cùng kỳ, …", which belongs to the number before it
        if words[k] not in _words().compare or (k > 0 and (tokens[k - 1].kind == NUM or tokens[k - 1].text == "%")):
            continue
        if any(t.kind == NUM and not t.text.isdigit() for t in tokens[max(0, k - 3):k]):
            continue
        end = k
        while end < i and not (tokens[end].kind == PUNCT and tokens[end].text in (",", ":")):
            end += 1
        if end >= i:
            return ""
        basis = basis_after(tokens, words, k, period, temporal)
        return basis if basis and ctx.basis_introducers.match_at(words, k) else ""
    return ""


def basis_after(tokens: list[Token], words: list[str], j: int, period: str = "",
                temporal: dict | None = None) -> str:
    """What the number ending before token ``j`` is measured against (``so với cùng kỳ``).

    ``temporal`` maps a token index to the date of the year/period draft starting there, so a
    named comparison (``so với năm 2022``, ``so với quý I/2023``) is judged against ``period``."""
    ctx = _ctx()
    k = j
    # "tăng 72,66% về số vốn đăng ký so với cùng kỳ": a short "về …" phrase may come first
    if k < len(words) and words[k] in _words().about:
        for x in range(k + 1, min(k + 8, len(words))):
            if tokens[x].kind == NUM or (tokens[x].kind == PUNCT and tokens[x].text in _CLAUSE_BREAKS):
                break
            if ctx.basis_introducers.match_at(words, x) and words[x] in _words().compare:
                k = x
                break
    intro = ctx.basis_introducers.match_at(words, k)
    if intro is not None:
        k += intro[0]
    hit = ctx.bases.match_at(words, k)
    if hit is not None:
        if hit[0] == 1 and tokens[k].text.upper() in _words().capital_only and tokens[k].text not in _words().capital_only:
            return ""  # "KH" means kế hoạch only in capitals
        return hit[1]
    if intro is None:
        return ""
    temporal = temporal or {}
    # "so với năm 2022", "so với thực hiện năm 2014", "so với vụ đông xuân năm trước": a named time or
    # a basis phrase a few words on
    for x in range(k, min(k + 5, len(words))):
        if x in temporal:
            return _named_basis(temporal[x], period)
        if tokens[x].kind == NUM or (tokens[x].kind == PUNCT and tokens[x].text in _CLAUSE_BREAKS):
            break
        hit = ctx.bases.match_at(words, x)
        if x > k and hit is not None and hit[1] in ("previous_year", "same_period"):
            return hit[1]
    return ""


def _named_basis(compared: str, period: str) -> str:
    """``so với năm 2022`` / ``so với quý I/2023`` judged against the fact's own period."""
    if "/" in compared and compared[:4].isdigit() and len(compared) == 9:  # a year range: năm học 2022-2023
        return "previous_year"
    if compared[:1] in ("H", "Q"):  # "so với nửa đầu năm ngoái", "so với quý I"
        return "same_period"
    if compared.startswith("--") and len(compared) == 4 and len(period) == 7 and period[4] == "-":
        # "tháng 10/2023 … so với tháng 9": the month before
        if int(period[5:7]) - int(compared[2:4]) == 1:
            return "previous_month"
        return ""
    if not compared[:4].isdigit():
        return ""
    year, rest = int(compared[:4]), compared[4:]
    own = int(period[:4]) if period[:4].isdigit() else None
    if rest == "":
        return "previous_year" if own is None or year < own else ""
    if rest.startswith("-Q") or rest.startswith("-H") or rest.startswith("-01/"):
        if own is None or (own == year + 1 and period[4:].split("/")[0][:3] == rest.split("/")[0][:3]):
            return "same_period"
    return ""


_CUE_TABLES = ("target", "forecast", "actual", "not_target", "not_actual", "assigned")
_ASSIGNED_REACH = 8


@cache
def _cue_tables_by_first() -> dict[str, tuple[tuple[str, PhraseTable], ...]]:
    """First word of a status cue -> the cue tables with a phrase starting with it."""
    out: dict[str, list] = {}
    for name, table in _tables_of(_CUE_TABLES):
        for w in table.firsts:
            out.setdefault(w, []).append((name, table))
    return {w: tuple(v) for w, v in out.items()}


@cache
def _goal_firsts() -> frozenset:
    ctx = _ctx()
    return frozenset(ctx.target.firsts) | frozenset(ctx.forecast.firsts)


@cache
def _status_firsts() -> frozenset:
    """First words of every cue that can make a number a target (goals, forecasts, assignments)."""
    return _goal_firsts() | frozenset(_ctx().assigned.firsts)


@dataclass(frozen=True, slots=True)
class SentenceCues:
    """Where the status cues of a sentence stand (token indices)."""

    goals: tuple[int, ...]
    forecasts: tuple[int, ...]
    actual: tuple[int, ...]
    breaks: tuple[int, ...]
    assigned: tuple[tuple[int, int], ...] = ()  # (start, length) of assignment cues (giao, kế hoạch …)
    opens: frozenset = frozenset()  # where a bracket opens
    blocked: frozenset = frozenset()  # words an assignment cue does not reach across

    @classmethod
    def read(cls, tokens: list[Token], words: list[str], paragraph_target: bool = True) -> "SentenceCues":
        """The cues of a sentence; with ``paragraph_target`` False and no goal word in it, none are
        looked for (``actual`` cues matter only after a goal)."""
        ctx = _ctx()
        if not paragraph_target and _status_firsts().isdisjoint(words):
            return cls((), (), (), ())  # no goal word and no goal before: every fact is actual
        breaks = tuple(k for k, t in enumerate(tokens) if t.kind == PUNCT and t.text in _CLAUSE_BREAKS)
        # one pass over the words: where each kind of cue phrase starts
        hits: dict[str, list[tuple[int, int]]] = {name: [] for name in _CUE_TABLES}
        starting = _cue_tables_by_first()
        for k, w in enumerate(words):
            for name, table in starting.get(w, ()):
                hit = table.match_at(words, k)
                if hit is not None:
                    hits[name].append((k, hit[0]))
        masked = {x for k, n in hits["not_target"] for x in range(k, k + n)}
        not_actual = {x for k, n in hits["not_actual"] for x in range(k, k + n)}

        def real(k: int) -> bool:
            prev_tok = tokens[k - 1] if k >= 1 else None
            after_number = prev_tok is not None and (prev_tok.kind == NUM or prev_tok.text == "%")
            return not (k in masked or (k >= 1 and words[k - 1] in ctx.cue_blockers)
                        or (after_number and ctx.bases.match_at(words, k)))

        goals = [k for k, _ in hits["target"] if real(k)]
        forecasts = [k for k, _ in hits["forecast"] if real(k)]
        actual = [k for k, _ in hits["actual"] if k not in not_actual]
        assigned = tuple((k, n) for k, n in hits["assigned"] if real(k))
        opens = frozenset(k for k in breaks if tokens[k].text == "(") if assigned else frozenset()
        blocked = frozenset(k for k, w in enumerate(words) if w in ctx.assigned_blockers
                            or (w in ctx.assigned_beneficiary and k + 1 < len(tokens) and tokens[k + 1].kind == NUM)) \
            if assigned else frozenset()
        return cls(tuple(goals), tuple(forecasts), tuple(actual), breaks, assigned, opens, blocked)

    def assigned_to(self, i: int, values: set | frozenset = frozenset()) -> bool:
        """An assignment cue governs the number at token i: ``HĐND tỉnh giao là 25%``, ``kế hoạch HĐND
        tỉnh giao (7 - 7,5%)``; no value number (``values``), actual cue, clause break or blocker word
        between, and at most a few words."""
        for k, n in reversed(self.assigned):
            if k + n > i:
                continue
            between = range(k + n, i)
            if len(between) > _ASSIGNED_REACH:
                return False
            if any(x in values or x in self.blocked for x in between) or any(k < a < i for a in self.actual):
                return False
            if any(b in between and not (b == k + n and b in self.opens) for b in self.breaks):
                return False
            return True
        return False

    def status(self, i: int, paragraph_target: bool, values: set | frozenset = frozenset()) -> str:
        if self.assigned and self.assigned_to(i, values):
            return "target"
        before = [k for k in self.goals if k < i]
        if before:
            return "actual" if any(before[-1] < a < i for a in self.actual) else "target"
        # a forecast reaches to the end of its clause, or the whole sentence when it opens it
        if any(k < i and (k <= 1 or not any(k < b < i for b in self.breaks)) for k in self.forecasts):
            return "target"
        if paragraph_target and not any(a < i for a in self.actual):
            return "target"
        return "actual"

    @property
    def sets_target(self) -> bool:
        return bool(self.goals)


def is_frame(words: list[str], d: Draft) -> bool:
    """A temporal draft that says when the following facts happen (not a basis like ``cùng kỳ năm 2015``)."""
    if d.kind not in TEMPORAL or not d.date[:4].isdigit():
        return False  # "quý IV" with no year says nothing a table can use
    back = words[max(0, d.i - 3):d.i]
    if any(w in _words().frame_blockers for w in back[-2:]) or any(w in _words().compare for w in back):
        return False
    if day_precise(d.date):
        # a bare stamp (``30/03/2022``, ``Cập nhật: 15/02/2023``) is no event of the sentence: only a day
        # introduced by a day word (``ngày 15/3/2024``, ``tính đến ngày 30/6``) frames what follows, and
        # not when the sentence says it is the day something was said (``Ngày 15/01/2024, Sở … cho biết``)
        tem = lexicon().times
        if any(w in _words().cumulative_day for w in words[max(0, d.i - 3):d.i]):
            return True  # "tính đến 30/6/2024", "đến thời điểm 15/8/2015": the day a stock is counted
        if not (words[d.i] in tem.day or tem.day_cues.match_before(words, d.i) is not None):
            return False
        verbs = _ctx().report_verbs
        return not any(verbs.match_at(words, k) for k in range(d.j, len(words)) if words[k] in verbs.firsts)
    return True


def day_precise(date: str) -> bool:
    """``2023-10-12`` or a span of days ``2023-10-12/2023-10-13`` (not a month, quarter or year)."""
    return len(date) >= 10 and date[4] == "-" and date[7] == "-"


def metric(tokens: list[Token], words: list[str], i: int, temporal_spans: list[tuple[int, int]],
           text: str, offset: int, floor: int = 0) -> str:
    """A short label of what the number at token ``i`` measures: the head of its clause (not reaching
    back past ``floor``, the end of the previous fact), without goal words, the cue words next to the
    number, or a time expression; for ``- Thu từ doanh nghiệp nhà nước: 512,4 tỷ đồng`` the label
    before the colon."""
    ctx = _ctx()
    start = clause_start(tokens, i, floor)
    k = _strip_cues(words, start, i)
    if k == start and start >= 2 and tokens[start - 1].text == ":" and start - 1 > floor:
        # "label: number" — the words before the colon name it
        k = start - 1
        start = clause_start(tokens, k, floor)
    # "toàn tỉnh phấn đấu giải quyết việc làm cho": what is measured comes after the goal words
    firsts = _goal_firsts()
    for x in range(k - 1, start - 1, -1):
        goal = (ctx.target.match_at(words, x) or ctx.forecast.match_at(words, x)) if words[x] in firsts else None
        if goal is not None:
            start = x + goal[0]
            break
    # a time expression opening the clause is skipped; one inside it ends the label
    for s, e in sorted(temporal_spans):
        if s <= start < e:
            start = e
        elif start < s < k:
            k = _strip_cues(words, start, s)
            break
    kept = tokens[start:k]
    while kept and (kept[0].kind == PUNCT or _is_bullet(kept[0])):
        kept = kept[1:]
    while kept and kept[-1].kind == PUNCT:
        kept = kept[:-1]
    kept = kept[:10]
    if not kept or all(t.kind == NUM for t in kept):
        return ""
    return text[kept[0].start - offset:kept[-1].end - offset]


_BULLET_MARKS = {"-", "+", "–", "•", "*"}


def _is_bullet(tok: Token) -> bool:
    return tok.text in _BULLET_MARKS or tok.low in _words().list_letters


def _strip_cues(words: list[str], start: int, k: int) -> int:
    """Move ``k`` left over the cue words (đạt, ước, tăng, hơn …) that stand right before it."""
    names = ("directions", "qualifiers", "linkers")
    lasts = _lasts(names)
    tables = _tables_of(names)
    while k > start and words[k - 1] in lasts:
        n = max((h[0] for h in (table.match_before(words, k) for _, table in tables) if h), default=0)
        if n == 0 or k - n < start:
            break
        k -= n
    return k
