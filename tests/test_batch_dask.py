"""The Dask engine gives the local engine's rows, on a LocalCluster and on a real scheduler with two
worker processes started here on 127.0.0.1 (free ports, always stopped)."""
from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import time

import pytest

from .test_batch_support import ROOT, make_reports, vnextract

pd = pytest.importorskip("pandas")
pytest.importorskip("distributed")
pytest.importorskip("pyarrow")
DASK = os.path.join(os.path.dirname(os.sys.executable), "dask")


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    """Reports (one of them broken) and the local engine's Parquet table and manifest."""
    root = tmp_path_factory.mktemp("dask")
    make_reports(root / "reports", 14, per_folder=5)
    (root / "reports" / "01" / "hong.txt").write_bytes(b"\x00\x01 binary")
    res = vnextract("extract", "reports", "-o", "local.parquet", "-j", "2", cwd=root)
    assert res.returncode == 1, res.stderr
    return root, pd.read_parquet(root / "local.parquet"), _manifest(root / "local.parquet.manifest.csv")


def _manifest(path):
    return [(r["doc_id"], r["status"], r["facts"], r["error"]) for r in csv.DictReader(open(path, encoding="utf-8"))]


def _same_rows(root, out, frame, manifest):
    parts = sorted(os.listdir(root / out))
    assert parts == [f"part-{p:05d}.parquet" for p in range(len(parts))] and len(parts) == 3
    got = pd.read_parquet(root / out)
    assert len(got) == len(frame) > 500
    pd.testing.assert_frame_equal(got.reset_index(drop=True), frame.reset_index(drop=True))
    assert _manifest(root / f"{out}.manifest.csv") == manifest
    assert not (root / f"{out}.parts").exists()


def test_dask_local_cluster_gives_the_local_rows(local):
    root, frame, manifest = local
    res = vnextract("extract", "reports", "-o", "cluster.parquet", "--engine", "dask", "-j", "2",
                    "--partition-size", "6", cwd=root)
    assert res.returncode == 1, res.stderr  # the broken file fails here too
    _same_rows(root, "cluster.parquet", frame, manifest)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(procs) -> None:
    for p in procs:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    for p in procs:
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def test_dask_on_a_scheduler_with_two_workers(local, tmp_path):
    from distributed import Client

    root, frame, manifest = local
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    logs = open(tmp_path / "dask.log", "w")
    procs = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              cwd=ROOT, env=env, stdout=logs, stderr=logs, start_new_session=True)]
    try:
        for _ in range(2):
            procs.append(subprocess.Popen([DASK, "worker", address, "--nthreads", "1", "--no-dashboard",
                                           "--host", "127.0.0.1"],
                                          cwd=ROOT, env=env, stdout=logs, stderr=logs, start_new_session=True))
        deadline = time.monotonic() + 60
        while True:
            try:
                with Client(address, timeout=5) as c:
                    c.wait_for_workers(2, timeout=60)
                    assert len(c.scheduler_info()["workers"]) == 2
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        res = vnextract("extract", "reports", "-o", "remote.parquet", "--engine", "dask", "--scheduler", address,
                        "--partition-size", "6", cwd=root)
        assert res.returncode == 1, res.stderr
        _same_rows(root, "remote.parquet", frame, manifest)
        # CSV parts, each with its header, hold the local engine's CSV
        assert vnextract("extract", "reports", "-o", "local.csv", "-j", "2", cwd=root).returncode == 1
        res = vnextract("extract", "reports", "-o", "parts.csv", "--engine", "dask", "--scheduler", address,
                        "--partition-size", "6", cwd=root)
        assert res.returncode == 1, res.stderr
        header, body = None, []
        for name in sorted(os.listdir(root / "parts.csv")):
            lines = (root / "parts.csv" / name).read_text(encoding="utf-8").splitlines(keepends=True)
            header = header or lines[0]
            assert lines[0] == header
            body += lines[1:]
        assert header + "".join(body) == (root / "local.csv").read_text(encoding="utf-8")
    finally:
        _stop(procs)
        logs.close()
    assert all(p.poll() is not None for p in procs)
