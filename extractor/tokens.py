"""A lossless, offset-keeping split of text into numbers, words and punctuation.

This is the cheap pass every sentence gets. It is a regex, not a model: syllables are tokens,
digit runs keep their inner separators (``29.576``, ``102,7``, ``30.3.2022``), and a number
glued to a word is split from it (``ước đạt16.743`` → ``đạt`` ``16.743``).
"""
from __future__ import annotations

from typing import NamedTuple

import regex

NUM, WORD, PUNCT = "num", "word", "punct"

_TOKEN = regex.compile(r"(?P<num>\d+(?:[.,]\d+)*)|(?P<word>[^\W\d_]+)|(?P<punct>\S)", regex.V1)


class Token(NamedTuple):
    """One token (a tuple: cheap to make by the million)."""

    text: str
    start: int
    end: int
    kind: str
    low: str


_new = tuple.__new__  # builds a Token without the Python-level __new__ of a NamedTuple


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text``; offsets are shifted by ``offset`` (a sentence's start in its document)."""
    out: list[Token] = []
    append = out.append
    for m in _TOKEN.finditer(text):
        g = m.group()  # once: a second call costs as much as the tuple
        append(_new(Token, (g, m.start() + offset, m.end() + offset, m.lastgroup, g.lower())))
    return out
