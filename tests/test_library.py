"""The library contract: extract, extract_document, to_frame and the Fact record."""
from __future__ import annotations

import dataclasses
import subprocess
from decimal import Decimal
import sys

import pytest

from extractor import FACT_COLUMNS, extract, extract_document, to_frame

from .conftest import ROOT

TEXT = ("Năm 2024, toàn tỉnh phấn đấu giải quyết việc làm cho 25.500 lao động; hỗ trợ 1-1,5 tỷ đồng "
        "cho Quỹ Bảo trợ trẻ em, giảm tỷ lệ hộ nghèo 0,85%.")


def test_fact_is_frozen_and_has_the_documented_fields():
    f = extract(TEXT)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.value = 1
    for name in ("kind", "value", "value_max", "unit", "date", "qualifier", "direction", "basis", "status", "period",
                 "metric", "text", "start", "end", "sentence", "repaired"):
        assert name in FACT_COLUMNS


def test_extract_reads_targets_ranges_and_periods():
    facts = [f for f in extract(TEXT) if f.kind != "year"]
    assert [(f.kind, f.value, f.value_max, f.unit, f.status, f.period) for f in facts] == [
        ("quantity", 25500, None, "lao động", "target", "2024"),
        ("money", 1_000_000_000, 1_500_000_000, "VND", "target", "2024"),
        ("percent", Decimal("0.85"), None, "%", "target", "2024"),
    ]
    assert facts[2].direction == "decrease"
    assert facts[0].metric == "giải quyết việc làm"
    assert facts[2].metric == "giảm tỷ lệ hộ nghèo"


def test_extract_document_keeps_raw_repaired_edits_and_sentences():
    raw = "Năm 202 3, giải quyết việc làm cho 29.576 lao động. Hỗ trợ hơn 80 t đồng."
    doc = extract_document(raw, doc_id="r1")
    assert doc.raw == raw and doc.doc_id == "r1"
    assert doc.text == "Năm 2023, giải quyết việc làm cho 29.576 lao động. Hỗ trợ hơn 80 tỷ đồng."
    assert len(doc.sentences) == 2 and [e.rule for e in doc.edits] == ["digits.split", "scale.truncated"]
    money = [f for f in doc.facts if f.kind == "money"][0]
    assert money.text == "80 t đồng" and money.repaired and money.qualifier == "over"


def test_to_frame_columns_and_types():
    frame = to_frame(extract(TEXT), doc_id="d")
    assert list(frame.columns) == ["doc_id", *FACT_COLUMNS]
    assert frame["value"].dtype.kind == "f" and frame["start"].dtype.kind == "i"
    assert frame.loc[frame["kind"] == "money", "value"].iloc[0] == 1e9


def test_to_frame_of_nothing_is_an_empty_table_with_columns():
    frame = to_frame([])
    assert len(frame) == 0 and list(frame.columns)[0] == "doc_id"


def test_import_does_not_load_heavy_dependencies():
    code = "import sys, extractor; print('underthesea' in sys.modules, 'pandas' in sys.modules)"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert res.stdout.split() == ["False", "False"]


def test_tagger_settles_a_noun_no_lexicon_lists():
    facts = extract("Tỉnh đã xây dựng 45 cống thoát nước trong năm.", tagging="selective")
    assert [(f.kind, f.value, f.unit) for f in facts] == [("quantity", 45, "cống")]
    assert [f for f in extract("Tỉnh đã xây dựng 45 cống thoát nước trong năm.", tagging="none")] == []
