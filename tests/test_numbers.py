"""Reading Vietnamese numbers: separators, scale words, number words."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extractor import extract, resources
from extractor.numbers import parse_digits, words_value

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


@pytest.mark.parametrize("words,value", list(resources.numerals()["examples"].items()))
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
