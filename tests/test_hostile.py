"""Hostile input, text side (issue 13): no pattern super-linear, no exception, nothing lost.

Each test names the hostile case; the time bounds (CPU seconds) are generous (the old code took
seconds to minutes on the same inputs, the new takes milliseconds), so they fail only on a real
regression.
The throughput check of the adversarial classes (20k and 200k characters) is at the end.
"""
from __future__ import annotations

import gc
import json
import time
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from extractor import extract, extract_document
from extractor.export import JsonlWriter
from extractor.model import Fact
from extractor.pipeline import ExtractionTimeout
from extractor.repair import repair
from extractor.repair.rules import digits_letter, space_punct
from extractor.segment import GLUED, MAX_SENTENCE, sentences, windows

from .conftest import load_benchmark

ROOT = Path(__file__).resolve().parents[1]


def _timed(fn, *args):
    """The result and the CPU seconds it took (other processes on the machine do not count)."""
    t = time.process_time()
    out = fn(*args)
    return out, time.process_time() - t


def _replays(text: str) -> None:
    doc = extract_document(text)
    assert doc.offsets.apply(text) == doc.text
    for f in doc.facts:
        assert text[f.start:f.end] == f.text


# --- repair ---------------------------------------------------------------------------------------

def test_space_run_before_a_full_stop_is_removed_in_linear_time():
    # 4,000 spaces took 27 s (cubic); 40,000 must take well under a second
    text = "Tổng thu đạt 5 tỷ đồng" + " " * 40_000 + ". Chi đạt 3 tỷ đồng."
    (repaired, _), seconds = _timed(repair, text)
    assert repaired == "Tổng thu đạt 5 tỷ đồng. Chi đạt 3 tỷ đồng."
    assert seconds < 2


def test_space_run_before_a_closing_bracket_and_a_run_going_nowhere():
    assert [(a, b) for a, b, _ in space_punct("(đạt 5%" + " " * 3000 + ")")] == [(7, 3007)]
    (out, seconds) = _timed(lambda t: list(space_punct(t)), "x" + " " * 50_000 + "y")
    assert out == [] and seconds < 1


def test_letter_digit_run_is_walked_once():
    # "1O1O1O…": every O is a zero between digits; the run is walked once, not once per letter
    text = "đạt " + "1O" * 20_000 + "1 tấn"
    props, seconds = _timed(lambda t: list(digits_letter(t)), text)
    assert len(props) == 20_000 and all(after == "0" for _, _, after in props)
    assert seconds < 2


def test_many_repairs_compose_in_linear_time():
    # an edit every three characters (decomposed letters): composing them was quadratic in the edits
    text = "Thu nha\u0302\u0323p bi\u0300nh qua\u0302n đạt 5 triệu đồng. " * 2000
    doc, seconds = _timed(extract_document, text)
    assert doc.text == unicodedata.normalize("NFC", text)
    assert len(doc.facts) == 2000 and all(f.value == Decimal(5_000_000) for f in doc.facts)
    assert seconds < 20
    _replays(text[:5000])


# --- sentences --------------------------------------------------------------------------------------

@pytest.mark.parametrize("mark", [".", "!", "?", "…"])
def test_run_of_sentence_marks_is_one_attempt(mark):
    # a run of 4,000 dots took 13 s: every dot started an attempt that read the whole run
    text = "Tổng thu đạt 5 tỷ đồng" + mark * 100_000 + " Chi đạt 3 tỷ đồng."
    sents, seconds = _timed(sentences, text)
    assert sents[0].text.startswith("Tổng thu đạt 5 tỷ đồng" + mark) and sents[-1].text == "Chi đạt 3 tỷ đồng."
    assert seconds < 2
    assert [f.value for f in extract(text)] == [Decimal(5 * 10 ** 9), Decimal(3 * 10 ** 9)]


def test_blank_runs_without_a_newline_are_no_line_break():
    # a line-break pattern starting at every blank of a long run read the whole run each time
    text = "Tổng thu đạt 5 tỷ đồng" + " \t\r" * 30_000 + "chi 3 tỷ đồng\n \t\nChi đạt 3 tỷ đồng."
    sents, seconds = _timed(sentences, text)
    # the blanks are no line break; the window cut of the long line falls inside them
    assert [(s.text, s.paragraph) for s in sents] == [
        ("Tổng thu đạt 5 tỷ đồng", 0), ("chi 3 tỷ đồng", 0), ("Chi đạt 3 tỷ đồng.", 1)]
    assert seconds < 2


