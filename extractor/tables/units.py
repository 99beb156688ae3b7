"""Units of table cells: what a unit phrase means ("Tỷ đồng", "Nghìn người", "%", "kg/ha/năm"), where a
label or a caption writes one, and which source wins (TABLES §3).

A phrase means what the prose reader makes of "1 <phrase>": the prose lexicons of units, currencies,
counted nouns and scale words are the only ones (one word, one place), and "1 tỷ đồng" read as 10⁹ VND
gives the scale and the currency at once.

>>> read_unit("Tỷ đồng")
Unit(kind='money', unit='VND', scale=Decimal('1000000000'))
>>> read_unit("Nghìn người")
Unit(kind='quantity', unit='người', scale=Decimal('1000'))
>>> read_unit("(GDP)") is None, read_unit("Tỷ lệ") is None
(True, True)
>>> split_label_unit("Giường bệnh (Giường)")
('Giường bệnh', Unit(kind='quantity', unit='giường', scale=Decimal('1')))
>>> split_label_unit("Tốc độ tăng tổng sản phẩm trong nước (GDP)")[1] is None
True
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex

from ..lexicon import lexicon
from ..facts.scan import scan
from ..numbers import parse_digits
from ..tokens import NUM, tokenize

ONE = Decimal(1)
_TAIL_PARENS = regex.compile(r"^(?P<head>.*?)\s*\((?P<inner>[^()]{1,40})\)\s*[.:]?\s*$", regex.DOTALL)
_TAIL_DASH = regex.compile(r"^(?P<head>.*\S)\s+[-–—]\s*(?P<inner>%|[^\s-][^-–—]{0,30})\s*$", regex.DOTALL)


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit as facts carry it: the kind it makes (quantity, money, percent), the unit column's
    value ("VND", "%", "người") and the scale a cell's number is multiplied by."""

    kind: str
    unit: str
    scale: Decimal = ONE


PERCENT = Unit("percent", "%")


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@lru_cache(maxsize=4096)
def read_unit(phrase: str) -> Unit | None:
    """The unit a whole phrase names, or None when any of its words is no unit."""
    s = " ".join(_nfc(phrase).split()).strip("() .:;")
    if not s or len(s) > 40:
        return None
    if s == "%":
        return PERCENT
    tokens = tokenize(s)
    scale = ONE
    if tokens and tokens[0].kind == NUM:  # "1000 USD", "1.000 đồng": a scale written in digits
        value = parse_digits(tokens[0].text)
        if value is None or value < 100 or len(tokens) == 1 or str(value).rstrip("0") != "1":
            return None  # only a power of ten scales ("1000 USD"); "10 tháng" is a time
        scale, s = value, s[tokens[1].start:]
        tokens = tokenize(s)
    words = [t.low for t in tokens]
    alone = lexicon().numerals.scales.match_at(words, 0)
    if alone and alone[0] == len(words):  # "Nghìn", "Triệu": a scale with no unit
        return Unit("quantity", "", alone[1] * scale)
    probe = "1 " + s
    drafts = scan(tokenize(probe), probe, 0)
    if len(drafts) != 1 or drafts[0].i != 0 or drafts[0].j != len(tokens) + 1:
        return None
    d = drafts[0]
    if d.kind not in ("quantity", "money", "percent") or d.value is None or d.value <= 0:
        return None
    unit = d.unit if d.unit.isascii() else _nfc(d.unit)
    return Unit(d.kind, unit, d.value * scale)


def column_unit(text: str) -> Unit:
    """The unit a unit column's cell names: a known unit, else its own words as a counted noun."""
    known = read_unit(text)
    if known is not None:
        return known
    return Unit("quantity", " ".join(_nfc(text).lower().split()))


def split_label_unit(label: str) -> tuple[str, Unit | None]:
    """A label without the unit its end writes in parentheses or after a dash, and that unit
    ("Bội chi so với GDP (%)", "Chỉ số phát triển (Năm trước = 100) - %"); other parentheses stay."""
    for pattern in (_TAIL_PARENS, _TAIL_DASH):
        m = pattern.match(label)
        if m:
            unit = read_unit(m["inner"])
            if unit is not None:
                return m["head"].strip(), unit
    return label, None


def caption_unit(text: str, leads_only: bool = False) -> Unit | None:
    """The unit a caption or title line states: "Đơn vị tính: Tỷ đồng", "ĐVT: %", or (unless
    ``leads_only``: a header cell's "(%)" is its column's) a "(%)" ending the title."""
    tokens = tokenize(text)
    words = [t.low for t in tokens]
    leads = lexicon().tables.unit_leads
    for i in range(len(words)):
        hit = leads.match_at(words, i)
        if not hit:
            continue
        k = i + hit[0]
        if k < len(tokens) and tokens[k].text in (":", "-", "–"):
            k += 1
        if k >= len(tokens):
            continue
        end = k
        while end < len(tokens) and tokens[end].text not in (")", ";", ",", "]") and end - k < 8:
            end += 1
        phrase = text[tokens[k].start:tokens[end - 1].end]
        return read_unit(phrase) or (column_unit(phrase) if phrase.strip() else None)
    if leads_only:
        return None
    _, unit = split_label_unit(text)
    return unit if unit is PERCENT or (unit is not None and unit.kind == "percent") else None


def is_unit_line(text: str) -> bool:
    """A line that only states the unit ("Đơn vị tính: %", "(ĐVT: Tỷ đồng)")."""
    words = [t.low for t in tokenize(text) if t.text not in "()[]"]
    return bool(lexicon().tables.unit_leads.match_at(words, 0)) and caption_unit(text) is not None


def header_unit(text: str) -> Unit | None:
    """The unit a whole header cell names when it is one: a currency, a percent, a measure or a scaled
    count ("Tỷ đồng", "%", "Tấn", "Nghìn người"); a bare counted noun ("Bệnh viện", "Trường") is a
    column's name, not its unit."""
    unit = read_unit(text)
    if unit is None or unit.kind != "quantity" or unit.scale != ONE:
        return unit
    s = text.strip()
    named = s.startswith("(") and s.endswith(")")  # "(Người)" under "Dân số": a unit by its brackets
    return unit if named or "/" in unit.unit or unit.unit in _measure_symbols() else None


@lru_cache(maxsize=1)
def _measure_symbols() -> frozenset:
    return frozenset(lexicon().units.measures.entries.values())
