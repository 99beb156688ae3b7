"""The language data in patterns/: it loads, refuses duplicates, and its own examples hold."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extractor import extract, resources
from extractor.lexicon import lexicon
from extractor.resources import PatternError, PhraseTable
from extractor.segment import sentences


def test_the_lexicon_loads_every_file():
    lex = lexicon()
    assert lex.units.currencies.entries and lex.units.measures.entries and lex.units.counted_nouns.entries
    assert lex.times.quarter and lex.cues.qualifiers.entries and lex.tables.unit_leads.entries


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


@pytest.mark.parametrize("surface,date", list(lexicon().examples["temporal"].items()))
def test_temporal_examples(surface, date):
    facts = [f for f in extract(f"Báo cáo {surface} của tỉnh.") if f.kind in ("year", "date", "period")]
    assert [f.date for f in facts] == [date]


@pytest.mark.parametrize("surface,expected", list(lexicon().examples["context"].items()))
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
    for key, unit in lexicon().units.counted_nouns.entries.items():
        phrase = " ".join(key)
        facts = [f for f in extract(f"Năm nay có 12 {phrase} tham gia.") if f.kind == "quantity"]
        if not facts or facts[0].unit != unit:
            unread.append((phrase, [(f.unit, f.text) for f in facts]))
    assert not unread


# --- coverage: every entry of the phrase tables is met by some text the tests read -----------------
# An entry is exercised when its phrase (split and lower-cased as the tables key it) occurs as a run of
# tokens in a corpus case (tests/corpus/*.jsonl), a table of the table corpus (tests/tables/*.json: title
# and cells) or an `examples` list of patterns/. Occurrence is what can be checked for every table at
# once; the corpus cases then check the facts read there.
# Covered strictly: the number words, currencies, units and time words (numerals, currencies, units,
# temporal), whose entries each make a fact. nouns.counted is exercised entry by entry by
# test_every_counted_noun_is_read_after_a_number. Out of scope: what is data, not phrases met in text
# (numerals.money/alone, temporal.roman, segment abbreviations, syllables, the OCR rules with their own
# examples tested in test_ocr.py), and the files others keep (encodings, readers, tables).
_STRICT = {"numerals": ("digits", "after_tens", "tens", "hundreds", "scales", "scale_abbreviations", "signs",
                        "decimal_words"),
           "currencies": None, "units": ("measures", "durations", "rate_denominators"),
           "temporal": ("words", "quarters_by_months", "halves", "month_spans")}
# context.toml and the rest of nouns.toml: cues and words that make no fact of their own, checked apart
_MEASURED = {"context": None, "nouns": ("not_counted", "abbreviations")}
# entries no corpus text shows yet, each with its reason (an entry leaves this list when a case covers it)
_UNTOUCHED: dict[str, str] = {}


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, list):
        for x in obj:
            yield from _strings(x)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield k
            yield from _strings(v)


@pytest.fixture(scope="module")
def runs() -> set:
    import json

    from extractor.evaluate import load_cases
    from extractor.tokens import tokenize

    from .conftest import CORPUS

    texts = [c.text for p in sorted(CORPUS.glob("*.jsonl")) for c in load_cases(p)]
    for path in sorted((CORPUS.parent / "tables").glob("*.json")):
        table = json.loads(path.read_text(encoding="utf-8"))
        texts += list(_strings([table["title"], [[cell.get("text", "") if isinstance(cell, dict) else cell for cell in row]
                                                   for row in table["rows"]]]))
    for name in ("numerals", "currencies", "units", "nouns", "temporal", "context", "segment"):
        texts += list(_strings(resources.load(name).get("examples", [])))
    texts += [s for rule in resources.load("ocr")["rules"].values() for s in _strings(rule.get("examples", []))]
    out = set()
    for text in texts:
        words = [t.low for t in tokenize(text)]
        for n in range(1, 7):
            out.update(tuple(words[i:i + n]) for i in range(len(words) - n + 1))
    return out


def _entries(scope: dict):
    for name, sections in scope.items():
        for section, body in resources.load(name).items():
            if section == "examples" or (sections and section not in sections):
                continue
            for group, val in body.items() if isinstance(body, dict) else [(section, body)]:
                if isinstance(val, dict):
                    yield from (f"{name}.{section}.{group}: {s}" for v in val.values() if isinstance(v, list) for s in v)
                elif isinstance(val, list):
                    yield from (f"{name}.{section}.{group}: {s}" for s in val)
                elif name == "numerals":  # word = value tables: the word is the entry
                    yield f"{name}.{section}: {group}"


def _untouched(scope: dict, runs: set) -> list[str]:
    return [e for e in _entries(scope) if resources.phrase_key(e.split(": ", 1)[1]) not in runs]


def test_every_number_currency_unit_and_time_word_is_exercised(runs):
    assert len(list(_entries(_STRICT))) >= 230
    assert _untouched(_STRICT, runs) == list(_UNTOUCHED)


def test_every_context_cue_is_exercised(runs):
    assert _untouched(_MEASURED, runs) == []


# --- case policy: currencies and measures are case-sensitive, words are not (see the TOML headers) ----

def _money_and_quantities(text: str):
    return [(f.kind, f.value, f.unit) for f in extract(text) if f.kind in ("money", "quantity")]


@pytest.mark.parametrize("text,expected", [
    ("Công suất lắp đặt đạt 45 MW.", [("quantity", Decimal(45), "MW")]),
    ("Công suất lắp đặt đạt 45 mw.", []),           # mw is no MW (nor a counted noun)
    ("Công suất lắp đặt đạt 45 mW.", []),           # milliwatt: no unit of ours
    ("Công suất trạm biến áp đạt 12 KW.", []),      # KW: kW or something else, not guessed
    ("Tuyến kè dài 45 m.", [("quantity", Decimal(45), "m")]),
    ("Tuyến kè dài 45 M.", []),                     # M is no metre
    ("Diện tích gieo trồng đạt 7 Ha, năng suất 10 KG/m2.", [("quantity", Decimal(7), "ha"),
                                                           ("quantity", Decimal(10), "kg/m2")]),
    ("Tổng thu 80 tỷ Đồng.", [("money", Decimal(80_000_000_000), "VND")]),
    ("TỔNG THU 80 TỶ ĐỒNG.", [("money", Decimal(80_000_000_000), "VND")]),
    ("Thu hơn 80 t Đồng.", [("money", Decimal(80_000_000_000), "VND")]),  # the OCR repair reads Đồng too
    ("Viện trợ 2 triệu Euro và 5 triệu Yên Nhật.", [("money", Decimal(2_000_000), "EUR"),
                                                    ("money", Decimal(5_000_000), "JPY")]),
])
def test_case_policy(text, expected):
    assert _money_and_quantities(text) == expected