def test_line_break_keeps_its_blanks_on_both_sides():
    text = "Thu đạt 5 tỷ đồng  \r\n \tChi đạt 3 tỷ đồng"
    assert [s.text for s in sentences(text)] == ["Thu đạt 5 tỷ đồng", "Chi đạt 3 tỷ đồng"]


def test_long_sentence_is_read_in_windows_and_every_amount_is_found():
    # 400 clauses and no full stop: one "sentence" of 12k characters, read in bounded windows
    clauses = [f"thu từ khu vực {k} đạt {k},5 tỷ đồng" for k in range(1, 401)]
    text = "Năm 2023, " + ", ".join(clauses)
    doc = extract_document(text)
    assert all(len(s.text) <= MAX_SENTENCE for s in doc.sentences)
    money = [f.value for f in doc.facts if f.kind == "money"]
    assert money == [Decimal(f"{k}.5") * 10 ** 9 for k in range(1, 401)]
    for f in doc.facts:
        assert text[f.start:f.end] == f.text


def test_windows_cover_the_text_and_cut_only_at_spaces_or_clause_marks():
    text = " ".join(f"đạt {k} tỷ đồng" for k in range(2000))
    spans = windows(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a == pb for (a, _), (_, pb) in zip(spans[1:], spans))
    assert all(b - a <= MAX_SENTENCE for a, b in spans)
    assert all(text[a].isspace() for a, _ in spans[1:])
    # an amount is never parted from its scale and currency: each window after the first starts with one
    assert all(text[a + 1:].split(" ", 3)[1:3] == ["tỷ", "đồng"] for a, _ in spans[1:])


def test_short_glued_runs_and_links_stay_whole():
    code = "Quyết định số " + "1234/QĐ-UBND-" * 7 + "2023"
    assert len(code.split()[-1]) < GLUED and len(sentences(code)) == 1
    link = "Nguồn: https://example.vn/" + "tin-tuc/2023/12/" * 20 + "bai.html"
    assert [s.text for s in sentences(link)] == [link]


def test_long_glued_chain_finishes_and_gives_nothing():
    text = "Mã " + "1/" * 50_000 + "1"
    facts, seconds = _timed(extract, text)
    assert facts == []
    assert seconds < 60


def test_long_digit_run_stays_one_token():
    assert windows("7" * 5000) == [(0, 5000)]


# --- crashes ----------------------------------------------------------------------------------------

def test_29_digit_amount_is_read_exactly_and_the_document_keeps_its_other_facts():
    text = ("Tổng thu ngân sách đạt 12345678901234567890123456789 tỷ đồng. "
            "Chi đầu tư phát triển tăng 5% so với cùng kỳ.")
    facts = extract(text)
    assert [(f.kind, f.value) for f in facts] == [
        ("money", Decimal("12345678901234567890123456789000000000")), ("percent", Decimal(5))]


def test_grouped_amount_of_31_digits():
    facts = extract("Tổng vốn đạt 1.234.567.890.123.456.789.012.345.678.901 đồng.")
    assert [f.value for f in facts] == [Decimal("1234567890123456789012345678901")]


def test_range_of_29_digit_amounts():
    facts = extract("Dự toán từ 12345678901234567890123456789 - 12345678901234567890123456790 tỷ đồng.")
    assert [(f.value, f.value_max) for f in facts] == [
        (Decimal("12345678901234567890123456789000000000"), Decimal("12345678901234567890123456790000000000"))]


def test_jsonl_writes_an_amount_python_cannot_print_as_an_int():
    big = Decimal("7" * 5000)
    fact = Fact(kind="money", value=big, value_max=None, unit="VND", date="", qualifier="", direction="",
                basis="", status="actual", period="", metric="", text="x", start=0, end=1, sentence="x",
                repaired=False)
    import io

    buf = io.StringIO()
    JsonlWriter(buf).write([fact], "doc")
    assert json.loads(buf.getvalue())["value"] == "7" * 5000


@pytest.mark.parametrize("bad", [None, b"T\xe1\xbb\x95ng thu 5 t\xe1\xbb\xb7 \xc4\x91\xe1\xbb\x93ng", 5, ["x"]])
def test_wrong_argument_type_says_a_str_is_expected(bad):
    for fn in (extract, extract_document):
        with pytest.raises(TypeError, match="must be a str, not " + type(bad).__name__):
            fn(bad)


