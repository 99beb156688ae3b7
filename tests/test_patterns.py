"""The language data in patterns/: it loads, refuses duplicates, and its own examples hold."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extractor import extract, resources
from extractor.resources import PatternError, PhraseTable
from extractor.segment import sentences


def test_all_tables_load():
    for loader in (resources.numerals, resources.currencies, resources.measures, resources.durations,
                   resources.rate_denominators, resources.counted_nouns, resources.temporal, resources.context):
        assert loader()


def test_duplicate_phrases_are_refused():
    with pytest.raises(PatternError):
        PhraseTable.build([("hơn", "over"), ("Hơn", "under")], "test")


def _fact_of(text: str):
    facts = [f for f in extract(text) if f.kind in ("money", "quantity", "percent")]
    assert len(facts) == 1, (text, facts)
    return facts[0]


@pytest.mark.parametrize("surface,expected", list(resources.load("currencies")["examples"].items()))
def test_currency_examples(surface, expected):
    value, code = expected.split()
    f = _fact_of(f"Tổng số tiền là {surface}.")
    assert (f.value, f.unit) == (Decimal(value), code)


@pytest.mark.parametrize("surface,expected", list(resources.load("units")["examples"].items()))
def test_unit_examples(surface, expected):
    value, unit = expected.split(" ", 1)
    f = _fact_of(f"Kết quả đạt {surface}.")
    assert (f.value, f.unit) == (Decimal(value), unit)


@pytest.mark.parametrize("surface,unit", list(resources.load("nouns")["examples"].items()))
def test_counted_noun_examples(surface, unit):
    assert _fact_of(f"Toàn tỉnh có {surface} được hỗ trợ.").unit == unit


@pytest.mark.parametrize("surface,date", list(resources.temporal()["examples"].items()))
def test_temporal_examples(surface, date):
    facts = [f for f in extract(f"Báo cáo {surface} của tỉnh.") if f.kind in ("year", "date", "period")]
    assert [f.date for f in facts] == [date]


@pytest.mark.parametrize("surface,expected", list(resources.context()["examples"].items()))
def test_context_examples(surface, expected):
    f = _fact_of(f"Toàn tỉnh {surface}.")
    got = {f.qualifier, f.direction, f.basis, f.status} - {"", "actual"}
    assert got == set(expected.split())


@pytest.mark.parametrize("text,count", resources.load("segment")["examples"])
def test_segment_examples(text, count):
    assert len(sentences(text)) == int(count)


def test_every_counted_noun_is_read_after_a_number():
    """Each entry of nouns.toml is exercised: '12 <noun>' gives that noun as the unit."""
    unread = []
    for key, unit in resources.counted_nouns().entries.items():
        phrase = " ".join(key)
        facts = [f for f in extract(f"Năm nay có 12 {phrase} tham gia.") if f.kind == "quantity"]
        if not facts or facts[0].unit != unit:
            unread.append((phrase, [(f.unit, f.text) for f in facts]))
    assert not unread
