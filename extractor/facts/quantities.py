"""Numbers with what they count: quantities, money, percentages, ranges, signs, numbers written in
words, a currency before the number, a scale word after it. Cases: ``tests/corpus/numbers.jsonl``,
``money.jsonl``, ``percent.jsonl``, ``quantity.jsonl``.

The only model call is the cursor's tagger, for a word after a number that no lexicon knows.
"""
from __future__ import annotations

from decimal import Decimal

from ..numbers import number_word, parse_digits, scaled, words_value
from ..tokens import NUM, PUNCT, WORD
from .cursor import DASHES as _DASHES
from .cursor import Cursor
from .draft import Draft

_MINUS = {"-", "−"}  # a hyphen-minus or the minus sign, written against the digits
_TRUE_MINUS = "−"  # U+2212 is never a list dash
_SIGN_AFTER = {"(", ":", ";", ",", "="}  # punctuation after which a glued minus is a sign: "(-0,5%)"
# measurement only (tests/test_fastpath.py): called as probe(tokens, k, length, tagger) wherever the
# lexicon settles the counted noun at token k, so the tagger can be asked there too; empty in use
SETTLED_NOUN_PROBES: list = []
WORDS_NUMBER_MAX = 40  # words in one number spelled out ("hai tỷ, bốn trăm năm mươi triệu …" is far shorter)


