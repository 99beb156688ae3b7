"""The sample report the project started from: its 33 facts, no more, each traced to its text."""
from __future__ import annotations

import json

from extractor import extract_document
from extractor.evaluate import Case, align

from .conftest import ROOT, SAMPLES

SEED = SAMPLES / "bao-cao-tong-ket-ldtbxh-2023.txt"
GOLD = json.loads((ROOT / "tests" / "data" / "seed_facts.json").read_text(encoding="utf-8"))


def _case() -> Case:
    facts = tuple({k: v for k, v in f.items() if k != "surface"} for f in GOLD["facts"])
    return Case("seed", "seed", SEED.read_text(encoding="utf-8"), facts, ())


def test_seed_report_gives_its_33_facts_and_no_other():
    case = _case()
    doc = extract_document(case.text, doc_id=SEED.name)
    pairs, missed, extra = align(case, list(doc.facts))
    assert not missed, missed
    assert not extra, [(f.kind, f.text) for f in extra]
    assert len(doc.facts) == len(GOLD["facts"]) == 33


def test_seed_attributes_match_the_reader():
    case = _case()
    doc = extract_document(case.text)
    pairs, _, _ = align(case, list(doc.facts))
    wrong = []
    for gold, fact in pairs:
        for name in ("qualifier", "direction", "basis", "status", "period", "repaired"):
            if name in gold and getattr(fact, name) != gold[name]:
                wrong.append((fact.text, name, gold[name], getattr(fact, name)))
    assert not wrong, wrong


def test_seed_spans_contain_the_surface_the_reader_saw():
    text = SEED.read_text(encoding="utf-8")
    doc = extract_document(text)
    for fact in doc.facts:
        assert text[fact.start:fact.end] == fact.text
    surfaces = [g["surface"] for g in GOLD["facts"]]
    found = [f.text for f in doc.facts]
    for surface in surfaces:
        assert any(surface in span or span in surface for span in found), surface


def test_seed_repairs_are_recorded_as_edits_of_the_original():
    text = SEED.read_text(encoding="utf-8")
    doc = extract_document(text)
    rules = {e.rule for e in doc.edits}
    assert {"digits.split", "scale.truncated"} <= rules
    assert doc.offsets.apply(text) == doc.text
    assert "năm 2023," in doc.text and "80 tỷ đồng" in doc.text and "29/12/2023" in doc.text
