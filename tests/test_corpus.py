"""The corpus is the test suite: one test per case of tests/corpus/*.jsonl.

Each case must give exactly its expected facts (kind, value, range, unit, date), no extra fact
beyond its optional ones, the attributes it names (qualifier/direction/basis default to "",
status to actual), and spans that point back into the input. Known gaps carry an ``xfail`` reason
in the case itself and run as strict xfails: when one starts passing, the suite says so.
"""
from __future__ import annotations

import pytest

from extractor.evaluate import align, fact_problems, load_cases
from extractor.pipeline import extract

from .conftest import CORPUS

CASES = [case for path in sorted(CORPUS.glob("*.jsonl")) for case in load_cases(path)]


def _params():
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
        yield pytest.param(case, id=case.id, marks=marks)


def test_corpus_is_large_and_sourced():
    real = [c for c in CASES if c.source and c.source != "constructed"]
    assert len(CASES) >= 300
    assert len(real) * 3 >= len(CASES), "at least a third of the cases are real sentences with a source"
    assert len({c.id for c in CASES}) == len(CASES), "case ids are unique"


@pytest.mark.parametrize("case", list(_params()))
def test_case(case):
    facts = extract(case.text)
    for f in facts:
        assert case.text[f.start:f.end] == f.text, f"span {f.start}:{f.end} does not point at {f.text!r}"
    pairs, missed, extra = align(case, facts)
    problems = [f"missed {g}" for g in missed]
    problems += [f"extra {f.kind} {f.value} {f.unit!r} {f.date!r} from {f.text!r}" for f in extra]
    for gold, f in pairs:
        problems += fact_problems(gold, f)
    assert not problems, "\n".join(problems)
