"""Kinds of fact beyond the core six, one module each: drop a module in this package and its words in
``patterns/kinds.toml``, and the scanner reads the kind. Nothing else changes.

A kind module defines::

    KIND = "rank"                      # the fact's kind
    def read(cursor, i):               # asked at every number token i before the core readers
        ...                            # -> (next token index, [Draft, ...]) or None

``cursor`` is the sentence's :class:`~extractor.facts.cursor.Cursor` (tokens ``t``, lower-cased words
``w``, ``is_punct``, ``glued``, ``tok``); the kind's words are ``lexicon().kinds[KIND]`` (a phrase table
per list of its ``[KIND]`` table in kinds.toml). The drafts then get their attributes like any value
fact. The module is imported once, when the first sentence is scanned.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from functools import cache

from ...model import KINDS
from ...resources import PatternError

Reader = Callable[[object, int], "tuple[int, list] | None"]


@cache
def readers() -> tuple[tuple[str, Reader], ...]:
    """(kind, read) of every kind module in this package, in name order."""
    out = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        kind = getattr(module, "KIND", None)
        if not isinstance(kind, str) or not callable(getattr(module, "read", None)):
            raise PatternError(f"extractor/facts/kinds/{info.name}.py defines no KIND and read()")
        if kind in KINDS or kind in (k for k, _ in out):
            raise PatternError(f"extractor/facts/kinds/{info.name}.py: kind {kind!r} is already read")
        out.append((kind, module.read))
    return tuple(out)


def all_kinds() -> tuple[str, ...]:
    """The core kinds of the record and the kinds of this package."""
    return KINDS + tuple(kind for kind, _ in readers())
