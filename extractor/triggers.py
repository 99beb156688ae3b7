"""A cheap test run on every sentence before any token is made: can it hold a fact at all?

A sentence with no digit and none of the words a fact can start with (number words, time words)
yields nothing, so it is never tokenized. The word lists are the scanner's own (patterns/).
"""
from __future__ import annotations

from functools import cache

import regex

from .lexicon import lexicon


def _words_pattern(words) -> regex.Pattern:
    alternation = "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return regex.compile(r"(?<![\p{L}\p{M}])(?:" + alternation + r")(?![\p{L}\p{M}])", regex.IGNORECASE)


@cache
def _start_words() -> regex.Pattern:
    tem = lexicon().times
    words = set(lexicon().numerals.words) | {key[0] for key in tem.halves.entries}
    return _words_pattern(w for w in words if not w.isdigit())


@cache
def _goal_words() -> regex.Pattern:
    return _words_pattern(" ".join(key) for key in lexicon().cues.target.entries)


_DIGIT = regex.compile(r"\d")


def may_hold_a_fact(text: str) -> bool:
    return _DIGIT.search(text) is not None or _start_words().search(text) is not None


def has_goal_cue(text: str) -> bool:
    return _goal_words().search(text) is not None
