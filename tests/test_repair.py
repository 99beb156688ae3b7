"""OCR repair: each rule's examples from patterns/ocr.toml are repaired exactly so, its keep-list is
left untouched, and repaired facts point back to the damaged characters."""
from __future__ import annotations

import unicodedata

import pytest

from extractor import extract, extract_document, resources
from extractor.repair import RULES, repair
from extractor.repair.syllables import is_syllable
from extractor.lexicon import lexicon

RULE_DATA = lexicon().ocr
EXAMPLES = [pytest.param(before, after, id=f"{rid}:{before}") for rid, cfg in RULE_DATA.items()
            for before, after in cfg.get("examples", [])]
KEEPS = [pytest.param(text, id=f"{rid}:{text}") for rid, cfg in RULE_DATA.items() for text in cfg.get("keep", [])]


def test_every_rule_has_data_and_code():
    assert set(RULE_DATA) == set(RULES) - {"unicode.nfc"}
    assert all(cfg.get("examples") and cfg.get("keep") for cfg in RULE_DATA.values())


@pytest.mark.parametrize("before,after", EXAMPLES)
def test_repair_examples(before, after):
    repaired, offsets = repair(before)
    assert repaired == after
    assert offsets.apply(before) == repaired


@pytest.mark.parametrize("text", KEEPS)
def test_repair_leaves_sound_text_alone(text):
    repaired, offsets = repair(text)
    assert repaired == text, offsets.edits


def test_repair_of_decomposed_text_is_nfc_and_traceable():
    raw = unicodedata.normalize("NFD", "Tổng thu ngân sách đạt 3.370 tỷ đồng, tăng 17,7%.")
    repaired, offsets = repair(raw)
    assert repaired == unicodedata.normalize("NFC", raw)
    assert {e.rule for e in offsets.edits} == {"unicode.nfc"}
    facts = extract(raw)
    assert [(f.kind, float(f.value)) for f in facts] == [("money", 3370e9), ("percent", 17.7)]
    assert all(raw[f.start:f.end] == f.text for f in facts)
    assert not any(f.repaired for f in facts), "normalisation alone does not mark a fact repaired"


def test_repaired_fact_points_at_the_damaged_text():
    raw = "Quỹ đã vận động được hơn 8 0 t đồng trong năm 202 3 ."
    doc = extract_document(raw)
    money = [f for f in doc.facts if f.kind == "money"]
    year = [f for f in doc.facts if f.kind == "year"]
    assert money and money[0].value == 80_000_000_000 and money[0].repaired
    assert money[0].text == "8 0 t đồng"
    assert year and year[0].text == "năm 202 3" and year[0].repaired
    for e in doc.edits:
        assert raw[e.start:e.end] == e.before


def test_syllables_follow_onset_rhyme_tone():
    data = resources.load("syllables")
    assert all(is_syllable(w) for w in data["examples_valid"])
    assert not any(is_syllable(w) for w in data["examples_invalid"])


def test_html_entity_inside_a_report_sentence():
    facts = extract("Theo Bộ Kế hoạch &amp; Đầu tư, vốn FDI đạt 1,2 tỷ USD.")
    assert [(f.kind, f.value, f.unit) for f in facts] == [("money", 1_200_000_000, "USD")]