class Quantities(Cursor):
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
        if self.tab.multiplier_before.match_before(self.w, i):
            return i + 1, []
        if self.is_punct(i - 1, {",", "."}) and self.glued(i - 1, i) and not self.glued(i - 2, i - 1):
            return i + 1, []  # ",77": a decimal that lost its leading digits is no reading of 77
        if self._after_decimal_word(i):
            return i + 1, []  # "hai phẩy 23": the decimal part of a number written in words is no 23
        end = i + 1
        if end + 1 < self.n and self.w[end] in self.tab.decimal_words and tok.text.isdigit() \
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
        return i >= 2 and self.w[i - 1] in self.tab.decimal_words and \
            (self.t[i - 2].kind == NUM or number_word(self.w[i - 2]) is not None)

    def _sign(self, i: int) -> int | None:
        """Index of the sign of the number at token i: ``âm`` right before it, or a minus against its
        digits after a word or an opening bracket (``đạt -12,5 tỷ``, ``(-0,5%)``). A dash opening the
        sentence or a line (``- 350 hộ``, ``-350 hộ``) is a list mark, and a dash after a number joins a range."""
        if i >= 1 and self.w[i - 1] in self.tab.negative and self.t[i - 1].kind == WORD:
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
        hit = self.tab.currencies_before.match_before(self.w, first, self.txt)
        if hit is None:
            return None
        p = first - hit[0]
        if p >= 1 and (self.t[p - 1].kind == NUM or self.t[p - 1].text == "%"
                       or self.tab.scales.match_before(self.w, p) is not None):
            return None
        if before and before[-1].j > p:
            return None
        k, _ = self._scale_at(i + 1)
        if self.is_punct(k, "%‰") or self._unit_word_at(k) or self.tab.durations.match_at(self.w, k):
            return None
        return p, hit[1]

    def words_number(self, i: int, before: list[Draft]):
        """A number written in words (``hai mươi lăm``, ``năm trăm nghìn``), read only with a unit after
        it, or as a year after ``năm`` (``năm hai nghìn không trăm hai mươi``)."""
        if self.tab.vague_before.match_before(self.w, i) or self._after_decimal_word(i):
            return None  # "vài chục", and "một chấm ba": the decimal part of a number said in words
        j = i
        # no amount spelled out takes 40 words: a longer run of number words is no number (and reading
        # forward from every word of it would be quadratic)
        while j < self.n and j - i < WORDS_NUMBER_MAX:
            if self.t[j].kind == WORD and number_word(self.w[j]) is not None:
                j += 1
            elif (self.is_punct(j, ",") and j > i and number_word(self.w[j - 1])[0] == "scale"  # type: ignore[index]
                    and j + 1 < self.n and number_word(self.w[j + 1]) is not None):
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
        if i >= 1 and self.w[i - 1] in self.tab.temporal.year and 1900 <= value <= 2100 \
                and value == value.to_integral_value():
            return j, [Draft("year", i - 1, j, value=value, date=f"{int(value):04d}")]
        res = self._quantity(i, j, value, before, words=True)
        if res is None or not res[1]:
            return None
        return res

    def _single_word(self, i: int, before: list[Draft]):
        """``hai nhà máy``, ``mười tuyến đường``: one number word counts only a listed noun."""
        role, value = number_word(self.w[i])  # type: ignore[misc]
        if role not in ("digit", "ten") or self.w[i] in self.tab.ambiguous_number_words or value < 2:
            return None
        if i >= 1 and self.tab.identifiers.match_before(self.w, i):
            return None  # "thứ hai" is an ordinal
        hit = self.tab.nouns.match_at(self.w, i + 1)
        if hit is None:
            money = self._unit(i + 1, Decimal(value)) if self.tok(i + 1) and self.t[i + 1].kind == WORD \
                and self.tab.currencies.match_at(self.w, i + 1, self.txt) else None
            if money is None or money[0] != "money":
                return None
            # "mười đô la": one number word before a currency word
            return i + 1 + money[2], [Draft("money", i, i + 1 + money[2], value=Decimal(value), unit=money[1], vi=i)]
        return i + 1 + hit[0], [Draft("quantity", i, i + 1 + hit[0], value=Decimal(value), unit=hit[1], vi=i)]

    def _scale_at(self, j: int) -> tuple[int, Decimal | None]:
        hit = self.tab.scales.match_at(self.w, j)
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
        if (opener in self.st.range_from and self.w[k] in self.st.range_to) or \
                (opener in self.st.range_between and self.w[k] in self.st.and_):
            return "cued"
        if self.w[k] in self.st.range_to_bare:
            return "bare"
        return None

    def _second_number(self, k: int) -> tuple[Decimal, int, Decimal | None] | None:
        """The number after the range word at token ``k`` (``1 - 1,5 tỷ``, ``từ 10 đến 15``): (its value,
        where it ends with its scale word, the scale), or None when no number follows."""
        nxt = self.tok(k + 1)
        if nxt is None or nxt.kind != NUM:
            return None
        v2 = parse_digits(nxt.text)
        if v2 is None:
            return None
        k2, scale2 = self._scale_at(k + 2)
        return v2, k2, scale2

    def _quantity(self, i: int, j: int, value: Decimal, before: list[Draft], words: bool = False,
                  currency: str | None = None):
        """A value draft for the number from token i (its sign or currency code, if any) to j.
        ``currency``: the ISO code written before the number (``USD 1,5 tỷ``)."""
        tab = self.tab
        k, scale = self._scale_at(j)
        if currency is not None and scale is None:
            abbrev = tab.abbrev.match_at(self.w, k)  # "$10k"
            if abbrev is not None and self.glued(k - 1, k) and self._word_ends(k + abbrev[0] - 1):
                k, scale = k + abbrev[0], abbrev[1]
        vmax = None
        # "1 tỷ 250 triệu đồng": a smaller scaled number right after a scaled one adds to it
        second = self._second_number(k - 1) if scale is not None and not words else None
        if second is not None:
            v2, k2, scale2 = second
            if scale2 is not None and scale2 < scale and scaled(v2, scale2) < scale:  # type: ignore[operator]
                value = (value * scale + v2 * scale2) / scale  # type: ignore[operator]
                k = k2
        # a range: 1-1,5 tỷ; 7 - 7,5%; từ 10 đến 15 tỷ
        joint = self._range_word(i, k)
        second = self._second_number(k) if joint is not None else None
        if second is not None:
            v2, k2, scale2 = second
            if scale is None or scale2 is None or scale == scale2:
                s = scale or scale2
                bare_ok = joint != "bare" or scale2 is not None or currency is not None or \
                    (v2 > value and self._unit(k2, v2) is not None)
                if scaled(v2, s) > scaled(value, s) and bare_ok:
                    scale, vmax, k = s, v2, k2
        unit_kind: tuple[str, str, int] | None
        if currency is not None:
            rate, m = self._rate(k)
            unit_kind = ("money", currency + rate, m)
        else:
            unit_kind = self._unit(k, value)
        abbrev = tab.abbrev.match_at(self.w, k) if unit_kind is None else None
        if unit_kind is None and abbrev is not None:
            u = self._unit(k + abbrev[0], value)
            if u is not None and u[0] == "money":
                scale = (scale or Decimal(1)) * abbrev[1]
                unit_kind = (u[0], u[1], u[2] + abbrev[0])
        if unit_kind is None:
            bare_end = k >= self.n or self.t[k].kind == PUNCT or self.w[k] in self.st.bare_end
            if scale is not None and not words and bare_end:
                # "hơn 61 triệu" after "100 triệu thuê bao": the unit of the last like-scaled fact
                prev = next((d for d in reversed(before) if d.scaled and d.kind in ("money", "quantity")), None)
                if prev is not None:
                    return k, [Draft(prev.kind, i, k, value=scaled(value, scale),
                                     value_max=None if vmax is None else scaled(vmax, scale),
                                     unit=prev.unit, scaled=True, vi=i)]
                # "lợi nhuận đạt 3.280 tỷ": a bare billion in a report is an amount of đồng
                if scale >= tab.money_scale:
                    return k, [Draft("money", i, k, value=scaled(value, scale),
                                     value_max=None if vmax is None else scaled(vmax, scale),
                                     unit=tab.home_currency, scaled=True, vi=i)]
            return (k if scale is not None else j), []
        kind, unit, n = unit_kind
        end = k + n
        # từ 180.000 đồng đến 280.000 đồng, 20%-22%: the same unit after the second number
        second = self._second_number(end) if vmax is None and currency is None and \
            self._range_word(i, end) is not None else None
        if second is not None:
            v2, k2, scale2 = second
            u2 = self._unit(k2, v2)
            same = u2 is not None and u2[0] == kind and (u2[1] == unit or u2[1].startswith(unit + "/"))
            if same and scale2 == scale and scaled(v2, scale) > scaled(value, scale):
                vmax, end, unit = v2, k2 + u2[2], u2[1]  # type: ignore[index]  # "150.000 đồng -180.000 đồng/tấn": the rate of both
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
            hit = tab.currencies.match_at(self.w, k, self.txt)
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
        hit = tab.points.match_at(self.w, k)
        if hit is not None:
            return ("quantity", self.st.points_unit, hit[0])
        hit = tab.percent_words.match_at(self.w, k)
        if hit is not None:
            return ("percent", "%", hit[0])
        hit = tab.currencies.match_at(self.w, k, self.txt)
        if hit is not None and self._word_ends(k + hit[0] - 1) and \
                (tab.nouns.match_at(self.w, k) or (0,))[0] <= hit[0]:  # "10 đô thị" is no 10 đô
            n, code = hit
            rate, m = self._rate(k + n)
            return ("money", code + rate, n + m)
        hit = tab.measures.match_at(self.w, k, self.txt)
        if hit is not None and self._word_ends(k + hit[0] - 1):
            n, symbol = hit
            rate, m = self._rate(k + n)
            return ("quantity", symbol + rate, n + m)
        if tab.multipliers.match_at(self.w, k):
            return ("skip", "", 1)
        hit = tab.durations.match_at(self.w, k)
        if hit is not None:
            return ("quantity", hit[1], hit[0])
        hit = tab.nouns.match_at(self.w, k)
        if hit is not None:
            if SETTLED_NOUN_PROBES:
                for probe in SETTLED_NOUN_PROBES:
                    probe(self.t, k, hit[0], self.tagger)
            return ("quantity", hit[1], hit[0])
        if tab.currencies.match_at(self.w, k) or tab.measures.match_at(self.w, k):
            return None  # a symbol in the wrong case ("45 mw", "45 M"): the lexicon refused it, no noun
        if tok.kind == WORD and tok.text[0].islower() and self.tagger is not None \
                and number_word(tok.low) is None and tab.not_counted.match_at(self.w, k) is None:
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
            hit = self.tab.denominators.match_at(self.w, k + 1) \
                or self.tab.measures.match_at(self.w, k + 1, self.txt) or self.tab.nouns.match_at(self.w, k + 1)
            if hit is None:
                break
            out += "/" + hit[1]
            used += 1 + hit[0]
            k += 1 + hit[0]
        return out, used


