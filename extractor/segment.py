"""Paragraphs and sentences of the repaired text, by rule (cheap, offset-exact).

A line is a paragraph; inside it a sentence ends at ``. ! ? …`` followed by white space and a
capital letter, a digit or an opening bracket/quote, except after a listed abbreviation.
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
    return regex.compile(r"(?<=[.!?…]+)" + guard + r"\s+(?=[\p{Lu}\d(\"“'‘\[])")


def sentences(text: str) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    boundary = _boundary()
    para = -1
    for line in regex.finditer(r"[^\n]+", text):
        if not line.group().strip():
            continue
        para += 1
        base = line.start()
        pos = 0
        body = line.group()
        for m in boundary.finditer(body):
            _emit(out, body, base, pos, m.start(), para)
            pos = m.end()
        _emit(out, body, base, pos, len(body), para)
    return tuple(out)


def _emit(out: list, body: str, base: int, start: int, end: int, para: int) -> None:
    chunk = body[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    if chunk:
        s = base + start + lead
        out.append(Sentence(s, s + len(chunk), chunk, para))
