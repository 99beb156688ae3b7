"""The expensive tool, used only where the lexicons cannot settle a counted noun.

underthesea's part-of-speech tagger (a CRF, about 40k characters/s) names the noun after a
number when ``patterns/nouns.toml`` does not list it. It is imported on first use, and its
answers are cached by the few words it was asked about, so a corpus repeats no work.

Two ways to ask, with the same decision rule:
- :func:`window_noun` tags only the words after the number (the fast path);
- :class:`SentenceTagger` tags the whole sentence once and reads the same position (the plain
  path the fast path is checked against).
"""
from __future__ import annotations

from functools import lru_cache

from .tokens import WORD, Token

NOUN_TAGS = {"N", "Nc", "Nu"}
WINDOW_WORDS = 4


def _pos_tag(text: str) -> list[tuple[str, str]]:
    from underthesea import pos_tag  # noqa: PLC0415  (deferred: 0.5 s import, most runs never need it)

    return pos_tag(text)


def _noun_from(tagged: list[tuple[str, str]], first_word: str) -> str:
    """The noun that starts with ``first_word`` in ``tagged`` ("" unless it is tagged a noun)."""
    for word, tag in tagged:
        w = word.replace("_", " ")
        if w.split(" ")[-1] == first_word or w.split(" ")[0] == first_word:
            parts = w.split(" ")
            if parts[0] != first_word:  # the CRF glued the number to the noun: "1.857 hộ"
                parts = parts[parts.index(first_word):] if first_word in parts else []
            if tag in NOUN_TAGS and parts and all(p.isalpha() for p in parts):
                return " ".join(parts).lower()
            return ""
    return ""


@lru_cache(maxsize=65536)
def _window(text: str, first_word: str) -> str:
    return _noun_from(_pos_tag(text), first_word)


def _window_text(tokens: list[Token], k: int) -> str:
    end = k
    while end < len(tokens) and end - k < WINDOW_WORDS and tokens[end].kind == WORD:
        end += 1
    start = k - 1 if k >= 1 else k  # the number itself helps the tagger
    return " ".join(t.text for t in tokens[start:end])


def window_noun(tokens: list[Token], k: int) -> str:
    """Fast path: the counted noun at token ``k``, tagging only a few words."""
    tok = tokens[k]
    if tok.kind != WORD or tok.text[0].isupper():
        return ""
    return _window(_window_text(tokens, k), tok.text)


class SentenceTagger:
    """Plain path: tags the whole sentence up front, then answers like :func:`window_noun`."""

    def __init__(self, text: str, offset: int) -> None:
        self.spans: list[tuple[int, int, str, str]] = []
        pos = 0
        for word, tag in _pos_tag(text):
            surface = word.replace("_", " ")
            at = text.find(surface, pos)
            if at < 0:
                continue
            self.spans.append((at + offset, at + offset + len(surface), word, tag))
            pos = at + len(surface)

    def __call__(self, tokens: list[Token], k: int) -> str:
        tok = tokens[k]
        if tok.kind != WORD or tok.text[0].isupper():
            return ""
        for start, end, word, tag in self.spans:
            if start <= tok.start < end:
                return _noun_from([(word, tag)], tok.text)
        return ""
