"""What every reader of a sentence shares: its tokens, the lexicon's tables by the names the readers
use, and small questions about token positions (is token i this punctuation, are two tokens glued,
does a unit follow). The readers of :mod:`.quantities`, :mod:`.times` and :mod:`.identifiers` extend
it in that order (single inheritance: mypyc compiles no mixins); :mod:`.scan` drives them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import regex

from ..lexicon import FunctionWords, Times, lexicon
from ..resources import PhraseTable
from ..tokens import PUNCT, Token

# answers the counted noun after a number (token index) or "" when none; see extractor.nlp
NounTagger = Callable[[list[Token], int], str]

_URL = regex.compile(r"\S+@\S+\.\w+|(?:https?://|www\.)\S+|\b[\w.-]+\.(?:vn|com|net|org|gov|edu|int)(?:/\S*)?\b",
                     regex.IGNORECASE)
DASHES = {"-", "–", "—", "~", "÷"}  # what joins the two numbers of a range
# substrings without which no e-mail or web address can be in a sentence (a cheap test first)
_URL_HINTS = ("@", "www", "WWW", "http", "HTTP", ".vn", ".VN", ".com", ".COM", ".net", ".org", ".gov", ".edu", ".int")


@dataclass(frozen=True)
class ScanWords:
    """The lexicon's tables the scanner reads, under the names it reads them by."""

    scales: PhraseTable
    abbrev: PhraseTable
    currencies: PhraseTable
    currencies_before: PhraseTable
    measures: PhraseTable
    durations: PhraseTable
    denominators: PhraseTable
    nouns: PhraseTable
    not_counted: PhraseTable
    temporal: Times
    temporal_triggers: frozenset  # day, month and quarter words
    triggers: frozenset  # every word that can start a fact
    percent_words: PhraseTable
    money_scale: Decimal
    ambiguous_number_words: frozenset
    home_currency: str
    negative: frozenset
    decimal_words: frozenset
    linkers: PhraseTable
    identifiers: PhraseTable
    articles_capital: frozenset
    vague_before: PhraseTable
    multipliers: PhraseTable
    multiplier_before: PhraseTable
    points: PhraseTable
    structure: FunctionWords


@cache
def scan_words() -> ScanWords:
    lex = lexicon()
    num, units, times, cues = lex.numerals, lex.units, lex.times, lex.cues
    temporal_triggers = times.day | times.month | times.quarter
    return ScanWords(
        scales=num.scales, abbrev=num.abbreviations, currencies=units.currencies,
        currencies_before=units.currencies_before, measures=units.measures, durations=units.durations,
        denominators=units.rate_denominators, nouns=units.counted_nouns, not_counted=units.not_counted,
        temporal=times, temporal_triggers=temporal_triggers,
        triggers=temporal_triggers.union(times.halves.firsts.keys(), num.words.keys()),
        percent_words=cues.percent_words, money_scale=num.bare_money_scale,
        ambiguous_number_words=num.ambiguous_alone, home_currency=num.home_currency, negative=num.negative,
        decimal_words=num.decimal_words, linkers=cues.linkers, identifiers=cues.identifiers,
        articles_capital=cues.articles_capital, vague_before=cues.vague_before, multipliers=cues.multipliers,
        multiplier_before=cues.multiplier_before, points=cues.points, structure=lex.words)


class Cursor:
    """The tokens of one sentence and what every reader asks of them."""

    def __init__(self, tokens: list[Token], text: str, offset: int, tagger: NounTagger | None,
                 words: list[str] | None = None):
        self.t = tokens
        self.w = words if words is not None else [tok.low for tok in tokens]
        self.txt = [tok.text for tok in tokens]  # as written: currencies and measures are case-sensitive
        self.n = len(tokens)
        self.tagger = tagger
        self.tab = scan_words()
        self.st = self.tab.structure
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

    def _has_unit_after(self, j: int) -> bool:
        tab = self.tab
        if j >= self.n:
            return False
        if self.is_punct(j, "%"):
            return True
        hit = tab.scales.match_at(self.w, j)
        return self._unit_word_at(j + hit[0] if hit else j)

    def _unit_word_at(self, k: int) -> bool:
        """A currency, a measure or a counted noun starts at token k."""
        tab = self.tab
        return bool(tab.currencies.match_at(self.w, k, self.txt) or tab.measures.match_at(self.w, k, self.txt)
                    or tab.nouns.match_at(self.w, k))

