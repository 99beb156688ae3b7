"""Years, dates and periods: ``năm 2024``, ``29/12/2023``, ``ngày 15 tháng 3 năm 2024``, ``quý I/2024``,
``6 tháng đầu năm``, ``giai đoạn 2021-2025``. Cases: ``tests/corpus/temporal.jsonl``.

Each matcher takes the token index where a time expression may start and returns
``(next index, drafts)`` or None; an impossible date (31/02) is read and dropped.
"""
from __future__ import annotations

from collections.abc import Set as AbstractSet
from decimal import Decimal

import regex

from ..numbers import real_date
from ..tokens import NUM, WORD, Token
from .cursor import DASHES as _DASHES
from .quantities import Quantities
from .draft import Draft

_DATE_SEPS = {"/", "-", ".", "–"}
_DOTTED_DATE = regex.compile(r"(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)")


def _year(tok: Token) -> int | None:
    if tok.kind == NUM and len(tok.text) == 4 and tok.text.isdigit():
        y = int(tok.text)
        if 1900 <= y <= 2100:
            return y
    return None


def _small(tok: Token | None, lo: int, hi: int) -> int | None:
    if tok is not None and tok.kind == NUM and tok.text.isdigit() and len(tok.text) <= 2:
        v = int(tok.text)
        if lo <= v <= hi:
            return v
    return None


def _day(y: int | None, mo: int, d: int) -> str:
    return (f"{y:04d}" if y is not None else "-") + f"-{mo:02d}-{d:02d}"


