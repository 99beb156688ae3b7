"""What one body cell holds: a number (or a range), with the words written in the cell itself.

A cell is read only when nothing in it is left unexplained: an optional qualifier word from the
prose lexicon ("Khoảng 4", "Trên 90"), a sign written against the digits ("-0,109"), the number,
an optional "%" or unit phrase ("25 ha", "1.234 tỷ đồng"), and optionally a second number after a
dash (a range, "6,6-6,8", "4,99%-5,59%"). Anything else ("Tăng 5 lần so với", "123/QĐ-UBND",
"0914 123 456", "7:30") is a text cell and gives nothing.

>>> r = read_cell("Khoảng 45-47")
>>> (r.value, r.value_max, r.qualifier)
(Decimal('45'), Decimal('47'), 'approx')
>>> read_cell("-0,109").value
Decimal('-0.109')
>>> read_cell("230 065").value
Decimal('230065')
>>> read_cell("1,512,300", english=True).value
Decimal('1512300')
>>> read_cell("1,512", english=True).value
Decimal('1512')
>>> read_cell("3.44%").percent
True
>>> read_cell("Tăng 5 lần so với") is None, read_cell("0914123456") is None, read_cell("-") is None
(True, True, True)
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex

from ..lexicon import lexicon
from ..numbers import parse_digits
from ..tokens import tokenize
from .units import Unit, read_unit

# one number as a cell writes it: digits with dots, commas or spaces grouping them
_NUMBER = r"\d+(?:[.,]\d+)*(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?"
_SIGN = r"[-−–+]"
_CELL = regex.compile(
    rf"(?P<sign>{_SIGN})?(?P<num>{_NUMBER})\s*(?P<pct>%)?"
    rf"(?:\s*[-–—÷~]\s*(?P<sign2>{_SIGN})?(?P<num2>{_NUMBER})\s*(?P<pct2>%)?)?"
    r"(?P<rest>\s*\S.*)?", regex.DOTALL)
# footnote marks after a number ("1.234*", "56,7(*)", "12,5 (1)")
_NOTE = regex.compile(r"\s*(?:\(\s*\*+\s*\)|\*+|\(\d\))$")
_SPACES = regex.compile(r"[ \u00a0\u202f]")
# a comma grouping thousands twice, or before a decimal point: only English writes that ("12.5" alone
# is read as a decimal either way and proves nothing)
_ENGLISH = regex.compile(r"^\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$|^\d{1,3}(?:,\d{3})+\.\d+$")
_VIETNAMESE = regex.compile(r"^\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$|^\d{1,3}(?:\.\d{3})+,\d+$|^\d+,\d{1,2}$|^\d+,\d{4,}$")


@dataclass(frozen=True, slots=True)
class Reading:
    """A numeric cell: its value (a range sets value_max), the qualifier its own words give, whether it
    writes "%" itself, and a unit it writes itself."""

    value: Decimal
    value_max: Decimal | None = None
    qualifier: str = ""
    percent: bool = False
    unit: Unit | None = None


def is_nothing(text: str) -> bool:
    """An empty, dash, x or ellipsis cell."""
    s = " ".join(text.split())
    return not s or s in lexicon().tables.nothing


def grouping_of(texts) -> bool:
    """True when a table writes English grouping throughout ("1,512,300", "12.5"): some of its cells
    can only be English and none can only be Vietnamese."""
    english = vietnamese = 0
    for t in texts:
        for m in regex.finditer(r"\d[\d.,]*\d", t):
            s = m.group()
            english += bool(_ENGLISH.match(s))
            vietnamese += bool(_VIETNAMESE.match(s))
    return english > 0 and vietnamese == 0


def _number(s: str, english: bool) -> Decimal | None:
    s = _SPACES.sub(" ", s)
    if " " in s:  # "230 065", "12 345,6": spaces group thousands (a comma may then mark decimals)
        whole, _, frac = s.partition(",") if not english else s.partition(".")
        parts = whole.split(" ")
        if any(c in whole for c in ".,") or not (1 <= len(parts[0]) <= 3) or any(len(p) != 3 for p in parts[1:]):
            return None
        s = "".join(parts) + ("," + frac if frac and not english else "." + frac if frac else "")
    if len(s) > 1 and s[0] == "0" and s[1].isdigit():
        return None  # "0914…", "01": a code or a phone number, not an amount
    if english:
        s = s.translate(str.maketrans(".,", ",."))
    return parse_digits(s)


def _qualifier(words: list[str]) -> tuple[str, int]:
    """The qualifier the cell's leading words give, and how many tokens they take: a qualifier
    ("Khoảng", "Trên"), or a change word the column's figure is read without ("Giảm 1", "Tăng
    khoảng 5": a table's figure has no direction)."""
    ctx = lexicon().cues
    k = 0
    move = ctx.directions.match_at(words, 0)
    if move and move[1] in ("increase", "decrease"):
        k = move[0]
    hit = ctx.qualifiers.match_at(words, k)
    return (hit[1], k + hit[0]) if hit else ("", k)


@lru_cache(maxsize=65536)
def read_cell(text: str, english: bool = False) -> Reading | None:
    """The number of a body cell, or None when the cell is no number (text, dash, code, date)."""
    s = " ".join(text.split())
    if not s or is_nothing(s) or len(s) > 60:
        return None
    s = _NOTE.sub("", s)
    if not s:  # "(*)", "(5)": a footnote mark alone
        return None
    qualifier, lead = "", 0
    signs = lexicon().tables.sign_qualifiers
    sign = next((x for x in sorted(signs, key=len, reverse=True) if s.startswith(x)), None)
    if sign is not None:  # "≥ 7,5", "> 50"
        qualifier, s = signs[sign], s[len(sign):].lstrip()
        if not s:
            return None
    elif not (s[0].isdigit() or s[0] in "-−–+"):
        tokens = tokenize(s)
        qualifier, lead = _qualifier([t.low for t in tokens])
        if not lead or lead >= len(tokens):
            return None
        s = s[tokens[lead].start:]
    m = _CELL.fullmatch(s)
    if not m:
        return None
    value = _number(m["num"], english)
    if value is None:
        return None
    if m["sign"] and m["sign"] != "+":
        value = -value
    value_max = None
    if m["num2"]:
        value_max = _number(m["num2"], english)
        if value_max is None:
            return None
        if m["sign2"] and m["sign2"] != "+":
            value_max = -value_max
        if value_max < value:  # "2019-2018", "5-3": no range a table writes
            return None
    unit = None
    if m["rest"]:
        rest = m["rest"].strip()
        after = lexicon().cues.after_qualifiers.match_at([t.low for t in tokenize(rest)], 0)
        if after and after[0] == len(tokenize(rest)):  # "18 trở lên"
            qualifier = qualifier or after[1]
        else:
            unit = read_unit(rest)
            if unit is None:
                return None
    return Reading(value, value_max, qualifier, bool(m["pct"] or m["pct2"]), unit)
