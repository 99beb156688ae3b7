"""The extract command's edges: standard input, exit codes, and output errors (a folder, read-only,
a full disk, an unknown format) that end with a clear message, exit 2 and no traceback."""
from __future__ import annotations

import csv
import errno
import os
import resource
import subprocess

import pytest

from extractor import cli

from .test_batch_support import PY, ROOT, make_reports, vnextract

TEXT = "Thu ngân sách đạt 3.370 tỷ đồng, tăng 17,7% so với cùng kỳ.\n"


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    make_reports(root / "reports", 6)
    return root


def _clean_error(res, *words):
    assert res.returncode == 2, (res.returncode, res.stderr)
    assert "Traceback" not in res.stderr
    for w in words:
        assert w in res.stderr, res.stderr


def test_stdin_is_read_as_one_document(tmp_path):
    out = tmp_path / "o.csv"
    res = vnextract("extract", "-", "-o", out, input=TEXT, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["doc_id"], r["kind"], r["value"]) for r in rows] == [("stdin", "money", "3370000000000"),
                                                                     ("stdin", "percent", "17.7")]
    assert all(TEXT[int(r["start"]):int(r["end"])] == r["text"] for r in rows)
    manifest = list(csv.DictReader(open(f"{out}.manifest.csv", encoding="utf-8")))
    assert [(m["path"], m["doc_id"], m["status"], m["facts"]) for m in manifest] == [("-", "stdin", "ok", "2")]


def test_stdin_to_stdout_and_empty_stdin(tmp_path):
    res = vnextract("extract", "-", input=TEXT, cwd=tmp_path)
    assert res.returncode == 0 and res.stdout.splitlines()[1].startswith("stdin,money,3370000000000,")
    empty = vnextract("extract", "-", "--manifest", tmp_path / "m.csv", input="", cwd=tmp_path)
    assert empty.returncode == 0 and len(empty.stdout.splitlines()) == 1  # the header only
    assert "stdin: empty file" in empty.stderr


def test_output_path_that_is_a_folder(reports):
    _clean_error(vnextract("extract", "reports", "-o", reports, cwd=reports), "is a folder")


def test_unknown_output_format_and_impossible_options(reports):
    _clean_error(vnextract("extract", "reports", "-o", "x.docx", cwd=reports), "unknown output format")
    _clean_error(vnextract("extract", "reports", "-o", "-", "--format", "parquet", cwd=reports), "output file")
    _clean_error(vnextract("extract", "reports", "-o", "-", "--resume", cwd=reports), "--resume")
    _clean_error(vnextract("extract", "reports", "-j", "0", cwd=reports), "must be 1 or more")
    assert not list(reports.glob("x.docx*"))


def test_read_only_output_folder(reports, tmp_path):
    """A folder without write permission; as root (who ignores file modes) the sysfs root, where
    nobody may create a file."""
    if os.geteuid() == 0:
        locked = "/sys"
    else:
        locked = str(tmp_path / "locked")
        os.mkdir(locked, 0o555)
    before = sorted(os.listdir(locked))
    res = vnextract("extract", "reports", "-o", os.path.join(locked, "o.csv"), cwd=reports)
    _clean_error(res, "cannot write")
    assert sorted(os.listdir(locked)) == before


def test_a_full_disk_at_the_end_keeps_the_parts_for_resume(reports, monkeypatch, capsys):
    import extractor.batch as batch

    def full(*args, **kw):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    out = reports / "full.csv"
    monkeypatch.setattr(batch, "join", full)
    code = cli.main(["extract", str(reports / "reports"), "-o", str(out), "-j", "1", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "No space left on device" in err and "Traceback" not in err
    assert not out.exists() and (reports / "full.csv.parts" / "journal.jsonl").exists()
    monkeypatch.undo()
    assert cli.main(["extract", str(reports / "reports"), "-o", str(out), "-j", "1", "--quiet", "--resume"]) == 0
    whole = vnextract("extract", "reports", "-o", "whole.csv", "-j", "1", cwd=reports)
    assert whole.returncode == 0
    assert out.read_bytes() == (reports / "whole.csv").read_bytes()


def test_a_file_size_limit_mid_run_is_an_output_error(reports):
    """A real write failure in a subprocess: with RLIMIT_FSIZE, writes past the limit fail (EFBIG)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    res = subprocess.run([PY, "-m", "extractor.cli", "extract", "reports", "-o", "big.csv", "-j", "1"],
                         capture_output=True, text=True, cwd=reports, timeout=120, preexec_fn=limit,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    _clean_error(res, "cannot write", "File too large")
    assert not (reports / "big.csv").exists()
