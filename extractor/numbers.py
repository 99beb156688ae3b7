"""Reading Vietnamese numbers: digit strings with their separators, and number words.

Pure functions over strings and token lists; the words come from ``patterns/numerals.toml``.

>>> parse_digits("29.576")
Decimal('29576')
>>> parse_digits("102,7")
Decimal('102.7')
>>> parse_digits("12.345,6")
Decimal('12345.6')
>>> parse_digits("1.2")
Decimal('1.2')
>>> parse_digits("09")
Decimal('9')
>>> parse_digits("0258.3822.123") is None
True
>>> words_value(["hai", "mươi", "lăm"])
Decimal('25')
>>> words_value(["hai", "nghìn", "không", "trăm", "hai", "mươi"])
Decimal('2020')
>>> words_value(["hai", "chục", "nghìn"]), words_value(["năm", "nghìn", "tỷ"])
(Decimal('20000'), Decimal('5000000000000'))
"""
from __future__ import annotations

import calendar
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, InvalidOperation

from typing import Any

from .lexicon import lexicon


def _is_groups(parts: list[str]) -> bool:
    """``["1", "245", "678"]``: a lead of 1-3 digits then groups of exactly three."""
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def parse_digits(s: str) -> Decimal | None:
    """Value of a digit string as Vietnamese writes it, or None when no reading is well formed.

    Dots group thousands and a comma marks decimals (``1.245.678``, ``102,7``, ``12.345,6``).
    A single dot followed by one or two digits is a news-style decimal (``1.2``, ``101.86``);
    commas grouping threes twice or more are English thousands (``1,234,567``).
    """
    try:
        if "." not in s and "," not in s:
            return Decimal(s)
        if "." in s and "," in s:
            last_dot, last_comma = s.rfind("."), s.rfind(",")
            if last_comma > last_dot:  # 12.345,6
                whole, frac = s.rsplit(",", 1)
                parts = whole.split(".")
                return Decimal("".join(parts) + "." + frac) if _is_groups(parts) and "," not in whole else None
            whole, frac = s.rsplit(".", 1)  # 1,234.5
            parts = whole.split(",")
            return Decimal("".join(parts) + "." + frac) if _is_groups(parts) and "." not in whole else None
        if "," in s:
            parts = s.split(",")
            if len(parts) == 2:
                return Decimal(parts[0] + "." + parts[1])
            return Decimal("".join(parts)) if _is_groups(parts) else None
        parts = s.split(".")
        if _is_groups(parts) and not (len(parts[0]) > 1 and parts[0].startswith("0")):
            return Decimal("".join(parts))
        if len(parts) == 2 and 1 <= len(parts[1]) <= 2:
            return Decimal(parts[0] + "." + parts[1])
        return None
    except InvalidOperation:
        return None


def number_word(low: str) -> tuple[str, Any] | None:
    """(role, value) of a lower-case word that belongs to a number written in words."""
    return lexicon().numerals.words.get(low)


def words_value(words: list[str]) -> Decimal | None:
    """Value of a run of Vietnamese number words (lower case), or None if it is not well formed.

    ``mốt``/``tư``/``lăm`` count only after a tens word; ``linh``/``lẻ`` stand for a zero tens digit.
    """
    table = lexicon().numerals.words
    total = Decimal(0)
    group: int | Decimal = 0  # the part below the current scale
    pending: int | Decimal | None = None  # a digit waiting for trăm/mươi or the end
    prev_role = None
    last_scale = None
    for w in words:
        entry = table.get(w)
        if entry is None:
            return None
        role, v = entry
        if role == "digit":
            if pending is not None:
                return None
            pending = v
        elif role == "after_tens":
            if prev_role not in ("times_ten", "ten") or pending is not None:
                return None
            pending = v
        elif role == "hundred":
            if pending is None:
                return None
            group += pending * 100
            pending = None
        elif role == "times_ten":
            if pending is None or pending < 2:
                return None
            group += pending * 10
            pending = None
        elif role == "ten":
            if pending is not None:
                return None
            group += 10
        elif role == "zero_tens":
            if prev_role != "hundred":
                return None
        elif role == "scale":
            amount = group + (pending or 0)
            if amount == 0 and total == 0:
                amount = 1 if prev_role is None else 0
            if last_scale is not None and v >= last_scale and amount:
                total = (total + amount) * v  # "nghìn tỷ" read as a compound scale
            elif last_scale is not None and v > last_scale and prev_role == "scale":
                total *= v  # "năm nghìn tỷ", "hai chục nghìn": a scale right after a smaller one multiplies
            else:
                total += amount * v
            last_scale = v
            group, pending = 0, None
        prev_role = role
    total += group + (pending or 0)
    return total


# exact arithmetic whatever the length of the digits: the default context (28 digits) rounds a
# product and cannot quantize a 29-digit amount (decimal.InvalidOperation lost whole documents)
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
_ONE = Decimal(1)


def scaled(value: Decimal, scale: Decimal | None) -> Decimal:
    """``value`` times ``scale`` exactly, normalised so 80 tỷ prints as 80000000000.

    >>> scaled(Decimal("12345678901234567890123456789"), Decimal(10) ** 9)
    Decimal('12345678901234567890123456789000000000')
    """
    out = _EXACT.multiply(value, scale) if scale is not None else value
    return _EXACT.quantize(out, _ONE) if out == out.to_integral_value(context=_EXACT) else _EXACT.normalize(out)


def real_date(y: int | None, mo: int, d: int) -> bool:
    """A day that exists (31/02 does not; 29/02 only in a leap year, or when no year is written)."""
    return 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(2000 if y is None else y, mo)[1]
