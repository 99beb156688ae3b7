"""The command line as a person uses it: a folder of reports in, one table out; a bad file is
reported by name and the batch goes on."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from .conftest import ROOT, SAMPLES

SEED = SAMPLES / "bao-cao-tong-ket-ldtbxh-2023.txt"


def vnextract(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "extractor.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


@pytest.fixture()
def batch(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.txt").write_bytes("Thu ngân sách đạt 3.370 tỷ đồng, tăng 17,7%.".encode("utf-16"))
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def test_extract_folder_to_csv_records_failures_and_goes_on(batch, tmp_path):
    out = tmp_path / "metrics.csv"
    res = vnextract("extract", batch, "-o", out)
    assert res.returncode == 1, res.stderr
    assert "broken.txt: binary file" in res.stderr and "empty.txt: empty file" in res.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    docs = {r["doc_id"].rsplit("/", 1)[-1] for r in rows}
    assert docs == {"a.txt", "b.txt"}
    assert sum(r["doc_id"].endswith("a.txt") for r in rows) == 33
    money = [r for r in rows if r["doc_id"].endswith("b.txt") and r["kind"] == "money"]
    assert money[0]["value"] == "3370000000000" and money[0]["unit"] == "VND"
    errors = list(csv.DictReader((tmp_path / "metrics.csv.errors.csv").open(encoding="utf-8")))
    assert {e["path"].rsplit("/", 1)[-1] for e in errors} == {"broken.txt", "empty.txt"}


def test_csv_columns_are_fixed_and_excel_gets_a_bom(tmp_path):
    from extractor.export import COLUMNS

    out = tmp_path / "x.csv"
    assert vnextract("extract", SEED, "-o", out, "--excel").returncode == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw.decode("utf-8-sig").splitlines()[0].split(",")
    assert tuple(header) == COLUMNS


def test_jsonl_to_stdout_keeps_offsets(tmp_path):
    res = vnextract("extract", SEED, "-o", "-", "--format", "jsonl")
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    text = SEED.read_text(encoding="utf-8")
    assert len(rows) == 33
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)


def test_parquet_output(tmp_path):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "m.parquet"
    assert vnextract("extract", SAMPLES, "-o", out).returncode == 0
    frame = pd.read_parquet(out)
    assert len(frame) > 100 and frame["doc_id"].nunique() >= 6


def test_two_workers_give_the_same_table_in_the_same_order(tmp_path):
    one, two = tmp_path / "1.csv", tmp_path / "2.csv"
    assert vnextract("extract", SAMPLES, "-o", one).returncode == 0
    assert vnextract("extract", SAMPLES, "-o", two, "-j", "2").returncode == 0
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")


def test_show_prints_a_readable_table():
    res = vnextract("show", SEED)
    assert res.returncode == 0
    assert "29.576 lao động" in res.stdout and "33 facts" in res.stdout


def test_show_names_a_missing_file():
    res = vnextract("show", "khong-co.txt")
    assert res.returncode == 1 and "khong-co.txt" in res.stderr


def test_repair_diff_lists_rules_with_offsets():
    res = vnextract("repair", SEED, "--diff")
    assert res.returncode == 0
    assert "scale.truncated\t't' -> 'tỷ'" in res.stdout
    assert "digits.split\t'202 3' -> '2023'" in res.stdout


def test_eval_prints_scores(tmp_path):
    case = {"id": "x-1", "source": "constructed", "text": "Thu ngân sách đạt 3.370 tỷ đồng, tăng 17,7%.",
            "facts": [{"kind": "money", "value": 3370000000000, "unit": "VND"},
                      {"kind": "percent", "value": 17.7, "unit": "%", "direction": "increase"}]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(case, ensure_ascii=False) + "\n", encoding="utf-8")
    res = vnextract("eval", path)
    assert res.returncode == 0
    line = next(ln for ln in res.stdout.splitlines() if ln.startswith("all"))
    assert line.split()[1:4] == ["1.000", "1.000", "1.000"]


def test_help_answers_without_loading_models():
    res = subprocess.run([sys.executable, "-X", "importtime", "-m", "extractor.cli", "--help"],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0 and "extract" in res.stdout
    assert "underthesea" not in res.stderr and "pandas" not in res.stderr
