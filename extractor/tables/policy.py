"""What a header (or a row label, a section row) says about the numbers under it: status, qualifier,
comparison basis and time (TABLES §2, §4, §5).

Goal words are the prose's plan bases and goal cues ("Kế hoạch", "KH", "Dự toán", "Mục tiêu", "Dự
kiến"); estimate words are the prose's ("Ước", "Ước tính") and the tables' own ("ƯTH"). A comparison
is a base after "so với"/"so", after a slash ("TH/KH", "2023/2022") or a "%" ("% KH"), a base set to
100 ("Năm trước = 100"), or a base alone in a header that says "%" ("Cùng kỳ (%)").

:func:`basis` answers None when a text compares with nothing, "" when it compares with a fixed base
("so với tháng 12 năm 2017", "kỳ gốc").

>>> basis("Tháng 10/2023 so với cùng kỳ năm trước (%)"), basis("TH/KH"), basis("2023/2022 (%)")
('same_period', 'plan', 'previous_year')
>>> basis("Tháng 12 năm báo cáo so với tháng 12 năm trước"), basis("Năm trước = 100"), basis("Năm 2023")
('', 'previous_year', None)
>>> status_of(("Kế hoạch năm 2021 Quốc hội giao",)), status_of(("So với KH (%)",))
('target', 'actual')
"""
from __future__ import annotations

from functools import lru_cache

from ..lexicon import Cues, TableWords, lexicon
from ..tokens import NUM, tokenize
from .times import has_year, times, year_of


def _ctx() -> Cues:
    return lexicon().cues


def _tab() -> TableWords:
    return lexicon().tables


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[tuple, tuple[str, ...]]:
    tokens = tokenize(text)
    return tuple(tokens), tuple(t.low for t in tokens)


def _named(words: list[str], k: int, text: str, tokens, period: str) -> str:
    """The basis of a named base period after an introducer: the year before the header's own year
    is the previous year; any other named time is a fixed base."""
    rest = text[tokens[k].start:] if k < len(tokens) else ""
    found = times(rest)
    if found and found[0][1] <= 1 and has_year(found[0][0]) and len(found[0][0]) == 4 and year_of(period):
        if int(found[0][0]) == int(year_of(period)) - 1:
            return "previous_year"
    return ""


@lru_cache(maxsize=8192)
def comparison_at(text: str) -> tuple[int, str | None]:
    """Where a text's comparison starts (token index, len when none) and its basis (see the module)."""
    tokens, words = _words(text)
    words = list(words)
    bases, intro = _ctx().bases, _ctx().basis_introducers
    period = next((d for d, i, _ in times(text) if has_year(d)), "")
    compare = _tab().compare
    n = len(words)
    for k in range(n):
        hit = compare.match_at(words, k)
        if hit:  # "So sánh (%)": compares; its sub-header names the base, or a base further on does
            # ("So sánh ước thực hiện với dự toán (%)")
            return k, next((b[1] for i in range(k + hit[0], n) if (b := bases.match_at(words, i))), None)
        hit = intro.match_at(words, k)
        if hit:
            return k, _base_after(words, k + hit[0], text, tokens, period, bases, default="")
        tok = tokens[k]
        if tok.text in ("/", "%") and k + 1 < n:
            b = bases.match_at(words, k + 1)
            if b:
                return k, b[1]
            if tok.text == "/":
                a, b2 = _year_near(tokens, k - 1, -1), _year_near(tokens, k + 1, 1)
                if a and b2 and 1900 <= b2 < a <= 2100:  # 2023/2022, "TH 2023/TH 2022": a year over a base year
                    return k, "previous_year" if a - b2 == 1 else ""
        b = bases.match_at(words, k)
        if b:
            j = k + b[0]
            if j + 1 < n and tokens[j].text == "=" and tokens[j + 1].text == "100":
                return k, b[1]
        f = _tab().fixed_bases.match_at(words, k)
        if f:
            j = k + f[0]
            if j + 1 < n and tokens[j].text == "=" and tokens[j + 1].text == "100":
                return k, ""
    return n, None


