"""What a batch finds: stable ids, a file named twice read once, links, special files, skip reasons."""
from __future__ import annotations

import csv
import os

from extractor.batch import supported
from extractor.batch.plan import plan

from .test_batch_support import make_reports, vnextract

REPORT = "Tổng thu ngân sách nhà nước trên địa bàn đạt 3.370 tỷ đồng, tăng 17,7% so với cùng kỳ.\n"


def _by_id(items):
    return {i.doc_id: i for i in items}


def test_plan_ids_are_relative_to_the_folder_named_from_any_working_directory(tmp_path, monkeypatch):
    make_reports(tmp_path / "reports", 3, per_folder=2)
    monkeypatch.chdir(tmp_path)
    here = [i.doc_id for i in plan(["reports"], supported)]
    monkeypatch.chdir(tmp_path / "reports" / "00")
    there = [i.doc_id for i in plan(["../../reports/"], supported)]
    absolute = [i.doc_id for i in plan([str(tmp_path / "reports")], supported)]
    assert here == there == absolute == ["reports/00/bao-cao-000.txt", "reports/00/bao-cao-001.txt",
                                         "reports/01/bao-cao-002.txt"]


def test_plan_reads_a_file_named_twice_once(tmp_path):
    (tmp_path / "r").mkdir()
    f = tmp_path / "r" / "a.txt"
    f.write_text(REPORT, encoding="utf-8")
    items = plan([str(tmp_path / "r"), str(f), str(tmp_path / "r" / ".." / "r" / "a.txt")], supported)
    assert [i.status for i in items] == ["", "skipped", "skipped"]
    assert items[1].skip == "same file as r/a.txt (read once)"
    assert items[1].doc_id == str(f)  # a file named on its own: its absolute path


def test_plan_records_every_kind_of_entry_with_its_reason(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(REPORT, encoding="utf-8")
    (root / "b.xyz").write_text(REPORT, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / ".hidden.txt").write_text(REPORT, encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("x", encoding="utf-8")
    os.mkfifo(root / "pipe.txt")
    outside = tmp_path / "outside.txt"
    outside.write_text(REPORT, encoding="utf-8")
    os.symlink(outside, root / "out-link.txt")
    os.symlink(root / "a.txt", root / "sub" / "in-link.txt")
    os.symlink(tmp_path / "missing.txt", root / "dangling.txt")
    os.symlink(root / "sub", root / "sub-link")
    got = {i.doc_id: (i.status, i.skip) for i in plan([str(root)], supported)}
    assert got == {
        "in/.git/": ("skipped", "hidden folder (not read)"),
        "in/.hidden.txt": ("skipped", "hidden file"),
        "in/a.txt": ("", ""),
        "in/b.xyz": ("skipped", "unsupported format .xyz"),
        "in/dangling.txt": ("failed", "broken symlink (its target does not exist)"),
        "in/empty.txt": ("skipped", "empty file"),
        "in/out-link.txt": ("skipped", "symlink outside the input (use --follow-links to read it)"),
        "in/pipe.txt": ("skipped", "not a regular file: a FIFO (named pipe)"),
        "in/sub/in-link.txt": ("skipped", "same file as in/a.txt (read once)"),
        "in/sub-link": ("skipped", "symlink to a folder inside the input (its files are read there)"),
    }
    followed = _by_id(plan([str(root)], supported, follow_links=True))
    assert followed["in/out-link.txt"].status == ""


def test_plan_missing_input_is_a_failure_and_stdin_is_one_input(tmp_path):
    items = plan([str(tmp_path / "nope.txt"), "-", "-"], supported)
    assert [(i.doc_id, i.status) for i in items] == [(str(tmp_path / "nope.txt"), "failed"), ("stdin", "")]


def test_cli_ids_are_the_same_from_two_working_directories(tmp_path):
    make_reports(tmp_path / "reports", 2)
    (tmp_path / "elsewhere").mkdir()
    a = vnextract("extract", "reports", "-o", "a.csv", "-j", "1", cwd=tmp_path)
    b = vnextract("extract", "../reports", "-o", "b.csv", "-j", "1", cwd=tmp_path / "elsewhere")
    assert a.returncode == b.returncode == 0, a.stderr + b.stderr
    ids_a = [r["doc_id"] for r in csv.DictReader((tmp_path / "a.csv").open(encoding="utf-8"))]
    ids_b = [r["doc_id"] for r in csv.DictReader((tmp_path / "elsewhere" / "b.csv").open(encoding="utf-8"))]
    assert ids_a == ids_b and set(ids_a) == {"reports/00/bao-cao-000.txt", "reports/00/bao-cao-001.txt"}
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "elsewhere" / "b.csv").read_bytes()
