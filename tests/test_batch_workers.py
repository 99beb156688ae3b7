"""Supervised workers: a worker that dies, hangs or grows past the memory cap fails its document with
the reason and the batch goes on (never a hang); the table is the same for any -j.

The misbehaving workers are made with the test-only hooks of extractor.batch.work (environment
variables naming the document to crash, hang or bloat on)."""
from __future__ import annotations

import csv
import os
import time

import pytest

from extractor.batch.local import usable_cpus
from extractor.batch.work import BLOAT_HOOK, CRASH_HOOK, HANG_HOOK

from .test_batch_support import make_reports, vnextract


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    root = tmp_path_factory.mktemp("workers")
    make_reports(root / "reports", 12, per_folder=6)
    return root


def _rows(path):
    return list(csv.DictReader(open(path, encoding="utf-8")))


def _manifest(out):
    return {r["doc_id"]: r for r in _rows(f"{out}.manifest.csv")}


def test_one_and_default_workers_give_the_same_bytes(reports):
    """The default is every usable CPU (two or more on the machines this runs on: a real pool)."""
    outs = {}
    for j in ("1", None):
        out = reports / f"j{j}.csv"
        res = vnextract("extract", "reports", "-o", out, *(["-j", j] if j else []), cwd=reports)
        assert res.returncode == 0, res.stderr
        outs[j] = out.read_bytes()
    assert outs["1"] == outs[None]
    ids = [r["doc_id"] for r in _rows(reports / "j1.csv")]
    assert ids == sorted(ids) and len(set(ids)) == 12  # input order


def test_usable_cpus_is_the_affinity_mask():
    assert usable_cpus() == len(os.sched_getaffinity(0))


def test_a_killed_worker_fails_its_document_and_the_batch_goes_on(reports):
    out = reports / "crash.csv"
    victim = "reports/00/bao-cao-003.txt"
    res = vnextract("extract", "reports", "-o", out, "-j", "2", env={CRASH_HOOK: victim}, cwd=reports)
    assert res.returncode == 1, res.stderr
    m = _manifest(out)
    assert m[victim]["status"] == "failed"
    assert m[victim]["error"] == "worker process died: killed by SIGKILL (out of memory?)"
    assert all(r["status"] == "ok" for k, r in m.items() if k != victim) and len(m) == 12
    whole = _rows(reports / "j1.csv") if (reports / "j1.csv").exists() else None
    got = _rows(out)
    assert victim not in {r["doc_id"] for r in got}
    if whole is not None:  # every other document's rows, in order
        assert got == [r for r in whole if r["doc_id"] != victim]


def test_a_document_without_progress_times_out(reports):
    out = reports / "hang.csv"
    victim = "reports/01/bao-cao-008.txt"
    t0 = time.monotonic()
    res = vnextract("extract", "reports", "-o", out, "-j", "2", "--timeout", "3", env={HANG_HOOK: victim},
                    cwd=reports)
    assert time.monotonic() - t0 < 60
    assert res.returncode == 1, res.stderr
    m = _manifest(out)
    assert m[victim]["status"] == "failed" and m[victim]["error"] == "timed out: no progress for 3 s"
    assert sum(r["status"] == "ok" for r in m.values()) == 11


def test_a_worker_past_the_memory_cap_fails_its_document(reports):
    out = reports / "bloat.csv"
    victim = "reports/00/bao-cao-001.txt"
    res = vnextract("extract", "reports", "-o", out, "-j", "2", "--max-memory", "350", "--timeout", "60",
                    env={BLOAT_HOOK: victim}, cwd=reports)
    assert res.returncode == 1, res.stderr
    m = _manifest(out)
    assert m[victim]["status"] == "failed"
    assert m[victim]["error"] == "worker used more than 350 MB of memory"
    assert sum(r["status"] == "ok" for r in m.values()) == 11
