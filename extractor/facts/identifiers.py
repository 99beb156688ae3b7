"""Numbers that are names, not facts: document numbers, clause and road numbers, addresses, phone
numbers, codes glued to letters (COVID-19, 1A), list numbering, e-mail and web addresses.

A reader returns ``(next token index, [])`` to skip the number, or None to let the time and
quantity readers try it. Cases: ``tests/corpus/negative.jsonl``.
"""
from __future__ import annotations

import regex

from ..numbers import parse_digits
from ..tokens import NUM, PUNCT, WORD
from .times import TimeReader

_DIGITS_HEAD = regex.compile(r"\d+")


class Identifiers(TimeReader):
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
            if prev.kind == WORD and prev.text[0].isupper() and (prev.low,) not in self.tab.linkers.entries \
                    and self.tab.currencies_before.match_before(self.w, i, self.txt) is None:
                return self._skip(i)
            if prev.kind == PUNCT and prev.text in "-/" and self.tok(i - 2) is not None and \
                    self.t[i - 2].kind == WORD and self.glued(i - 2, i - 1) and \
                    any(c.isupper() for c in self.t[i - 2].text):
                return self._skip(i)
        # glued to capital letters on the right (1A, 5G)
        if glued_next and nxt is not None and nxt.kind == WORD and nxt.text.isupper() and \
                self.tab.currencies.match_at(self.w, i + 1, self.txt) is None and \
                not (self.tab.abbrev.match_at(self.w, i + 1)
                     and self.tab.currencies.match_at(self.w, i + 2, self.txt)) and \
                (self.tab.measures.match_at(self.w, i + 1, self.txt) is None or len(nxt.text) == 1):
            # 1A, 5G, 3M: one capital letter glued to digits names a code (45MW is a measure)
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
        if i >= 2 and self.w[i - 1] in self.st.number_word and self.tab.identifiers.match_before(self.w, i - 1):
            return self._skip(i)
        hit = self.tab.identifiers.match_before(self.w, i)
        if hit is not None:
            span = self.tab.temporal.span_cues.match_before(self.w, i)
            if span is not None and span[0] > hit[0]:
                hit = None  # the longer phrase wins: `niên khóa 2021-2025` is a period, not `khóa 2021`
        if hit is None and i >= 1 and self.t[i - 1].text in self.tab.articles_capital:
            hit = (1, "articles")
        if hit is None and i >= 1 and self.w[i - 1] in self.st.number_word:
            hit = (1, "number_words")
        if hit is not None:
            n, label = hit
            if label == "number_words" and self._has_unit_after(end):
                return None
            if label == "documents" and not (self.w[i - 1] in self.st.number_word or coded):
                return None
            if label == "contacts":
                j = i + 1
                while j < self.n and (self.t[j].kind == NUM or self.is_punct(j, ".-)(")):
                    j += 1
                return j, []
            return self._skip(i)
        return None

    def _skip(self, i: int):
        end, _ = self._code_chain_end(i)
        return end, []
