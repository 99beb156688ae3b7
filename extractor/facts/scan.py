"""Reading the numbers of one sentence: identifiers skipped, then temporal, then numeric facts.

Works on the regex tokens of :mod:`extractor.tokens`. Each matcher looks at the tokens from an
index and returns ``(next index, drafts)`` or None; the first matcher that answers wins.
The only model call is :func:`NounTagger` for a word after a number that no lexicon knows.
"""
from __future__ import annotations

import calendar
from collections.abc import Callable
from decimal import Decimal
from functools import cache

import regex

from .. import resources
from ..numbers import number_word, parse_digits, scaled, words_value
from ..tokens import NUM, PUNCT, WORD, Token
from .draft import Draft

# answers the counted noun after a number (token index) or "" when none; see extractor.nlp
NounTagger = Callable[[list[Token], int], str]

_DASHES = {"-", "–", "—", "~", "÷"}
_MINUS = {"-", "−"}  # a hyphen-minus or the minus sign, written against the digits
_TRUE_MINUS = "−"  # U+2212 is never a list dash
_SIGN_AFTER = {"(", ":", ";", ",", "="}  # punctuation after which a glued minus is a sign: "(-0,5%)"
_DATE_SEPS = {"/", "-", ".", "–"}
WORDS_NUMBER_MAX = 40  # words in one number spelled out ("hai tỷ, bốn trăm năm mươi triệu …" is far shorter)
_URL = regex.compile(r"\S+@\S+\.\w+|(?:https?://|www\.)\S+|\b[\w.-]+\.(?:vn|com|net|org|gov|edu|int)(?:/\S*)?\b",
                     regex.IGNORECASE)
_DIGITS_HEAD = regex.compile(r"\d+")
# substrings without which no e-mail or web address can be in a sentence (a cheap test first)
_URL_HINTS = ("@", "www", "WWW", "http", "HTTP", ".vn", ".VN", ".com", ".COM", ".net", ".org", ".gov", ".edu", ".int")
_DOTTED_DATE = regex.compile(r"(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)")


def _year(tok: Token) -> int | None:
    if tok.kind == NUM and len(tok.text) == 4 and tok.text.isdigit():
        y = int(tok.text)
        if 1900 <= y <= 2100:
            return y
    return None


def _small(tok: Token, lo: int, hi: int) -> int | None:
    if tok.kind == NUM and tok.text.isdigit() and len(tok.text) <= 2:
        v = int(tok.text)
        if lo <= v <= hi:
            return v
    return None


def _real_date(y: int | None, mo: int, d: int) -> bool:
    """A day that exists (31/02 does not; 29/02 only in a leap year, or when no year is written)."""
    return 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(2000 if y is None else y, mo)[1]


def _day(y: int | None, mo: int, d: int) -> str:
    return (f"{y:04d}" if y is not None else "-") + f"-{mo:02d}-{d:02d}"


def _temporal_triggers() -> frozenset:
    tem = resources.temporal()
    return frozenset(tem["day"] | tem["month"] | tem["quarter"])


@cache
def _tables() -> dict:
    ctx = resources.context()
    return {
        "scales": resources.numerals()["scales"],
        "abbrev": resources.numerals()["abbreviations"],
        "currencies": resources.currencies(),
        "currencies_before": resources.currencies_before(),
        "measures": resources.measures(),
        "durations": resources.durations(),
        "denominators": resources.rate_denominators(),
        "nouns": resources.counted_nouns(),
        "not_counted": resources.not_counted(),
        "temporal": resources.temporal(),
        "temporal_triggers": _temporal_triggers(),
        "triggers": _temporal_triggers() | resources.temporal()["halves"].firsts.keys()
        | resources.numerals()["words"].keys(),
        "percent_words": resources.PhraseTable.build(((w, True) for w in ctx["structure"]["percent_words"]),
                                                     "context.structure.percent_words"),
        "money_scale": resources.numerals()["bare_money_scale"],
        "ambiguous_number_words": resources.numerals()["ambiguous_alone"],
        "home_currency": resources.numerals()["home_currency"],
        "negative": resources.numerals()["negative"],
        "decimal_words": resources.numerals()["decimal_words"],
        **ctx,
    }


