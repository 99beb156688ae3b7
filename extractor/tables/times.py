"""Times in headers, row labels and captions (TABLES §4), read by the prose time reader.

A header's time is the first time it names ("Tháng 10/2023 so với cùng kỳ năm trước" → 2023-10); a
time with no year ("Tháng 7", "Quý I", "6 tháng đầu năm") takes the year of the other header, the
row, or the caption.

>>> time_of("Lũy kế 10 tháng năm 2023")
'2023-01/2023-10'
>>> fill_year("--07", "2018"), fill_year("Q1", "2008-05"), fill_year("01/09", "2024")
('2018-07', '2008-Q1', '2024-01/2024-09')
>>> is_time_only("Sơ bộ 2019"), is_time_only("Tháng 1"), is_time_only("Bình quân tháng")
(True, True, False)
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..lexicon import lexicon
from ..facts.scan import scan
from ..repair import repair
from ..tokens import NUM, PUNCT, WORD, tokenize
from ..triggers import may_hold_a_fact

_YEAR = regex.compile(r"^(?:19|20)\d\d$")
_FULL = regex.compile(r"^\d{4}")


def _year_token(tok) -> int | None:
    return int(tok.text) if tok.kind == NUM and _YEAR.match(tok.text) else None


# the OCR rules a header or label is read through for its times (``Quý l/2024``, ``Tháng l2/2023``,
# ``Năm 202 3``); a table's cells are never repaired, only how their times are read
_TIME_RULES = ("digits.letter", "digits.split")


@lru_cache(maxsize=8192)
def times(text: str) -> tuple[tuple[str, int, int], ...]:
    """Every time a header or label names: (date, first token, end token), in order, token indices
    of ``text``. Read through the OCR rules of numbers and time words (an OCR'd header says
    ``Quý l/2024``). Besides what the prose reader finds: a bare count of months ("10 tháng" → 01/10)
    and a year over a year ("2023/2022", the first is the time)."""
    fixed, offsets = repair(text, _TIME_RULES)
    if fixed == text:
        return _times(text)
    tokens = tokenize(text)
    fixed_tokens = tokenize(fixed)
    out = []
    for date, i, j in _times(fixed):
        start, end = offsets.to_source(fixed_tokens[i].start, fixed_tokens[j - 1].end)
        first = next(k for k, t in enumerate(tokens) if t.end > start)
        last = max(k for k, t in enumerate(tokens) if t.start < end)
        out.append((date, first, last + 1))
    return tuple(out)


def _times(text: str) -> tuple[tuple[str, int, int], ...]:
    if not may_hold_a_fact(text) and not _quarter_word(text):
        return ()  # no digit, no number, half or quarter word: no time (most labels)
    tokens = tokenize(text)
    if not tokens:
        return ()
    words = [t.low for t in tokens]
    found = [(d.date, d.i, d.j) for d in scan(tokens, text, 0) if d.kind in ("year", "date", "period") and d.date]
    taken = {k for _, i, j in found for k in range(i, j)}
    month = lexicon().times.month
    for i, tok in enumerate(tokens):
        if i in taken:
            continue
        if tok.kind == NUM and tok.text.isdigit() and 2 <= int(tok.text) <= 12 and i + 1 < len(tokens) \
                and words[i + 1] in month and i + 1 not in taken:
            found.append((f"01/{int(tok.text):02d}", i, i + 2))
            taken.update((i, i + 1))
        elif _year_token(tok) and i + 2 < len(tokens) and tokens[i + 1].text == "/" and _year_token(tokens[i + 2]):
            found.append((tok.text, i, i + 1))
            found.append((tokens[i + 2].text, i + 2, i + 3))
            taken.update((i, i + 1, i + 2))
        elif _year_token(tok) and i not in taken:
            found.append((tok.text, i, i + 1))  # a year the prose reader leaves alone ("2023 (%)")
            taken.add(i)
    return tuple(sorted(found, key=lambda x: x[1]))


def _quarter_word(text: str) -> bool:
    low = text.lower()
    return any(q in low for q in lexicon().times.quarter)


def time_of(text: str) -> str:
    """The first time a header names, or ""."""
    found = times(text)
    return found[0][0] if found else ""


def has_year(date: str) -> bool:
    return bool(_FULL.match(date))


def year_of(date: str) -> str:
    return date[:4] if has_year(date) else ""


def fill_year(date: str, other: str) -> str:
    """A time with no year given the year of ``other`` (a time with one); else unchanged."""
    year = year_of(other)
    if not date or has_year(date) or not year:
        return date
    if date.startswith("--"):
        return year + date[1:]
    if "/" in date:  # 01/09: months 1..9
        a, b = date.split("/", 1)
        return f"{year}-{a}/{year}-{b}"
    return f"{year}-{date}"


def combine(*dates: str) -> str:
    """One period from the times of a cell's row, column and caption (most specific first): the first
    time with a year, a time without one filled with the year of the next that has one."""
    dates = [d for d in dates if d]
    for k, d in enumerate(dates):
        if has_year(d):
            return d
        year = next((o for o in dates[k + 1:] if has_year(o)), "")
        if year:
            return fill_year(d, year)
    return dates[0] if dates else ""


@lru_cache(maxsize=8192)
def is_time_only(text: str) -> bool:
    """A label or header that names only a time ("2015", "Sơ bộ 2023", "Tháng 1", "Quý I/2024",
    "Năm học 2019-2020", "Cả năm"): nothing else is left once its time and the words beside times
    are read."""
    found = times(text)
    tokens = tokenize(text)
    words = [t.low for t in tokens]
    if not found:  # "Cả năm": time words alone, no number
        tem = lexicon().times
        if not any(w in tem.year or w in tem.month or w in tem.quarter for w in words) or len(words) > 4:
            return False
    covered = {k for _, i, j in found for k in range(i, j)}
    beside = lexicon().tables.beside_time
    i = 0
    while i < len(tokens):
        if i in covered or tokens[i].kind == PUNCT:
            i += 1
            continue
        hit = beside.match_at(words, i)
        if hit is None or tokens[i].kind != WORD:
            return False
        i += hit[0]
    return True
