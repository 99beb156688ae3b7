"""A run killed (SIGKILL, the whole process group) at random moments, several times in a row, then
resumed: the final table is byte for byte the uninterrupted run's, and the output path never holds
anything but a complete table."""
from __future__ import annotations

import csv
import os
import random
import signal
import subprocess
import time

import pytest

from .test_batch_support import PY, ROOT, make_reports, vnextract


def _journal_lines(out) -> int:
    try:
        with open(f"{out}.parts/journal.jsonl", "rb") as fh:
            return fh.read().count(b"\n")
    except OSError:
        return 0


def _kill_after(cmd, out, lines: int, extra: float, cwd) -> int:
    """Start ``cmd``, SIGKILL its process group once the journal has ``lines`` more lines (plus a
    random moment); the number of journal lines at the kill."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        target = _journal_lines(out) + lines
        deadline = time.monotonic() + 120
        while _journal_lines(out) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(extra)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return _journal_lines(out)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("resume")
    make_reports(root / "reports", 36)
    ref = root / "ref.csv"
    res = vnextract("extract", "reports", "-o", ref, "-j", "2", cwd=root)
    assert res.returncode == 0, res.stderr
    return root, ref.read_bytes()


def _assert_whole_or_absent(out, reference: bytes) -> None:
    if out.exists():
        assert out.read_bytes() == reference


def test_resume_after_several_kills_gives_the_same_bytes(corpus):
    root, reference = corpus
    out = root / "out.csv"
    cmd = [PY, "-m", "extractor.cli", "extract", "reports", "-o", str(out), "-j", "2", "--quiet"]
    rnd = random.Random(20261201)
    seen = [_kill_after(cmd, out, 0, rnd.uniform(0.05, 1.0), root)]  # during start-up
    _assert_whole_or_absent(out, reference)
    for _ in range(4):
        seen.append(_kill_after(cmd + ["--resume"], out, rnd.randint(1, 6), rnd.uniform(0, 0.05), root))
        _assert_whole_or_absent(out, reference)
    assert seen[-1] > seen[1] > 0  # the kills came in the middle, progress was kept between them
    res = vnextract(*cmd[3:], "--resume", cwd=root)
    assert res.returncode == 0
    assert out.read_bytes() == reference
    assert not (root / "out.csv.parts").exists()
    rows = list(csv.DictReader(open(root / "out.csv.manifest.csv", encoding="utf-8")))
    assert len(rows) == 36 and {r["status"] for r in rows} == {"ok"}
    assert [r["doc_id"] for r in rows] == sorted(r["doc_id"] for r in rows)


def test_resume_refuses_other_inputs_and_a_fresh_run_discards_the_parts(corpus):
    root, _ = corpus
    out = root / "other.csv"
    cmd = [PY, "-m", "extractor.cli", "extract", "reports/00", "-o", str(out), "-j", "1", "--quiet"]
    _kill_after(cmd, out, 1, 0, root)
    assert (root / "other.csv.parts" / "journal.jsonl").exists()
    res = vnextract("extract", "reports/01", "-o", out, "--resume", cwd=root)
    assert res.returncode == 2 and "cannot resume" in res.stderr and "Traceback" not in res.stderr
    assert not out.exists()
    fresh = vnextract("extract", "reports/01", "-o", out, "-j", "2", cwd=root)  # a fresh start, other inputs
    assert fresh.returncode == 0, fresh.stderr
    assert not (root / "other.csv.parts").exists()
    ids = {r["doc_id"] for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert ids == {f"01/bao-cao-{k:03d}.txt" for k in range(10, 20)}


def test_parquet_resume_gives_the_same_bytes(corpus, tmp_path):
    pytest.importorskip("pyarrow")
    root, _ = corpus
    ref, out = tmp_path / "ref.parquet", tmp_path / "out.parquet"
    assert vnextract("extract", "reports/02", "-o", ref, "-j", "2", cwd=root).returncode == 0
    cmd = [PY, "-m", "extractor.cli", "extract", "reports/02", "-o", str(out), "-j", "2", "--quiet"]
    assert _kill_after(cmd, out, 2, 0, root) >= 2
    assert not out.exists()
    res = vnextract(*cmd[3:], "--resume", cwd=root)
    assert res.returncode == 0, res.stderr
    assert out.read_bytes() == ref.read_bytes()