class SentenceScanner:
    """Reads the drafts of one sentence. ``prev_scaled`` carries nothing across sentences."""

    def __init__(self, tokens: list[Token], text: str, offset: int, tagger: NounTagger | None,
                 words: list[str] | None = None):
        self.t = tokens
        self.w = words if words is not None else [tok.low for tok in tokens]
        self.txt = [tok.text for tok in tokens]  # as written: currencies and measures are case-sensitive
        self.n = len(tokens)
        self.tagger = tagger
        self.tab = _tables()
        self.st = self.tab["structure"]
        self.masked = [(m.start() + offset, m.end() + offset) for m in _URL.finditer(text)] \
            if any(h in text for h in _URL_HINTS) else []

    # --- helpers -----------------------------------------------------------------------------
    def tok(self, i: int) -> Token | None:
        return self.t[i] if -1 < i < self.n else None

    def is_punct(self, i: int, chars) -> bool:
        tok = self.tok(i)
        return tok is not None and tok.kind == PUNCT and tok.text in chars

    def glued(self, i: int, j: int) -> bool:
        a, b = self.tok(i), self.tok(j)
        return a is not None and b is not None and a.end == b.start

    # --- driver ------------------------------------------------------------------------------
    def scan(self) -> list[Draft]:
        out: list[Draft] = []
        tab = self.tab
        temporal_words, halves_first = tab["temporal_triggers"], tab["temporal"]["halves"].firsts
        t, w = self.t, self.w
        # only numbers, number words and time words can start a fact: visit those tokens alone
        triggers = tab["triggers"]
        todo = [k for k in range(self.n) if t[k].kind == NUM or w[k] in triggers]
        done = 0
        for i in todo:
            if i < done:
                continue
            tok = t[i]
            res = None
            if tok.kind == NUM:
                res = self.identifier(i) or self.temporal(i) or self.numeric(i, out)
            else:
                if w[i] in temporal_words or w[i] in halves_first:
                    res = self.temporal(i)
                if res is None and number_word(w[i]) is not None:
                    res = self.words_number(i, out)
            if res is None:
                continue
            done, drafts = res
            out.extend(drafts)
        return out

    # --- identifiers: numbers that are names, not facts ---------------------------------------
    def _code_chain_end(self, i: int) -> tuple[int, bool]:
        """End of the glued run from token i and whether it holds letters after / or - (a code)."""
        j, coded = i + 1, False
        while j < self.n and self.glued(j - 1, j):
            tok = self.t[j]
            if tok.kind == PUNCT and tok.text in "/-.+_":
                j += 1
                continue
            if tok.kind == WORD and any(c.isupper() for c in tok.text) and self.is_punct(j - 1, "/-+_"):
                coded = True
            elif tok.kind == WORD:
                break
            j += 1
        return j, coded

    def identifier(self, i: int):
        t = self.t
        tok = t[i]
        if self.masked and any(s <= tok.start < e for s, e in self.masked):
            return self._skip(i)
        nxt = t[i + 1] if i + 1 < self.n else None
        glued_next = nxt is not None and nxt.start == tok.end
        end, coded = self._code_chain_end(i) if glued_next else (i + 1, False)
        if coded:
            return end, []
        prev = t[i - 1] if i else None
        # glued to letters on the left (COVID-19, H5N1, Km15): a code, unless the word is a cue (đạt16.743)
        if prev is not None and prev.end == tok.start:
            if prev.kind == WORD and prev.text[0].isupper() and prev.low not in self.tab["linkers"].entries \
                    and self.tab["currencies_before"].match_before(self.w, i, self.txt) is None:
                return self._skip(i)
            if prev.kind == PUNCT and prev.text in "-/" and self.tok(i - 2) is not None and \
                    self.tok(i - 2).kind == WORD and self.glued(i - 2, i - 1) and \
                    any(c.isupper() for c in self.t[i - 2].text):
                return self._skip(i)
        # glued to capital letters on the right (1A, 5G)
        if glued_next and nxt.kind == WORD and nxt.text.isupper() and \
                self.tab["currencies"].match_at(self.w, i + 1, self.txt) is None and \
                not (self.tab["abbrev"].match_at(self.w, i + 1)
                     and self.tab["currencies"].match_at(self.w, i + 2, self.txt)) and \
                (self.tab["measures"].match_at(self.w, i + 1, self.txt) is None or len(nxt.text) == 1) and \
                nxt.text not in ("MW", "kW"):  # 1A, 5G, 3M: one capital letter glued to digits names a code
            return self._skip(i)
        # phone numbers and other codes with a leading zero: 0258.3822.123, 0905 123 456
        if tok.text[0] == "0" and len(_DIGITS_HEAD.match(tok.text).group()) >= 3:
            j = i + 1
            while j < self.n and (self.t[j].kind == NUM or self.is_punct(j, ".-)")):
                j += 1
            return j, []
        # list numbering at the start of a line: "3. GIẢM NGHÈO", "2) Tạo việc làm"
        if i == 0 and self.is_punct(1, ".)") and parse_digits(tok.text) is not None and len(tok.text) <= 2:
            return i + 2, []
        if i == 0:
            return None
        # words before the number that make it a name ("tờ bản đồ số 5 ấp Bình Hiệp": the words before "số")
        if i >= 2 and self.w[i - 1] in self.st["number_word"] and self.tab["identifiers"].match_before(self.w, i - 1):
            return self._skip(i)
        hit = self.tab["identifiers"].match_before(self.w, i)
        if hit is None and i >= 1 and self.t[i - 1].text in self.tab["articles_capital"]:
            hit = (1, "articles")
        if hit is None and i >= 1 and self.w[i - 1] in self.st["number_word"]:
            hit = (1, "number_words")
        if hit is not None:
            n, label = hit
            if label == "number_words" and self._has_unit_after(end):
                return None
            if label == "documents" and not (self.w[i - 1] in self.st["number_word"] or coded):
                return None
            if label == "contacts":
                j = i + 1
                while j < self.n and (self.t[j].kind == NUM or self.is_punct(j, ".-)(")):
                    j += 1
                return j, []
            return self._skip(i)
        hit = self.tab["identifiers"].match_before(self.w, i - 1) \
            if i >= 2 and self.w[i - 1] in self.st["number_word"] else None
        if hit is not None:
            return self._skip(i)
        return None

    def _skip(self, i: int):
        end, _ = self._code_chain_end(i)
        return end, []

    def _has_unit_after(self, j: int) -> bool:
        tab = self.tab
        if j >= self.n:
            return False
        if self.is_punct(j, "%"):
            return True
        k = j
        hit = tab["scales"].match_at(self.w, k)
        if hit:
            k += hit[0]
        return any(tab[name].match_at(self.w, k, self.txt) for name in ("currencies", "measures", "nouns"))

    # --- temporal ----------------------------------------------------------------------------
    def temporal(self, i: int):
        """The matchers that can start at token i, by its shape (a number) or its word."""
        tok, tem = self.t[i], self.tab["temporal"]
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
        elif tok.low in tem["day"]:
            matchers = (self.day_month_words,)
        elif tok.low in tem["month"]:
            matchers = (self.month_year,)
        elif tok.low in tem["quarter"]:
            matchers = (self.quarter,)
        else:
            matchers = (self.half,)
        for matcher in matchers:
            res = matcher(i)
            if res is not None:
                return res
        return None

    def _with_lead(self, i: int, words: set) -> int:
        """Index of a leading word (ngày/năm) right before token i, to include it in the span."""
        return i - 1 if i >= 1 and self.w[i - 1] in words else i

    def _year_after(self, j: int) -> tuple[int, int] | None:
        """A year right after token j-1, through '/', '-' or 'năm': (year, next index)."""
        tab = self.tab["temporal"]
        if self.is_punct(j, {"/", "-", "–", "."}) and self.tok(j + 1) is not None and _year(self.t[j + 1]):
            return _year(self.t[j + 1]), j + 2
        if j < self.n and self.w[j] in tab["year"] and self.tok(j + 1) is not None and _year(self.t[j + 1]):
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
            d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if 1 <= d <= 31 and 1 <= mo <= 12:
                if not _real_date(y, mo, d):
                    return i + 1, []  # 31.02.2023: an impossible date is no date
                return i + 1, [Draft("date", self._with_lead(i, self.tab["temporal"]["day"]), i + 1,
                                     date=_day(y, mo, d))]
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
            if not _real_date(y, mo, d):
                return i + 5, []  # 31/02/2023: an impossible date is no date
            return i + 5, [Draft("date", self._with_lead(i, self.tab["temporal"]["day"]), i + 5, date=_day(y, mo, d))]
        # a day and month with no year: only after a day cue (ngày 16/1, chiều 9/7)
        cue = self.tab["temporal"]["day_cues"].match_before(self.w, i)
        if cue is not None and not (self.tok(i + 3) and self.t[i + 3].kind == NUM and self.glued(i + 2, i + 3)):
            if self.is_punct(i + 3, {","}) and self.tok(i + 4) is not None and self.t[i + 4].kind == NUM \
                    and self.glued(i + 3, i + 4):
                return None  # 1-1,5: a range with a decimal, not a date
            if not _real_date(None, mo, d):
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
        start = self._with_lead(i, self.tab["temporal"]["day"])
        if y is None:
            cue = self.tab["temporal"]["day_cues"].match_before(self.w, i)
            if cue is None:
                return None
            start = i - cue[0]
        if not (_real_date(y, mo, d1) and _real_date(y, mo, d2)):
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
        if None in (d1, m1, d2, m2, y) or not m1 < m2:
            return None
        start = self._with_lead(i, self.tab["temporal"]["day"])
        if not (_real_date(y, m1, d1) and _real_date(y, m2, d2)):
            return i + 9, []
        return i + 9, [Draft("date", start, i + 9, date=f"{_day(y, m1, d1)}/{_day(y, m2, d2)}")]

    def day_month_words(self, i: int):
        """ngày 15 tháng 3 năm 2024"""
        tab = self.tab["temporal"]
        if self.w[i] not in tab["day"]:
            return None
        d = _small(self.tok(i + 1), 1, 31) if self.tok(i + 1) else None
        if d is not None and self.is_punct(i + 2, {"-", "–"}) and self.tok(i + 3) is not None:
            span = self._day_span_words(i, d)  # ngày 12-13 tháng 10 năm 2023
            if span is not None:
                return span
        if d is None or self.tok(i + 2) is None or self.w[i + 2] not in tab["month"]:
            return None
        mo = _small(self.tok(i + 3), 1, 12) if self.tok(i + 3) else None
        if mo is None:
            return None
        end, drafts = self._maybe_year("date", i, i + 4, f"-{mo:02d}-{d:02d}")
        y = int(drafts[0].date[:4]) if drafts[0].date[:4].isdigit() else None
        return (end, drafts) if _real_date(y, mo, d) else (end, [])

    def _day_span_words(self, i: int, d1: int):
        d2 = _small(self.t[i + 3], 1, 31)
        if d2 is None or d2 <= d1 or self.tok(i + 4) is None or self.w[i + 4] not in self.tab["temporal"]["month"]:
            return None
        mo = _small(self.tok(i + 5), 1, 12) if self.tok(i + 5) else None
        if mo is None:
            return None
        y = self._year_after(i + 6)
        end = y[1] if y else i + 6
        year = y[0] if y else None
        if not (_real_date(year, mo, d1) and _real_date(year, mo, d2)):
            return end, []
        return end, [Draft("date", i, end, date=f"{_day(year, mo, d1)}/{_day(year, mo, d2)}")]

    def month_year(self, i: int):
        """tháng 6/2024, tháng 3 - 2006, tháng 6 năm 2024; a month alone is a date with no year."""
        tab = self.tab["temporal"]
        if self.w[i] not in tab["month"]:
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
        tab = self.tab["temporal"]
        if self.w[i] not in tab["quarter"] or self.tok(i + 1) is None:
            return None
        nxt = self.t[i + 1]
        q = tab["roman"].get(nxt.low) if nxt.kind == WORD and nxt.text.isupper() else _small(nxt, 1, 4)
        if q is None:
            return None
        return self._maybe_year("period", i, i + 2, f"Q{q}")

    def half(self, i: int):
        hit = self.tab["temporal"]["halves"].match_at(self.w, i)
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
        if months is None or self.tok(i + 1) is None or self.w[i + 1] not in self.tab["temporal"]["month"]:
            return None
        j = i + 2
        if j + 1 < self.n and self.w[j] in self.st["start_of"] and self.w[j + 1] in self.tab["temporal"]["year"]:
            j += 2
            if j < self.n and _year(self.t[j]):
                y = _year(self.t[j])
                return j + 1, [Draft("period", i, j + 1, date=f"{y:04d}-01/{y:04d}-{months:02d}")]
            return j, [Draft("period", i, j, date=f"01/{months:02d}")]
        if j < self.n and self.w[j] in self.st["of"]:  # "10 tháng của năm 2024"
            j += 1
        y = self._year_after(j)
        if y is None and j < self.n and _year(self.t[j]):  # "8 tháng 2025"
            y = (_year(self.t[j]), j + 1)
        if y is not None:
            return y[1], [Draft("period", i, y[1], date=f"{y[0]:04d}-01/{y[0]:04d}-{months:02d}")]
        return None

    def year_range(self, i: int):
        first = _year(self.t[i])
        slash = self.is_punct(i + 1, "/") and self.tab["temporal"]["span_cues"].match_before(
            self.w, self._with_lead(i, self.tab["temporal"]["year"]))  # niên vụ 2023/2024
        if first is None or not (self.is_punct(i + 1, _DASHES) or slash
                                 or (self.tok(i + 1) and self.w[i + 1] in self.st["range_to"])):
            return None
        second = _year(self.t[i + 2]) if self.tok(i + 2) is not None else None
        if second is None or not (first < second <= first + 50):
            return None
        start = self._with_lead(i, self.tab["temporal"]["year"])
        return i + 3, [Draft("year", start, i + 3, value=Decimal(first), value_max=Decimal(second),
                             date=f"{first}/{second}")]

    def year(self, i: int):
        tab = self.tab["temporal"]
        y = _year(self.t[i])
        if y is None:
            return None
        lead = i >= 1 and self.w[i - 1] in tab["year"]
        if not lead and self._has_unit_after(i + 1):
            return None
        if not lead and (self.is_punct(i + 1, "/.,") and self.glued(i, i + 1)
                         and self.tok(i + 2) is not None and self.t[i + 2].kind == NUM):
            return None
        return i + 1, [Draft("year", i - 1 if lead else i, i + 1, value=Decimal(y), date=f"{y:04d}")]

    # --- numbers with units -------------------------------------------------------------------
    def numeric(self, i: int, before: list[Draft]):
        tok = self.t[i]
        value = parse_digits(tok.text)
        if value is None:
            return i + 1, []
        # a fraction or ratio (63/63 tỉnh, 13,86/9,15%): optional at most, so nothing
        if self.is_punct(i + 1, "/") and self.glued(i, i + 1) and self.tok(i + 2) is not None \
                and self.t[i + 2].kind == NUM and self.glued(i + 1, i + 2):
            j = i + 3
            if self.is_punct(j, "%"):
                j += 1
            return j, []
        if self.tab["multiplier_before"].match_before(self.w, i):
            return i + 1, []
        if self.is_punct(i - 1, {",", "."}) and self.glued(i - 1, i) and not self.glued(i - 2, i - 1):
            return i + 1, []  # ",77": a decimal that lost its leading digits is no reading of 77
        if self._after_decimal_word(i):
            return i + 1, []  # "hai phẩy 23": the decimal part of a number written in words is no 23
        end = i + 1
        if end + 1 < self.n and self.w[end] in self.tab["decimal_words"] and tok.text.isdigit() \
                and self.t[end + 1].kind == NUM and self.t[end + 1].text.isdigit():
            value, end = Decimal(tok.text + "." + self.t[end + 1].text), end + 2  # "2 phẩy 5 triệu đồng"
        sign = self._sign(i)
        if sign is not None:
            value = -value
        first = i if sign is None else sign
        prefix = self._currency_before(first, i, before)
        if prefix is not None:
            res = self._quantity(prefix[0], end, value, before, currency=prefix[1])
            if res is not None and res[1]:
                return res
        return self._quantity(first, end, value, before)

    def _after_decimal_word(self, i: int) -> bool:
        """Token i follows ``phẩy``/``chấm`` after a number (``hai phẩy 23``), not the verb (``chấm 500 bài``)."""
        return i >= 2 and self.w[i - 1] in self.tab["decimal_words"] and \
            (self.t[i - 2].kind == NUM or number_word(self.w[i - 2]) is not None)

    def _sign(self, i: int) -> int | None:
        """Index of the sign of the number at token i: ``âm`` right before it, or a minus against its
        digits after a word or an opening bracket (``đạt -12,5 tỷ``, ``(-0,5%)``). A dash opening the
        sentence or a line (``- 350 hộ``, ``-350 hộ``) is a list mark, and a dash after a number joins a range."""
        if i >= 1 and self.w[i - 1] in self.tab["negative"] and self.t[i - 1].kind == WORD:
            return i - 1
        if not (self.is_punct(i - 1, _MINUS) and self.glued(i - 1, i)):
            return None
        prev = self.tok(i - 2)
        if prev is None:
            return i - 1 if self.t[i - 1].text == _TRUE_MINUS else None
        if self.glued(i - 2, i - 1) and prev.kind == WORD:
            return None  # COVID-19
        if prev.kind == WORD or (prev.kind == PUNCT and prev.text in _SIGN_AFTER):
            return i - 1
        return None

    def _currency_before(self, first: int, i: int, before: list[Draft]) -> tuple[int, str] | None:
        """A currency code or symbol written before the number at token i (its sign, if any, at
        ``first``): ``USD 1,5 tỷ``, ``$10``, ``VND1000`` → (the code's first token, ISO code). Not when it
        is the unit of the number before it (``5 tỷ USD 3 …``) or when the number has a unit of its own
        after it (``giá USD -0,3%``, ``tỷ giá USD 24.500 đồng``)."""
        hit = self.tab["currencies_before"].match_before(self.w, first, self.txt)
        if hit is None:
            return None
        p = first - hit[0]
        if p >= 1 and (self.t[p - 1].kind == NUM or self.t[p - 1].text == "%"
                       or self.tab["scales"].match_before(self.w, p) is not None):
            return None
        if before and before[-1].j > p:
            return None
        k, _ = self._scale_at(i + 1)
        if self.is_punct(k, "%‰") or any(self.tab[name].match_at(self.w, k, self.txt)
                                         for name in ("currencies", "measures", "nouns", "durations")):
            return None
        return p, hit[1]

    def words_number(self, i: int, before: list[Draft]):
        """A number written in words (``hai mươi lăm``, ``năm trăm nghìn``), read only with a unit after
        it, or as a year after ``năm`` (``năm hai nghìn không trăm hai mươi``)."""
        if self.tab["vague_before"].match_before(self.w, i) or self._after_decimal_word(i):
            return None  # "vài chục", and "một chấm ba": the decimal part of a number said in words
        j = i
        # no amount spelled out takes 40 words: a longer run of number words is no number (and reading
        # forward from every word of it would be quadratic)
        while j < self.n and j - i < WORDS_NUMBER_MAX:
            if self.t[j].kind == WORD and number_word(self.w[j]) is not None:
                j += 1
            elif self.is_punct(j, ",") and j > i and number_word(self.w[j - 1])[0] == "scale" \
                    and j + 1 < self.n and number_word(self.w[j + 1]) is not None:
                j += 1  # "Hai tỷ, bốn trăm năm mươi triệu đồng" (amounts spelled out in words)
            else:
                break
        run = [w for w in self.w[i:j] if w != ","]
        if number_word(run[0]) == ("scale", 10):
            return None  # "chục tỷ đô" with no count before it is vague ("hai chục" is 20)
        if len(run) == 1:
            return self._single_word(i, before)
        value = words_value(run)
        if value is None or value == 0:
            return None
        if i >= 1 and self.w[i - 1] in self.tab["temporal"]["year"] and 1900 <= value <= 2100 \
                and value == value.to_integral_value():
            return j, [Draft("year", i - 1, j, value=value, date=f"{int(value):04d}")]
        res = self._quantity(i, j, value, before, words=True)
        if res is None or not res[1]:
            return None
        return res

    def _single_word(self, i: int, before: list[Draft]):
        """``hai nhà máy``, ``mười tuyến đường``: one number word counts only a listed noun."""
        role, value = number_word(self.w[i])
        if role not in ("digit", "ten") or self.w[i] in self.tab["ambiguous_number_words"] or value < 2:
            return None
        if i >= 1 and self.tab["identifiers"].match_before(self.w, i):
            return None  # "thứ hai" is an ordinal
        hit = self.tab["nouns"].match_at(self.w, i + 1)
        if hit is None:
            money = self._unit(i + 1, Decimal(value)) if self.tok(i + 1) and self.t[i + 1].kind == WORD \
                and self.tab["currencies"].match_at(self.w, i + 1, self.txt) else None
            if money is None or money[0] != "money":
                return None
            # "mười đô la": one number word before a currency word
            return i + 1 + money[2], [Draft("money", i, i + 1 + money[2], value=Decimal(value), unit=money[1], vi=i)]
        return i + 1 + hit[0], [Draft("quantity", i, i + 1 + hit[0], value=Decimal(value), unit=hit[1], vi=i)]

    def _scale_at(self, j: int) -> tuple[int, Decimal | None]:
        hit = self.tab["scales"].match_at(self.w, j)
        return (j + hit[0], hit[1]) if hit else (j, None)

    def _range_word(self, i: int, k: int) -> str | None:
        """How token k joins the number starting at token i to a second number: ``"dash"`` (1-1,5 tỷ),
        ``"cued"`` (từ 10 đến 15, giữa 1 và 2) or ``"bare"`` (1.000 tới 2.000 tỷ: the caller checks that a
        unit or scale follows the second number); None when it does not."""
        if self.is_punct(k, _DASHES):
            return "dash"
        if k >= self.n or self.tok(k + 1) is None or self.t[k + 1].kind != NUM:
            return None
        opener = self.w[i - 1] if i >= 1 else ""
        if (opener in self.st["range_from"] and self.w[k] in self.st["range_to"]) or \
                (opener in self.st["range_between"] and self.w[k] in self.st["and"]):
            return "cued"
        if self.w[k] in self.st["range_to_bare"]:
            return "bare"
        return None

    def _quantity(self, i: int, j: int, value: Decimal, before: list[Draft], words: bool = False,
                  currency: str | None = None):
        """A value draft for the number from token i (its sign or currency code, if any) to j.
        ``currency``: the ISO code written before the number (``USD 1,5 tỷ``)."""
        tab = self.tab
        k, scale = self._scale_at(j)
        if currency is not None and scale is None:
            abbrev = tab["abbrev"].match_at(self.w, k)  # "$10k"
            if abbrev is not None and self.glued(k - 1, k) and self._word_ends(k + abbrev[0] - 1):
                k, scale = k + abbrev[0], abbrev[1]
        vmax = None
        # "1 tỷ 250 triệu đồng": a smaller scaled number right after a scaled one adds to it
        if scale is not None and not words and self.tok(k) is not None and self.t[k].kind == NUM:
            v2 = parse_digits(self.t[k].text)
            k2, scale2 = self._scale_at(k + 1)
            if v2 is not None and scale2 is not None and scale2 < scale and scaled(v2, scale2) < scale:
                value = (value * scale + v2 * scale2) / scale
                k = k2
        # a range: 1-1,5 tỷ; 7 - 7,5%; từ 10 đến 15 tỷ
        joint = self._range_word(i, k)
        if joint is not None and self.tok(k + 1) is not None and self.t[k + 1].kind == NUM:
            v2 = parse_digits(self.t[k + 1].text)
            k2, scale2 = self._scale_at(k + 2)
            if v2 is not None and (scale is None or scale2 is None or scale == scale2):
                s = scale or scale2
                bare_ok = joint != "bare" or scale2 is not None or currency is not None or \
                    (v2 > value and self._unit(k2, v2) is not None)
                if scaled(v2, s) > scaled(value, s) and bare_ok:
                    scale, vmax, k = s, v2, k2
        if currency is not None:
            rate, m = self._rate(k)
            unit_kind = ("money", currency + rate, m)
        else:
            unit_kind = self._unit(k, value)
        if unit_kind is None and scale is not None and k < self.n:
            abbrev = tab["abbrev"].match_at(self.w, k)
        else:
            abbrev = tab["abbrev"].match_at(self.w, k) if scale is None else None
        if unit_kind is None and abbrev is not None:
            u = self._unit(k + abbrev[0], value)
            if u is not None and u[0] == "money":
                scale = (scale or Decimal(1)) * abbrev[1]
                unit_kind = (u[0], u[1], u[2] + abbrev[0])
        if unit_kind is None:
            bare_end = k >= self.n or self.t[k].kind == PUNCT or self.w[k] in self.st["bare_end"]
            if scale is not None and not words and bare_end:
                # "hơn 61 triệu" after "100 triệu thuê bao": the unit of the last like-scaled fact
                prev = next((d for d in reversed(before) if d.scaled and d.kind in ("money", "quantity")), None)
                if prev is not None:
                    return k, [Draft(prev.kind, i, k, value=scaled(value, scale),
                                     value_max=None if vmax is None else scaled(vmax, scale),
                                     unit=prev.unit, scaled=True, vi=i)]
                # "lợi nhuận đạt 3.280 tỷ": a bare billion in a report is an amount of đồng
                if scale >= tab["money_scale"]:
                    return k, [Draft("money", i, k, value=scaled(value, scale),
                                     value_max=None if vmax is None else scaled(vmax, scale),
                                     unit=tab["home_currency"], scaled=True, vi=i)]
            return (k if scale is not None else j), []
        kind, unit, n = unit_kind
        end = k + n
        # từ 180.000 đồng đến 280.000 đồng, 20%-22%: the same unit after the second number
        if vmax is None and currency is None and self._range_word(i, end) is not None \
                and self.tok(end + 1) is not None and self.t[end + 1].kind == NUM:
            v2 = parse_digits(self.t[end + 1].text)
            k2, scale2 = self._scale_at(end + 2)
            u2 = self._unit(k2, v2) if v2 is not None else None
            same = u2 is not None and u2[0] == kind and (u2[1] == unit or u2[1].startswith(unit + "/"))
            if same and scale2 == scale and scaled(v2, scale) > scaled(value, scale):
                vmax, end, unit = v2, k2 + u2[2], u2[1]  # "150.000 đồng -180.000 đồng/tấn": the rate of both
        if kind == "skip":
            return end, []
        d = Draft(kind, i, end, value=scaled(value, scale), value_max=None if vmax is None else scaled(vmax, scale),
                  unit=unit, scaled=scale is not None, vi=i)
        return end, [d]

    def _unit(self, k: int, value: Decimal) -> tuple[str, str, int] | None:
        """(kind, unit, tokens used) for what follows a number at token k, or None."""
        tab = self.tab
        if k >= self.n:
            return None
        tok = self.t[k]
        if tok.kind == PUNCT and tok.text not in ("%", "‰"):
            hit = tab["currencies"].match_at(self.w, k, self.txt)
            if hit is not None:
                rate, m = self._rate(k + hit[0])
                return ("money", hit[1] + rate, hit[0] + m)
            return None
        if tok.kind == PUNCT:
            if tok.text == "%":
                if self.is_punct(k + 1, "o") or (self.tok(k + 1) and self.w[k + 1] == "o" and self.glued(k, k + 1)):
                    return ("skip", "", 2)
                return ("percent", "%", 1)
            if tok.text == "‰":
                return ("skip", "", 1)
            return None
        hit = tab["points"].match_at(self.w, k)
        if hit is not None:
            return ("quantity", self.st["points_unit"], hit[0])
        hit = tab["percent_words"].match_at(self.w, k)
        if hit is not None:
            return ("percent", "%", hit[0])
        hit = tab["currencies"].match_at(self.w, k, self.txt)
        if hit is not None and self._word_ends(k + hit[0] - 1) and \
                (tab["nouns"].match_at(self.w, k) or (0,))[0] <= hit[0]:  # "10 đô thị" is no 10 đô
            n, code = hit
            rate, m = self._rate(k + n)
            return ("money", code + rate, n + m)
        hit = tab["measures"].match_at(self.w, k, self.txt)
        if hit is not None and self._word_ends(k + hit[0] - 1):
            n, symbol = hit
            rate, m = self._rate(k + n)
            return ("quantity", symbol + rate, n + m)
        if tab["multipliers"].match_at(self.w, k):
            return ("skip", "", 1)
        hit = tab["durations"].match_at(self.w, k)
        if hit is not None:
            return ("quantity", hit[1], hit[0])
        hit = tab["nouns"].match_at(self.w, k)
        if hit is not None:
            return ("quantity", hit[1], hit[0])
        if tab["currencies"].match_at(self.w, k) or tab["measures"].match_at(self.w, k):
            return None  # a symbol in the wrong case ("45 mw", "45 M"): the lexicon refused it, no noun
        if tok.kind == WORD and tok.text[0].islower() and self.tagger is not None \
                and number_word(tok.low) is None and tab["not_counted"].match_at(self.w, k) is None:
            noun = self.tagger(self.t, k)
            if noun:
                return ("quantity", noun, len(noun.split()))
        return None

    def _word_ends(self, k: int) -> bool:
        """The unit token k is not the head of a longer word glued to it (``3 hab``)."""
        nxt = self.tok(k + 1)
        return nxt is None or not (self.glued(k, k + 1) and nxt.kind == WORD)

    def _rate(self, k: int) -> tuple[str, int]:
        """``/người/tháng`` after a unit: the text to append and the tokens used."""
        out, used = "", 0
        while self.is_punct(k, "/") and self.tok(k + 1) is not None:
            hit = self.tab["denominators"].match_at(self.w, k + 1) \
                or self.tab["measures"].match_at(self.w, k + 1, self.txt) or self.tab["nouns"].match_at(self.w, k + 1)
            if hit is None:
                break
            out += "/" + hit[1]
            used += 1 + hit[0]
            k += 1 + hit[0]
        return out, used


def scan(tokens: list[Token], text: str, offset: int, tagger: NounTagger | None = None,
         words: list[str] | None = None) -> list[Draft]:
    """Drafts of the sentence ``text`` (starting at ``offset``) in token order."""
    return SentenceScanner(tokens, text, offset, tagger, words).scan()


__all__ = ["scan", "Draft", "NounTagger"]
