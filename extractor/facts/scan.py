"""Reading the numbers of one sentence: identifiers skipped, then times, then numeric facts.

Works on the regex tokens of :mod:`extractor.tokens`. One reader per dimension, each a module:
:mod:`.identifiers` (numbers that are names), :mod:`.times` (years, dates, periods), :mod:`.quantities`
(quantities, money, percentages), over :class:`.cursor.Cursor`. They form one chain of single
inheritance (Identifiers → TimeReader → Quantities → Cursor) so that mypyc can compile them. Each
matcher looks at the tokens from an index and returns ``(next index, drafts)`` or None; the first
matcher that answers wins.
"""
from __future__ import annotations

from ..numbers import number_word
from ..tokens import NUM, Token
from .cursor import NounTagger
from .draft import Draft
from .identifiers import Identifiers
from .kinds import readers as kind_readers


class SentenceScanner(Identifiers):
    """Reads the drafts of one sentence; nothing carries across sentences."""

    # --- driver ------------------------------------------------------------------------------
    def scan(self) -> list[Draft]:
        out: list[Draft] = []
        tab = self.tab
        temporal_words, halves_first = tab.temporal_triggers, tab.temporal.halves.firsts
        t, w = self.t, self.w
        # only numbers, number words and time words can start a fact: visit those tokens alone
        triggers = tab.triggers
        todo = [k for k in range(self.n) if t[k].kind == NUM or w[k] in triggers]
        done = 0
        extra = kind_readers()  # the kinds of extractor/facts/kinds/ (none ship today)
        for i in todo:
            if i < done:
                continue
            tok = t[i]
            res = None
            if tok.kind == NUM:
                for _, read in extra:
                    res = read(self, i)
                    if res is not None:
                        break
                res = res or self.identifier(i) or self.temporal(i) or self.numeric(i, out)
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

def scan(tokens: list[Token], text: str, offset: int, tagger: NounTagger | None = None,
         words: list[str] | None = None) -> list[Draft]:
    """Drafts of the sentence ``text`` (starting at ``offset``) in token order."""
    return SentenceScanner(tokens, text, offset, tagger, words).scan()


__all__ = ["scan", "Draft", "NounTagger"]
