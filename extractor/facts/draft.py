"""The working record of a fact while a sentence is read (token indices, not yet offsets)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Draft:
    kind: str
    i: int  # first token of the span
    j: int  # one past the last token
    value: Decimal | None = None
    value_max: Decimal | None = None
    unit: str = ""
    date: str = ""
    scaled: bool = False  # a scale word (triệu, tỷ) was read: a later bare "61 triệu" may borrow the unit
    vi: int = -1  # first token of the number itself (where the qualifier look-back starts)