def test_bytes_get_a_hint_to_decode():
    with pytest.raises(TypeError, match="decode the bytes"):
        extract("Tổng thu đạt 5 tỷ đồng".encode())


def test_doc_id_must_be_a_str():
    with pytest.raises(TypeError, match="doc_id must be a str"):
        extract_document("Tổng thu đạt 5 tỷ đồng", doc_id=3)


def test_time_limit_fails_the_document_with_a_reason():
    text = "Tổng thu đạt 5 tỷ đồng. Chi đạt 3 tỷ đồng. " * 2000
    with pytest.raises(ExtractionTimeout, match="time limit") as info:
        extract(text, time_limit=0)
    assert isinstance(info.value, TimeoutError)
    assert extract(text[:200], time_limit=60) == extract(text[:200])


# --- the adversarial classes at 20k and 200k characters ----------------------------------------------

HOSTILE = load_benchmark("hostile")
GROWTH = 25.0  # 10x the characters may take at most 25x the time (a quadratic reader takes about 100x; CPU time
# still varies by half again when the other core is busy)
# a hostile class may be this many times slower per character than real report text (measured: the
# slowest, ``tỷ tỷ tỷ …``, 7.7x; most are faster than real text)
SLOWDOWN = 10.0
SLOW: dict[str, str] = {}  # classes known to be slower than that, with the reason (none now)
_runs: dict = {}


def _sizes(name: str) -> tuple[int, int]:
    """20k and 200k characters; the class the scanner is slow on at 5k and 50k (the suite's time: its
    200k point is in ``make bench-hostile``)."""
    return (5_000, 50_000) if name in SLOW else (20_000, 200_000)


def _seconds(name: str, n: int, again: bool = False) -> float:
    """CPU seconds of one run (the best of the runs so far when ``again``: the machine's speed drifts)."""
    if (name, n) not in _runs or again:
        text = HOSTILE.CLASSES[name](n)
        HOSTILE.run(name, text[:2000])  # lazy tables and models loaded before timing
        gc.collect()
        gc.freeze()  # the objects of earlier tests are not this run's to collect
        try:
            cpu = time.process_time()  # CPU time: the other processes sharing the machine do not count
            HOSTILE.run(name, text)
            seconds = time.process_time() - cpu
        finally:
            gc.unfreeze()
        _runs[name, n] = min(seconds, _runs.get((name, n), seconds))
    return _runs[name, n]


@pytest.mark.parametrize("name", list(HOSTILE.CLASSES))
def test_hostile_class_grows_linearly(name):
    small_n, big_n = _sizes(name)
    small, big = _seconds(name, small_n), _seconds(name, big_n)
    for _ in range(2):  # other looks before calling it super-linear (other processes share the machine)
        if big <= GROWTH * max(small, 0.01):
            break
        small, big = _seconds(name, small_n, again=True), _seconds(name, big_n, again=True)
    assert big <= GROWTH * max(small, 0.01), f"{name}: {small:.3f} s at {small_n}, {big:.3f} s at {big_n}"


def _real_seconds(n: int, again: bool = False) -> float:
    """CPU seconds of extracting ``n`` characters of real report paragraphs (the corpus's, repeated):
    the baseline of the same run each hostile class is held against."""
    if ("real", n) not in _runs or again:
        paragraphs = [json.loads(line)["text"] for line in
                      (ROOT / "tests" / "corpus" / "real_economy.jsonl").read_text(encoding="utf-8").splitlines()]
        text = "\n\n".join(paragraphs)
        text = (text * (n // len(text) + 1))[:n]
        extract(text[:2000])
        gc.collect()
        cpu = time.process_time()
        extract(text)
        seconds = time.process_time() - cpu
        _runs["real", n] = min(seconds, _runs.get(("real", n), seconds))
    return _runs["real", n]


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=SLOW[n]))
                                  if n in SLOW else n for n in HOSTILE.CLASSES])
def test_hostile_class_reads_at_a_tenth_of_the_speed_of_real_text_or_better(name):
    """Each adversarial class, at 200k characters, takes at most SLOWDOWN times the CPU time of as many
    characters of real report paragraphs, measured in the same run (a ratio, not a machine's speed)."""
    _, big_n = _sizes(name)
    ratio = _seconds(name, big_n) / _real_seconds(big_n)
    if ratio > SLOWDOWN:
        ratio = _seconds(name, big_n, again=True) / _real_seconds(big_n, again=True)
    assert ratio <= SLOWDOWN, f"{name}: {ratio:.1f} times the time of real text at {big_n} characters"
