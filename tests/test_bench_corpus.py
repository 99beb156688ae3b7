"""The benchmark corpus builder (benchmarks/bench.py) is deterministic and varied."""
from __future__ import annotations

import re

import pytest

from .conftest import load_benchmark
SIZE = 200_000


@pytest.fixture(scope="module")
def bench():
    return load_benchmark("bench")


@pytest.fixture(scope="module")
def corpus(bench):
    return bench.build_corpus(SIZE, seed=11)


def _sentences(bench, docs):
    return [s for _, text in docs for line in text.split("\n") for s in bench.split_sentences(line)]


def test_same_seed_same_corpus(bench, corpus):
    assert bench.build_corpus(SIZE, seed=11) == corpus


def test_other_seed_other_corpus(bench, corpus):
    assert bench.build_corpus(SIZE, seed=12) != corpus


def test_size_and_documents(bench, corpus):
    sizes = [len(text.encode()) for _, text in corpus]
    assert SIZE <= sum(sizes) < SIZE + bench.DOC_MAX
    assert len(corpus) >= 2
    assert all(bench.DOC_MIN <= n <= bench.DOC_MAX + 5_000 for n in sizes)
    assert len({text for _, text in corpus}) == len(corpus)


def test_sentences_mostly_distinct(bench, corpus):
    sents = _sentences(bench, corpus)
    assert len(sents) > 500
    assert len(set(sents)) / len(sents) > 0.7
    numeric = [s for s in sents if re.search(r"\d", s)]
    assert len(set(numeric)) / len(numeric) > 0.85


def test_numbers_keep_vietnamese_format(bench):
    import random

    rng = random.Random(0)
    for s in ("29.576", "102,7", "1.701.900", "54.218,6", "3,62"):
        new = bench.perturb_number(s, rng, 0, scale=1.1)
        assert new != s
        pattern = re.sub(r"\d", r"\\d", s).replace(".", r"\.")
        if "." in s:  # thousands grouping kept
            assert re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", new), new
        else:
            assert re.fullmatch(pattern, new), (s, new)
    assert bench.perturb_number("2023", rng, -2) == "2021"
    assert bench.perturb_number("0274", rng, 0) == "0274"


def test_provinces_and_dates(bench):
    import random

    rng = random.Random(0)
    mapping = list(range(len(bench.PROVINCES)))[::-1]
    text = "UBND TỈNH AN GIANG; An Giang, ngày 28 tháng 12 năm 2023; ngày 15/8/2023"
    out = bench.perturb(text, rng, mapping, 1)
    new = bench.PROVINCES[mapping[bench.PROVINCES.index("An Giang")]]
    assert out == f"UBND TỈNH {new.upper()}; {new}, ngày 28 tháng 12 năm 2024; ngày 15/8/2024"
