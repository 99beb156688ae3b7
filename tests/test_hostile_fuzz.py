"""The fuzz harnesses of benchmarks/fuzz/ (run by ``make fuzz``, not here) keep working: every
harness accepts its seeds and a few broken variants of them without a crash. A crash a fuzzer finds
goes into tests/data/fuzz/HARNESS/ and is replayed here."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "fuzz"))

import harnesses  # noqa: E402
import seeds  # noqa: E402

SEEDS = seeds.seeds()
FOUND = sorted((ROOT / "tests" / "data" / "fuzz").glob("*/*"))


def _broken(data: bytes):
    """The seed, cut in half, with a byte flipped in the middle, and doubled."""
    yield data
    yield data[:len(data) // 2]
    mid = len(data) // 2
    yield data[:mid] + bytes([data[mid] ^ 0xFF]) + data[mid + 1:] if data else data
    yield data + data


@pytest.mark.parametrize("name", list(harnesses.HARNESSES))
def test_harness_accepts_its_seeds_and_broken_variants(name):
    assert SEEDS.get(name), f"no seed for {name}"
    for data in SEEDS[name]:
        for variant in _broken(data):
            harnesses.HARNESSES[name](variant)


def test_harness_catches_a_broken_offset():
    class Doc:  # a document whose fact points at the wrong characters
        text, edits, sentences = "đạt 5 tỷ", (), ()
        offsets = type("M", (), {"apply": staticmethod(lambda t: t)})()
        facts = (type("F", (), {"start": 0, "end": 3, "text": "5 t"})(),)

    with pytest.raises(AssertionError, match="bad span"):
        harnesses.check_document(Doc(), "đạt 5 tỷ")


# crashes found and not fixed yet, with the module that has to fix them
OPEN: dict[str, str] = {}


def _case(p: Path):
    key = f"{p.parent.name}/{p.name}"
    marks = [pytest.mark.xfail(strict=True, reason=OPEN[key])] if key in OPEN else []
    return pytest.param(p, id=key, marks=marks)


@pytest.mark.parametrize("path", [_case(p) for p in FOUND])
def test_crash_found_by_a_fuzzer_stays_fixed(path):
    harnesses.replay(path.parent.name, str(path))


def test_a_reason_with_a_memory_address_is_not_plain_but_a_byte_value_is():
    assert not harnesses.plain("<pdfminer.PDFObjRef object at 0x7f5f57c8d6d0>")
    assert harnesses.plain("'utf-8' codec can't decode byte 0xfb in position 2: invalid start byte")
    assert not harnesses.plain("")