def _year_near(tokens, k: int, step: int) -> int | None:
    """A year at token k or one word further (a status word between: "TH 2023/TH 2022")."""
    for j in (k, k + step):
        if 0 <= j < len(tokens) and tokens[j].kind == NUM and len(tokens[j].text) == 4 and tokens[j].text.isdigit():
            return int(tokens[j].text)
        if not (0 <= j < len(tokens)) or tokens[j].kind == NUM or len(tokens[j].text) > 3:
            return None
    return None


def _base_after(words, k: int, text: str, tokens, period: str, bases, default):
    """The base right after an introducer: a base phrase, a fixed base, a named period."""
    while k < len(words) and (words[k] in _tab().base_link or words[k] in (":", "(", "-")):
        k += 1
    if k >= len(words):
        return default
    b = bases.match_at(words, k)
    if b:
        return b[1]
    if _tab().fixed_bases.match_at(words, k):
        return ""
    if tokens[k].text in ("%",):
        return _base_after(words, k + 1, text, tokens, period, bases, default)
    named = _named(words, k, text, tokens, period)
    return named if named or times(text[tokens[k].start:]) else default


def basis(text: str, percent_hint: bool = False) -> str | None:
    """The basis a header or label states (None: no comparison); with ``percent_hint`` (the header
    says "%") a base alone also compares ("Cùng kỳ (%)")."""
    k, got = comparison_at(text)
    if got is not None or k < len(_words(text)[1]):
        return got
    if percent_hint:  # "Cùng kỳ (%)"; but "Kế hoạch (%)" is a plan stated in percent, not a comparison
        tokens, words = _words(text)
        for i in range(len(words)):
            b = _ctx().bases.match_at(list(words), i)
            if b and b[1] != "plan":
                return b[1]
    return None


def is_comparison(text: str) -> bool:
    k, got = comparison_at(text)
    return got is not None or k < len(_words(text)[1])


def _cue(words: list[str], end: int) -> str:
    """The first status cue among ``words[:end]``: "target", "actual" or ""."""
    ctx, tab = _ctx(), _tab()
    i = 0
    while i < end:
        skip = ctx.not_target.match_at(words, i)
        if skip:
            i += skip[0]
            continue
        b = ctx.bases.match_at(words, i)
        if b and b[1] == "plan" and i + b[0] <= end:
            return "target"
        if ctx.target.match_at(words, i) or ctx.forecast.match_at(words, i):
            return "target"
        # "Thực hiện tháng 9", "Ước TH 2023" open their header; in "Kinh phí thực hiện tự chủ" the
        # word names the funds, not what happened
        if i == 0 and (tab.actual.match_at(words, i) or tab.estimate.match_at(words, i)
                       or ctx.clause_approx.match_at(words, i)):
            return "actual"
        i += 1
    return ""


def status_of(levels: tuple[str, ...]) -> str:
    """``target`` when the lowest header level with a status word names a plan or goal (before any
    comparison it makes), else ``actual``."""
    for level in reversed(levels):
        k, _ = comparison_at(level)
        cue = _cue(list(_words(level)[1]), k)
        if cue:
            return cue
    return "actual"


def is_estimate(levels: tuple[str, ...]) -> bool:
    """A header that marks an estimate ("Ước tính tháng 10", "ƯTH 2023")."""
    ctx, tab = _ctx(), _tab()
    for level in levels:
        words = list(_words(level)[1])
        k, _ = comparison_at(level)
        for i in range(min(k, len(words))):
            if tab.estimate.match_at(words, i) or ctx.clause_approx.match_at(words, i):
                return True
    return False


def time_before_comparison(text: str) -> str:
    """The first time a header names before its comparison ("Năm 2022 so với năm 2021" → 2022)."""
    k, _ = comparison_at(text)
    for date, i, _ in times(text):
        if i < k:
            return date
    return ""


def ends_with_introducer(text: str) -> bool:
    """A header that ends with "so với" (its sub-headers name what it compares with)."""
    tokens, words = _words(text)
    n = len(words)
    while n and tokens[n - 1].text in ":-–()":
        n -= 1
    hit = _ctx().basis_introducers.match_before(list(words), n)
    return bool(hit)
