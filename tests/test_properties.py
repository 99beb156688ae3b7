"""Properties of extraction on any text (hypothesis): no exception, exact offsets, ordered spans in
bounds, edits that replay, the same result twice, ``extract`` = ``extract_document().facts``, and
no spreadsheet formula in ``--excel`` output.

Two kinds of input: any Unicode string, and report-like text built from the pieces that trouble
the reader (numbers with Vietnamese separators, OCR look-alikes, split digits, cut scale words,
decomposed marks, number words, dates, runs of blanks and marks).
"""
from __future__ import annotations

import csv
import io
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor import extract, extract_document
from extractor.export import TEXT_COLUMNS, CsvWriter

_WORDS = ["Tổng", "thu", "ngân sách", "đạt", "tăng", "giảm", "so với", "cùng kỳ", "kế hoạch", "năm", "tháng",
          "quý", "ngày", "khoảng", "hơn", "gần", "lao động", "hộ", "xã", "ha", "tấn", "tỷ", "triệu", "nghìn",
          "đồng", "USD", "%", "giai đoạn", "từ", "đến", "hai", "mươi", "lăm", "trăm", "Quyết định số", "QĐ-UBND",
          "phấn đấu", "Điều", "COVID-19", "t", "tr", "g iải", "p hát phát", "ng", "TP.", "v.v.", "https://a.vn/2023/1"]
_MARKS = ["\u0301", "\u0300", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"]
_GLUE = [" ", " ", " ", "  ", ", ", ". ", "; ", ": ", "\n", "\n\n", "\t", " - ", "/", "-", "", " ( ", " ) ", "…",
         "\r\n", " \u00a0", "&amp;", "&#7843;", "=", "+", "@"]


def _number():
    digits = st.integers(min_value=0, max_value=10 ** 12).map(str)
    grouped = st.integers(min_value=1000, max_value=10 ** 15).map(lambda n: f"{n:,}".replace(",", "."))
    decimal = st.tuples(st.integers(0, 9999), st.integers(0, 99)).map(lambda t: f"{t[0]},{t[1]}")
    date = st.tuples(st.integers(0, 40), st.integers(0, 14), st.integers(1890, 2110)).map(
        lambda t: f"{t[0]}/{t[1]}/{t[2]}")
    ocr = st.sampled_from(["2O23", "l0", "1.,234", "29:576", "102/7", "47;3", "202 3", "1 5,5", "80 t", "3 2,5",
                           "l.234", "0258.3822.123", "12345678901234567890123456789", "-12,5", "1-1,5", "7 - 7,5"])
    return st.one_of(digits, grouped, decimal, date, ocr)


def _piece():
    word = st.sampled_from(_WORDS)
    marked = st.tuples(st.sampled_from("aeiouy"), st.lists(st.sampled_from(_MARKS), min_size=1, max_size=3)).map(
        lambda t: t[0] + "".join(t[1]))
    decomposed = word.map(lambda w: unicodedata.normalize("NFD", w))
    return st.one_of(word, word, _number(), _number(), marked, decomposed, st.text(max_size=3))


report_like = st.lists(st.tuples(_piece(), st.sampled_from(_GLUE)), max_size=40).map(
    lambda parts: "".join(p + g for p, g in parts))

# runs of one piece: the shapes that were super-linear (spaces, marks, number words, 1 1 1 …)
runs = st.tuples(st.sampled_from([" ", "\t", "\n", ".", "!", "năm ", "tỷ ", "1 ", "1/", "1O", "a\u0301", ", ", "( "]),
                 st.integers(1, 400), report_like).map(lambda t: t[2] + t[0] * t[1] + t[2])

anything = st.text(max_size=300)
SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(text: str) -> None:
    doc = extract_document(text)
    # the repaired text is the edits replayed on the input; every edit names what it replaced
    assert doc.offsets.apply(text) == doc.text
    prev_end = 0
    for e in doc.edits:
        assert prev_end <= e.start <= e.end <= len(text) and text[e.start:e.end] == e.before
        prev_end = e.end
    # sentences: in order, inside the repaired text, exact
    prev_end = 0
    for s in doc.sentences:
        assert prev_end <= s.start < s.end <= len(doc.text) and doc.text[s.start:s.end] == s.text
        prev_end = s.end
    # facts: exact spans of the ORIGINAL input, in bounds, in text order
    prev = (0, 0)
    for f in doc.facts:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start:f.end] == f.text
        assert (f.start, f.end) >= prev
        prev = (f.start, f.end)
    # the same result twice, and extract() is the document's facts
    assert extract_document(text).facts == doc.facts
    assert extract(text) == list(doc.facts)


@SETTINGS
@given(anything)
def test_any_string_keeps_every_invariant(text):
    _check(text)


@SETTINGS
@given(report_like)
def test_report_like_text_keeps_every_invariant(text):
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs)
def test_runs_of_one_piece_keep_every_invariant(text):
    _check(text)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["=", "+", "-", "@", "\t", "\r", "=HYPERLINK(\"http://x\")", "- ", ""]), report_like)
def test_excel_csv_never_starts_a_formula(lead, text):
    text = lead + text
    buf = io.StringIO()
    CsvWriter(buf, excel=True).write(extract(text), lead + "bao-cao.txt")
    for row in csv.DictReader(io.StringIO(buf.getvalue())):
        for col in TEXT_COLUMNS:
            assert not row[col].startswith(("=", "+", "-", "@", "\t", "\r")), (col, row[col])
