"""Paragraphs and sentences of the repaired text, by rule (cheap, offset-exact).

Paragraphs are separated by blank lines; a sentence ends at a line break (unless the line was
hard-wrapped) or at ``. ! ? …`` followed by white space and a capital letter, a digit or an opening
bracket/quote, except after a listed abbreviation.
"""
from __future__ import annotations

from functools import cache

import regex

from . import resources
from .model import Sentence


@cache
def _boundary() -> regex.Pattern:
    abbrevs = resources.load("segment")["abbreviations"]
    guard = "".join(f"(?<!(?:^|\\s){regex.escape(a)})" for a in abbrevs)
    # anchored on the punctuation itself (a look-behind would be tried at every character)
    return regex.compile(r"[.!?…]+" + guard + r"(\s+(?=[\p{Lu}\d(\"“'‘\[])|(?=-\s?[\p{Lu}\d]))")


_BLANK_LINES = regex.compile(r"\n(?:[ \t\r]*\n)+")
_LINE_BREAK = regex.compile(r"[ \t\r]*\n[ \t]*")


def sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences of ``text``; paragraphs are separated by blank lines.

    A line break ends a sentence, except where a line was hard-wrapped: it does not end in
    sentence punctuation and the next line goes on in lower case (``3.450 lao\nđộng``)."""
    out: list[Sentence] = []
    boundary = _boundary()
    para = -1
    for base, body in _blocks(text):
        if not body.strip():
            continue
        para += 1
        cuts = [(m.start(1), m.end(1)) for m in boundary.finditer(body)]
        for m in _LINE_BREAK.finditer(body):
            last = body[m.start() - 1] if m.start() > 0 else ""
            after = body[m.end():m.end() + 1]
            wrapped = last != "" and not last.isspace() and last not in ".!?:;…" and after[:1].islower()
            if not wrapped:
                cuts.append((m.start(), m.end()))
        pos = 0
        for a, b in sorted(cuts):
            if a < pos:
                continue
            _emit(out, body, base, pos, a, para)
            pos = b
        _emit(out, body, base, pos, len(body), para)
    return tuple(out)


def _blocks(text: str):
    """(offset, text) of the stretches between blank lines."""
    pos = 0
    for m in _BLANK_LINES.finditer(text):
        yield pos, text[pos:m.start()]
        pos = m.end()
    yield pos, text[pos:]


def _emit(out: list, body: str, base: int, start: int, end: int, para: int) -> None:
    chunk = body[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    if chunk:
        s = base + start + lead
        out.append(Sentence(s, s + len(chunk), chunk, para))
