"""Reading Vietnamese numbers: separators, scale words, number words."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extractor import extract, resources
from extractor.numbers import parse_digits, words_value
from extractor.lexicon import lexicon

DIGITS = [
    ("29.576", "29576"), ("102,7", "102.7"), ("1.245.678", "1245678"), ("12.345,6", "12345.6"),
    ("09", "9"), ("1,533", "1.533"), ("1.2", "1.2"), ("101.86", "101.86"), ("1,234,567", "1234567"),
    ("13.503.000.000", "13503000000"), ("0,88", "0.88"),
]


@pytest.mark.parametrize("text,value", DIGITS)
def test_parse_digits(text, value):
    assert parse_digits(text) == Decimal(value)


@pytest.mark.parametrize("text", ["0258.3822.123", "1.2345", "12.34.567", "1,2,3"])
def test_parse_digits_refuses_what_no_reader_would_read(text):
    assert parse_digits(text) is None


@pytest.mark.parametrize("words,value", list(lexicon().examples["numerals"].items()))
def test_number_words_from_the_numerals_table(words, value):
    assert words_value(words.split()) == Decimal(value)


@pytest.mark.parametrize("words", ["mốt", "hai lăm", "trăm", "năm hai"])
def test_malformed_number_words(words):
    assert words_value(words.split()) is None


SENTENCES = [
    ("Dự án được hỗ trợ 3,2 nghìn tấn phân bón.", ("quantity", 3200, "tấn")),
    ("Kim ngạch xuất khẩu đạt 1,533 tỷ USD.", ("money", 1_533_000_000, "USD")),
    ("Tổng vốn đầu tư là 1.2 triệu USD.", ("money", 1_200_000, "USD")),
    ("Năng suất lúa đạt 30tạ/ha.", ("quantity", 30, "tạ/ha")),
    ("Diện tích gieo trồng đạt 3.160ha.", ("quantity", 3160, "ha")),
    ("Tổng số tiền là 13.503.000.000đ.", ("money", 13_503_000_000, "VND")),
    ("Sản lượng ước đạt16.743 tấn.", ("quantity", 16743, "tấn")),
    ("Huyện có hai mươi lăm xã đạt chuẩn.", ("quantity", 25, "xã")),
    ("Mỗi suất quà trị giá năm trăm nghìn đồng.", ("money", 500_000, "VND")),
    ("Quỹ nhận được 1 tỷ 250 triệu đồng.", ("money", 1_250_000_000, "VND")),
    ("Tổng nợ công hơn 2,5 triệu tỷ đồng.", ("money", 2_500_000_000_000_000, "VND")),
    ("Sản lượng lương thực đạt 61,8 vạn tấn.", ("quantity", 618_000, "tấn")),
    ("Kim ngạch xuất khẩu đạt 20.000₫ mỗi kg.", ("money", 20_000, "VND")),
]


@pytest.mark.parametrize("text,expected", SENTENCES)
def test_numbers_in_sentences(text, expected):
    facts = [f for f in extract(text) if f.kind in ("quantity", "money", "percent")]
    assert [(f.kind, f.value, f.unit) for f in facts] == [expected]


def test_nam_the_year_word_is_not_five():
    facts = extract("Năm 2023 có hai mươi lăm xã đạt chuẩn nông thôn mới.")
    assert [(f.kind, f.value) for f in facts] == [("year", 2023), ("quantity", 25)]


SIGNED = [
    ("Lợi nhuận đạt -12,5 tỷ đồng.", Decimal("-12500000000"), "-12,5 tỷ đồng"),
    ("Tăng trưởng âm 2,5%.", Decimal("-2.5"), "âm 2,5%"),
    ("Bắc Ninh giảm mạnh nhất (-11,85%).", Decimal("-11.85"), "-11,85%"),
    ("Cán cân thương mại đạt −412 triệu USD.", Decimal("-412000000"), "−412 triệu USD"),
    ("- 350 hộ thoát nghèo.", Decimal("350"), "350 hộ thoát nghèo"),  # a list dash is no sign
    ("-350 hộ thoát nghèo.", Decimal("350"), "350 hộ thoát nghèo"),
    ("Lãi suất giảm 0,5-1%/năm.", Decimal("0.5"), "0,5-1%"),  # a range dash is no sign
    ("Mã bệnh COVID-19 có 19 ca.", Decimal("19"), "19 ca"),
]


@pytest.mark.parametrize("text,value,span", SIGNED)
def test_signs(text, value, span):
    facts = [f for f in extract(text) if f.kind in ("quantity", "money", "percent")]
    assert [(f.value, f.text) for f in facts] == [(value, span)]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_negative_values_survive_export(tmp_path, fmt):
    """A loss stays a loss in every output format: CSV text, JSON number, Parquet float."""
    from extractor.cli import main

    src = tmp_path / "bao-cao.txt"
    src.write_text("Lợi nhuận đạt -12,5 tỷ đồng, cán cân thương mại −1,2 triệu USD.\n", encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    assert main(["extract", str(src), "-o", str(out)]) == 0
    if fmt == "csv":
        import csv

        values = [row["value"] for row in csv.DictReader(out.open(encoding="utf-8"))]
        assert values == ["-12500000000", "-1200000"]
    elif fmt == "jsonl":
        import json

        values = [json.loads(line)["value"] for line in out.read_text(encoding="utf-8").splitlines()]
        assert values == [-12500000000, -1200000]
    else:
        import pandas as pd

        assert pd.read_parquet(out)["value"].tolist() == [-12500000000.0, -1200000.0]


@pytest.mark.parametrize("text,expected", [
    ("Có 50 đến 60 hộ tham gia.", (50, 60, "hộ")),
    ("Vốn cần khoảng 1.000 tới 2.000 tỷ đồng.", (10**12, 2 * 10**12, "VND")),
    ("Giá dao động giữa 1 và 2 triệu đồng/tạ.", (10**6, 2 * 10**6, "VND/tạ")),
    ("Giá ở mức giữa 45.000 đồng và 48.000 đồng/kg.", (45000, 48000, "VND/kg")),
])
def test_ranges_with_words(text, expected):
    facts = [f for f in extract(text) if f.kind in ("quantity", "money", "percent")]
    assert [(f.value, f.value_max, f.unit) for f in facts] == [tuple(Decimal(v) if isinstance(v, int) else v
                                                                      for v in expected)]


@pytest.mark.parametrize("text", [
    "Năm 2020 có 50 hộ, đến 2025 sẽ nhiều hơn.",  # a bare 'đến' before a year joins no range
    "Đạt 50 người tới 2025.",
])
def test_a_bare_range_word_needs_a_unit_after_the_second_number(text):
    facts = [f for f in extract(text) if f.kind in ("quantity", "money", "percent")]
    assert [f.value_max for f in facts] == [None]


@pytest.mark.parametrize("text,expected", [
    ("Kim ngạch đạt USD 1,5 tỷ.", ("1500000000", "USD")),
    ("Giá vé $10.", ("10", "USD")),
    ("Giá vé £9.", ("9", "GBP")),
    ("Giá vé EUR 20.", ("20", "EUR")),
    ("Giá USD1,23 mỗi đơn vị.", ("1.23", "USD")),
    ("Phí VND1000 mỗi lần.", ("1000", "VND")),
    ("Phí 10K đồng mỗi lần.", ("10000", "VND")),
    ("Đạt 5 tỷ USD 6 tháng đầu năm.", ("5000000000", "USD")),  # the code after 5 tỷ is its unit, not 6's
])
def test_currency_written_before_the_number(text, expected):
    facts = [f for f in extract(text) if f.kind in ("quantity", "money", "percent")]
    assert [(str(f.value), f.unit) for f in facts] == [expected]