class TimeReader(Quantities):
    # --- temporal ----------------------------------------------------------------------------
    def temporal(self, i: int):
        """The matchers that can start at token i, by its shape (a number) or its word."""
        tok, tem = self.t[i], self.tab.temporal
        matchers: tuple
        if tok.kind == NUM:
            text = tok.text
            if not text.isdigit():
                matchers = (self.full_date,) if text.count(".") == 2 else ()
            elif len(text) <= 2:
                matchers = (self.full_date, self.half, self.month_span)
            elif len(text) == 4:
                matchers = (self.year_range, self.year)
            else:
                matchers = ()
        elif tok.low in tem.day:
            matchers = (self.day_month_words,)
        elif tok.low in tem.month:
            matchers = (self.month_year,)
        elif tok.low in tem.quarter:
            matchers = (self.quarter,)
        else:
            matchers = (self.half,)
        for matcher in matchers:
            res = matcher(i)
            if res is not None:
                return res
        return None

    def _with_lead(self, i: int, words: AbstractSet[str]) -> int:
        """Index of a leading word (ngày/năm) right before token i, to include it in the span."""
        return i - 1 if i >= 1 and self.w[i - 1] in words else i

    def _year_after(self, j: int) -> tuple[int | None, int] | None:
        """A year right after token j-1, through '/', '-' or 'năm': (year, next index)."""
        tab = self.tab.temporal
        if self.is_punct(j, _DATE_SEPS) and self.tok(j + 1) is not None and _year(self.t[j + 1]):
            return _year(self.t[j + 1]), j + 2
        if j < self.n and self.w[j] in tab.year and self.tok(j + 1) is not None and _year(self.t[j + 1]):
            return _year(self.t[j + 1]), j + 2
        return None

    def _maybe_year(self, kind: str, i: int, k: int, suffix: str):
        """A date or period from token i to k, with the year that follows if any: ``2024-Q1`` or ``Q1``,
        ``2024-06`` or ``--06`` (``suffix`` is ``Q1`` or ``-06``)."""
        y = self._year_after(k)
        if y is None:
            return k, [Draft(kind, i, k, date=("-" + suffix) if suffix.startswith("-") else suffix)]
        return y[1], [Draft(kind, i, y[1], date=f"{y[0]:04d}" + (suffix if suffix.startswith("-") else "-" + suffix))]

    def full_date(self, i: int):
        tok = self.t[i]
        if tok.kind != NUM:
            return None
        m = _DOTTED_DATE.fullmatch(tok.text)
        if m:
            dd, mm, yy = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if 1 <= dd <= 31 and 1 <= mm <= 12:
                if not real_date(yy, mm, dd):
                    return i + 1, []  # 31.02.2023: an impossible date is no date
                return i + 1, [Draft("date", self._with_lead(i, self.tab.temporal.day), i + 1,
                                     date=_day(yy, mm, dd))]
            return None
        d = _small(tok, 1, 31)
        if d is None or not self.is_punct(i + 1, _DATE_SEPS):
            return None
        span = self.day_span(i)
        if span is not None:
            return span
        sep = self.t[i + 1].text
        mo = _small(self.tok(i + 2), 1, 12) if self.tok(i + 2) else None
        if mo is None:
            return None
        if self.is_punct(i + 3, {sep}) and self.tok(i + 4) is not None and _year(self.t[i + 4]):
            y = _year(self.t[i + 4])
            if not real_date(y, mo, d):
                return i + 5, []  # 31/02/2023: an impossible date is no date
            return i + 5, [Draft("date", self._with_lead(i, self.tab.temporal.day), i + 5, date=_day(y, mo, d))]
        # a day and month with no year: only after a day cue (ngày 16/1, chiều 9/7)
        cue = self.tab.temporal.day_cues.match_before(self.w, i)
        if cue is not None and not (self.tok(i + 3) and self.t[i + 3].kind == NUM and self.glued(i + 2, i + 3)):
            if self.is_punct(i + 3, {","}) and self.tok(i + 4) is not None and self.t[i + 4].kind == NUM \
                    and self.glued(i + 3, i + 4):
                return None  # 1-1,5: a range with a decimal, not a date
            if not real_date(None, mo, d):
                return None
            return i + 3, [Draft("date", i - cue[0], i + 3, date=_day(None, mo, d))]
        return None

    def day_span(self, i: int):
        """``ngày 12-13/10/2023`` → one date ``2023-10-12/2023-10-13``; with no year (``ngày 5-6/9``) only
        after a day cue; across months ``ngày 30/9-1/10/2023`` → ``2023-09-30/2023-10-01``."""
        across = self._span_across_months(i)
        if across is not None:
            return across
        d1 = _small(self.t[i], 1, 31)
        if d1 is None or not self.is_punct(i + 1, {"-", "–"}) or self.tok(i + 2) is None:
            return None
        d2 = _small(self.t[i + 2], 1, 31)
        if d2 is None or d2 <= d1 or not self.is_punct(i + 3, {"/", "."}) or self.tok(i + 4) is None:
            return None
        mo = _small(self.t[i + 4], 1, 12)
        if mo is None or (self.tok(i + 5) is not None and self.t[i + 5].kind == NUM and self.glued(i + 4, i + 5)):
            return None
        sep = self.t[i + 3].text
        y, end = None, i + 5
        if self.is_punct(i + 5, {sep}) and self.tok(i + 6) is not None and _year(self.t[i + 6]):
            y, end = _year(self.t[i + 6]), i + 7
        start = self._with_lead(i, self.tab.temporal.day)
        if y is None:
            cue = self.tab.temporal.day_cues.match_before(self.w, i)
            if cue is None:
                return None
            start = i - cue[0]
        if not (real_date(y, mo, d1) and real_date(y, mo, d2)):
            return end, []
        return end, [Draft("date", start, end, date=f"{_day(y, mo, d1)}/{_day(y, mo, d2)}")]

    def _span_across_months(self, i: int):
        """d1/m1-d2/m2/yyyy (one year written at the end)."""
        toks = [self.tok(i + k) for k in range(7)]
        if any(t is None for t in toks) or not (self.is_punct(i + 1, {"/"}) and self.is_punct(i + 3, {"-", "–"})
                                                and self.is_punct(i + 5, {"/"}) and self.is_punct(i + 7, {"/"})):
            return None
        d1, m1, d2 = _small(toks[0], 1, 31), _small(toks[2], 1, 12), _small(toks[4], 1, 31)
        m2 = _small(toks[6], 1, 12)
        y = _year(self.t[i + 8]) if self.tok(i + 8) is not None else None
        if d1 is None or m1 is None or d2 is None or m2 is None or y is None or not m1 < m2:
            return None
        start = self._with_lead(i, self.tab.temporal.day)
        if not (real_date(y, m1, d1) and real_date(y, m2, d2)):
            return i + 9, []
        return i + 9, [Draft("date", start, i + 9, date=f"{_day(y, m1, d1)}/{_day(y, m2, d2)}")]

    def day_month_words(self, i: int):
        """ngày 15 tháng 3 năm 2024"""
        tab = self.tab.temporal
        if self.w[i] not in tab.day:
            return None
        d = _small(self.tok(i + 1), 1, 31) if self.tok(i + 1) else None
        if d is not None and self.is_punct(i + 2, {"-", "–"}) and self.tok(i + 3) is not None:
            span = self._day_span_words(i, d)  # ngày 12-13 tháng 10 năm 2023
            if span is not None:
                return span
        if d is None or self.tok(i + 2) is None or self.w[i + 2] not in tab.month:
            return None
        mo = _small(self.tok(i + 3), 1, 12) if self.tok(i + 3) else None
        if mo is None:
            return None
        end, drafts = self._maybe_year("date", i, i + 4, f"-{mo:02d}-{d:02d}")
        y = int(drafts[0].date[:4]) if drafts[0].date[:4].isdigit() else None
        return (end, drafts) if real_date(y, mo, d) else (end, [])

    def _day_span_words(self, i: int, d1: int):
        d2 = _small(self.t[i + 3], 1, 31)
        if d2 is None or d2 <= d1 or self.tok(i + 4) is None or self.w[i + 4] not in self.tab.temporal.month:
            return None
        mo = _small(self.tok(i + 5), 1, 12) if self.tok(i + 5) else None
        if mo is None:
            return None
        y = self._year_after(i + 6)
        end = y[1] if y else i + 6
        year = y[0] if y else None
        if not (real_date(year, mo, d1) and real_date(year, mo, d2)):
            return end, []
        return end, [Draft("date", i, end, date=f"{_day(year, mo, d1)}/{_day(year, mo, d2)}")]

    def month_year(self, i: int):
        """tháng 6/2024, tháng 3 - 2006, tháng 6 năm 2024; a month alone is a date with no year."""
        tab = self.tab.temporal
        if self.w[i] not in tab.month:
            return None
        mo = _small(self.tok(i + 1), 1, 12) if self.tok(i + 1) else None
        if mo is None:
            return None
        if self.is_punct(i + 2, _DATE_SEPS) and self.tok(i + 3) is not None and self.t[i + 3].kind == NUM \
                and _small(self.t[i + 3], 1, 31) is not None and not _year(self.t[i + 3]):
            return None  # tháng 6/12 is not a month-year
        if self._year_after(i + 2) is None and self.tok(i + 2) is not None and self.t[i + 2].kind == NUM:
            return None
        return self._maybe_year("date", i, i + 2, f"-{mo:02d}")

    def quarter(self, i: int):
        tab = self.tab.temporal
        if self.w[i] not in tab.quarter or self.tok(i + 1) is None:
            return None
        nxt = self.t[i + 1]
        q = tab.roman.get(nxt.low) if nxt.kind == WORD and nxt.text.isupper() else _small(nxt, 1, 4)
        if q is None:
            return None
        return self._maybe_year("period", i, i + 2, f"Q{q}")

    def half(self, i: int):
        hit = self.tab.temporal.halves.match_at(self.w, i)
        if hit is None:
            return None
        n, which = hit
        h = {"first": "H1", "second": "H2", "q1": "Q1"}[which]
        j = i + n
        if j < self.n and _year(self.t[j]):
            return j + 1, [Draft("period", i, j + 1, date=f"{_year(self.t[j]):04d}-{h}")]
        y = self._year_after(j)
        if y is not None:
            return y[1], [Draft("period", i, y[1], date=f"{y[0]:04d}-{h}")]
        return j, [Draft("period", i, j, date=h)]

    def month_span(self, i: int):
        """9 tháng năm 2023 → months 1..9 of 2023; '9 tháng' with no year is a period with no year."""
        months = _small(self.t[i], 2, 11)
        if months is None or self.tok(i + 1) is None or self.w[i + 1] not in self.tab.temporal.month:
            return None
        j = i + 2
        if j + 1 < self.n and self.w[j] in self.st.start_of and self.w[j + 1] in self.tab.temporal.year:
            j += 2
            if j < self.n and _year(self.t[j]):
                yr = _year(self.t[j])
                return j + 1, [Draft("period", i, j + 1, date=f"{yr:04d}-01/{yr:04d}-{months:02d}")]
            return j, [Draft("period", i, j, date=f"01/{months:02d}")]
        if j < self.n and self.w[j] in self.st.of:  # "10 tháng của năm 2024"
            j += 1
        y = self._year_after(j)
        if y is None and j < self.n and _year(self.t[j]):  # "8 tháng 2025"
            y = (_year(self.t[j]), j + 1)
        if y is not None:
            return y[1], [Draft("period", i, y[1], date=f"{y[0]:04d}-01/{y[0]:04d}-{months:02d}")]
        return None

    def year_range(self, i: int):
        first = _year(self.t[i])
        slash = self.is_punct(i + 1, "/") and self.tab.temporal.span_cues.match_before(
            self.w, self._with_lead(i, self.tab.temporal.year))  # niên vụ 2023/2024
        if first is None or not (self.is_punct(i + 1, _DASHES) or slash
                                 or (self.tok(i + 1) and self.w[i + 1] in self.st.range_to)):
            return None
        second = _year(self.t[i + 2]) if self.tok(i + 2) is not None else None
        if second is None or not (first < second <= first + 50):
            return None
        start = self._with_lead(i, self.tab.temporal.year)
        return i + 3, [Draft("year", start, i + 3, value=Decimal(first), value_max=Decimal(second),
                             date=f"{first}/{second}")]

    def year(self, i: int):
        tab = self.tab.temporal
        y = _year(self.t[i])
        if y is None:
            return None
        lead = i >= 1 and self.w[i - 1] in tab.year
        if not lead and self._has_unit_after(i + 1):
            return None
        if not lead and (self.is_punct(i + 1, "/.,") and self.glued(i, i + 1)
                         and self.tok(i + 2) is not None and self.t[i + 2].kind == NUM):
            return None
        return i + 1, [Draft("year", i - 1 if lead else i, i + 1, value=Decimal(y), date=f"{y:04d}")]

