"""Paragraphs and sentences of the repaired text, by rule (cheap, offset-exact).

Paragraphs are separated by blank lines; a sentence ends at a line break (unless the line was
hard-wrapped) or at ``. ! ? …`` followed by white space and a capital letter, a digit or an opening
bracket/quote, except after a listed abbreviation.

Every pattern here is tried once per run of the characters it reads (possessive runs, anchored on
the run's first character), so the split is linear in the text whatever it holds. A sentence
longer than :data:`MAX_SENTENCE` characters (no real one is: the longest of the corpus, the samples
and the development paragraphs is about 600) is cut into windows at a clause comma or a space, so
that reading the words around each number stays bounded.
"""
from __future__ import annotations

import unicodedata
from functools import cache

import regex

from .lexicon import lexicon
from .model import Sentence


@cache
def _boundary() -> regex.Pattern:
    abbrevs = lexicon().abbreviations
    guard = "".join(f"(?<!(?:^|\\s){regex.escape(a)})" for a in abbrevs)
    # anchored on the punctuation itself (a look-behind would be tried at every character)
    # from the first mark of a run, the whole run at once: a run of 100,000 dots is one attempt, not 100,000
    return regex.compile(r"(?<![.!?…])[.!?…]++" + guard + r"(\s++(?=[\p{Lu}\d(\"“'‘\[])|(?=-\s?[\p{Lu}\d]))")


_BLANK_LINES = regex.compile(r"\n(?:[ \t\r]*+\n)+")
_NEWLINE = regex.compile(r"\n[ \t]*+")
MAX_SENTENCE = 1000  # characters; a longer "sentence" is read in windows of at most this length


def _line_breaks(body: str):
    """(start, end) of each line break with the blanks around it: ``[ \t\r]*\n[ \t]*``, the
    blanks before the newline found by walking back to the previous break (one pass: linear)."""
    floor = 0
    for m in _NEWLINE.finditer(body):
        a = m.start()
        while a > floor and body[a - 1] in " \t\r":
            a -= 1
        floor = m.end()
        yield a, m.end()


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
        for a, b in _line_breaks(body):
            last = body[a - 1] if a > 0 else ""
            after = body[b:b + 1]
            wrapped = last != "" and not last.isspace() and last not in ".!?:;…" and after[:1].islower()
            if not wrapped:
                cuts.append((a, b))
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
    if not chunk:
        return
    s = base + start + lead
    if len(chunk) <= MAX_SENTENCE:
        out.append(Sentence(s, s + len(chunk), chunk, para))
        return
    for a, b in windows(chunk):
        piece = chunk[a:b]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            out.append(Sentence(s + a + lead, s + a + lead + len(piece), piece, para))


def windows(text: str, size: int = MAX_SENTENCE) -> list[tuple[int, int]]:
    """Consecutive spans covering ``text``, each at most ``size`` characters where a space allows:
    cut after the last ``;`` or ``,`` of a clause in a window's second half, else at its last space
    between words with no number just before, else right before a number (a number keeps its scale
    and unit), else at its last space, else after the run of characters without a space that
    crosses the window's second half. A run with no space is not cut there; if longer than
    :data:`GLUED` characters (no word of any language is: it is a chain like ``1/1/1/…``) it is cut
    after a mark that never joins a number (not ``.`` or ``,``), so a number's digits stay together.

    >>> windows("tăng 5%, giảm 3%", size=10)
    [(0, 8), (8, 16)]
    >>> windows("123456789012 tỷ", size=10)
    [(0, 12), (12, 15)]
    >>> len(windows("1/" * 1000)), len(windows("1" * 3000))
    (20, 1)
    """
    n, pos, cuts = len(text), 0, []
    while n - pos > size:
        pos = _cut(text, pos, size)
        cuts.append(pos)
    if n > GLUED:
        for m in _GLUED_RUN.finditer(text):
            if not _LINK.match(m.group()):  # a link is read whole (the scanner masks it)
                cuts.extend(_glued_cuts(text, m.start(), m.end()))
    bounds = [0, *sorted({c for c in cuts if 0 < c < n}), n]
    return list(zip(bounds, bounds[1:]))


def _cut(text: str, pos: int, size: int) -> int:
    """Where the window from ``pos`` ends (always past ``pos``): the best place in its second half."""
    lo, hi = pos + size // 2, pos + size
    for sep in ("; ", ", "):
        k = text.rfind(sep, lo, hi)
        if k >= 0:
            return k + 1
    for good in (_among_words, _before_number):
        k = text.rfind(" ", lo, hi + 1)
        while k > lo and not good(text, k):
            k = text.rfind(" ", lo, k)
        if k > lo:
            return k
    k = max(text.rfind(" ", lo, hi + 1), text.rfind("\t", lo, hi + 1), text.rfind("\n", lo, hi + 1))
    if k > pos:
        return k
    m = _NEXT_SPACE.search(text, hi)  # a glued run across the window's second half goes on whole
    return m.start() if m else len(text)


def _among_words(text: str, k: int) -> bool:
    """A space with a word after it and no digit in the few words before it (no amount is parted)."""
    return text[k + 1:k + 2].isalpha() and not any(c.isdigit() for c in text[max(0, k - _AMOUNT):k])


def _before_number(text: str, k: int) -> bool:
    """A space right before a number: the number keeps its scale and unit."""
    return text[k + 1:k + 2].isdigit() and text[k - 1:k].isalpha()


_AMOUNT = 24  # characters: a number's scale, unit and rate words ("5 tỷ đồng/người/tháng")


def _glued_cuts(text: str, a: int, b: int):
    """Cuts inside the run ``text[a:b]`` (no space in it), at most every GLUED characters where a
    mark allows, each right after a character that is no part of a number or word."""
    pos = a
    while b - pos > GLUED:
        k = next((k for k in range(pos + GLUED, pos + GLUED // 2, -1) if _breakable(text[k - 1])), None)
        if k is None:  # none near: the next one further on (digits or letters in between stay whole)
            k = next((k for k in range(pos + GLUED + 1, b) if _breakable(text[k - 1])), None)
            if k is None:
                return
        yield k
        pos = k


def _breakable(c: str) -> bool:
    return not (c.isalnum() or c in ".," or unicodedata.combining(c))


GLUED = 100
_GLUED_RUN = regex.compile(r"(?<!\S)\S{%d,}+" % (GLUED + 1))
_NEXT_SPACE = regex.compile(r"\s")
_LINK = regex.compile(r"\W{0,3}(?:[a-zA-Z][a-zA-Z0-9+.-]{0,9}://|www\.)")
