"""A folder of good reports beside hostile files, through ``vnextract extract`` as a user without
root's permission override (issue 13): the batch ends in bounded time, every good fact is in the
output, nothing is read or written outside the folder, peak memory stays under 1.5 GB, and the
``--excel`` output never starts a formula.

The hostile files: a zip bomb and a .docx bomb (about 1 MB holding 1 GB each), 100,000 nested
``<div>``s, a FIFO, a file its user cannot read, a symbolic link to a file outside the folder, a
zip whose member climbs out (``../../``), a UTF-32 file and a report with a 29-digit number.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import struct
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
import zlib
from decimal import Decimal
from pathlib import Path

import pytest

from extractor import extract

NOBODY = 65534
ROOT = Path(__file__).resolve().parents[1]
SETPRIV = shutil.which("setpriv")
AS_NOBODY = [SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]
TIME_BOUND = 300  # seconds for the whole batch
MEMORY_BOUND = 1.5 * 1024 ** 3

pytestmark = pytest.mark.skipif(os.geteuid() != 0 or SETPRIV is None or not hasattr(os, "mkfifo"),
                                reason="needs root to switch to an unprivileged user (setpriv), and FIFOs")

GOOD = {
    "good.txt": "Năm 2023, tổng thu ngân sách đạt 5.234 tỷ đồng, tăng 12,5% so với cùng kỳ.\n\n"
                "Giải quyết việc làm cho 29.576 lao động.\n",
    "big29.txt": "Tổng vốn đạt 12345678901234567890123456789 tỷ đồng. Số hộ nghèo giảm 1.234 hộ.\n",
}
UTF32 = "Thu ngân sách đạt 4.321 tỷ đồng.\n"
FORMULA_HTML = ('<html><body><p>=HYPERLINK("http://example.invalid","Xem") Thu đạt 7 tỷ đồng.</p>'
                "<p>- Chi thường xuyên đạt 3.100 tỷ đồng.</p><p>+ Vốn đầu tư tăng 8%.</p>"
                "<p>@Tháng 12/2023 thu 15 tỷ đồng.</p></body></html>")
SECRET = "Bí mật đạt 999 tỷ đồng.\n"
CLIMBER = "Leo ra ngoài đạt 888 tỷ đồng."
FORMULA = ("=", "+", "-", "@", "\t", "\r")


# --- zip files written by hand: a bomb's gigabyte is never compressed, its deflate block is repeated --

def _deflate_member(pieces):
    """(compressed bytes, crc32, size) of the concatenation of ``pieces``: (bytes, times) pairs; a
    piece repeated many times is deflated once (a full flush makes each copy independent)."""
    out, crc, size = [], 0, 0
    for data, times in pieces:
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        block = comp.compress(data) + comp.flush(zlib.Z_FULL_FLUSH)
        out.append(block * times)
        for _ in range(times):
            crc = zlib.crc32(data, crc)
        size += len(data) * times
    out.append(zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH))
    return b"".join(out), crc & 0xFFFFFFFF, size


def _write_zip(path: Path, members) -> None:
    """A zip of deflated ``members`` ((name, pieces) as for :func:`_deflate_member`)."""
    local, central, offset = [], [], 0
    for name, pieces in members:
        data, crc, size = _deflate_member(pieces)
        raw = name.encode()
        head = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(raw), 0)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                                   len(raw), 0, 0, 0, 0, 0o644 << 16, offset) + raw)
        local.append(head + raw + data)
        offset += len(head) + len(raw) + len(data)
    cd = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(cd), offset, 0)
    path.write_bytes(b"".join(local) + cd + end)


def _docx_parts() -> dict[str, bytes]:
    docx = pytest.importorskip("docx")
    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("Thu đạt 2 tỷ đồng.")
    d.save(buf)
    z = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    return {n: z.read(n) for n in z.namelist()}


MB = 1 << 20


def _build(base: Path) -> dict:
    inp, out, outside = base / "in", base / "out", base / "outside"
    for d in (inp, out, outside):
        d.mkdir()
    for name, text in GOOD.items():
        (inp / name).write_text(text, encoding="utf-8")
    (inp / "formula.html").write_text(FORMULA_HTML, encoding="utf-8")
    (inp / "utf32.txt").write_bytes(UTF32.encode("utf-32"))
    (inp / "nested.html").write_text("<html><body>" + "<div>" * 100_000 + "Thu đạt 6 tỷ đồng." + "</div>" * 100_000 +
                                     "</body></html>", encoding="utf-8")
    os.mkfifo(inp / "pipe.txt")
    (inp / "locked.html").write_text("<p>Thu đạt 9 tỷ đồng.</p>", encoding="utf-8")
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    os.symlink(outside / "secret.txt", inp / "link.txt")
    climb = f"vnx-climb-{os.getpid()}.txt"
    _write_zip(inp / "climb.zip", [(f"../../{climb}", [(CLIMBER.encode(), 1)]),
                                   ("trong.txt", [("Thu trong tệp nén đạt 11 tỷ đồng.".encode(), 1)])])
    _write_zip(inp / "bomb.zip", [("huge.txt", [(b"\0" * MB, 1024)])])
    parts = _docx_parts()
    body = parts.pop("word/document.xml")
    head, tail = body.split(b"<w:body>", 1)
    _write_zip(inp / "bomb.docx", [(n, [(v, 1)]) for n, v in parts.items()] +
               [("word/document.xml", [(head + b"<w:body>", 1), (b" " * MB, 1024), (tail, 1)])])
    for d in (inp, out):
        os.chown(d, NOBODY, NOBODY)
        for p in d.iterdir():
            if not p.is_symlink():
                os.chown(p, NOBODY, NOBODY)
    os.chmod(inp / "locked.html", 0)
    os.chmod(base, 0o755)
    os.chmod(outside, 0o755)
    os.chmod(outside / "secret.txt", 0o644)  # readable by anyone: only the link rule keeps it out
    return {"climb": climb}


def _interpreter(env: dict, base: Path) -> str | None:
    """A Python the unprivileged user can start, and start again from inside itself (the batch starts
    its workers with ``sys.executable``): this one, else the system's of the same version with this
    one's packages on its path (a Python installed under root's home cannot be run by others). When
    the checkout or its packages sit in a directory others cannot enter (a clone under a private
    temporary directory), the package, its patterns and the installed packages are laid out under
    ``base`` (hard links where the file system allows, copies otherwise) and ``env`` points there."""
    system = f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"
    probe = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'import regex, extractor'], check=True)"

    def runs(exe: str) -> bool:
        return os.path.exists(exe) and subprocess.run(AS_NOBODY + [exe, "-c", probe], env=env, cwd="/",
                                                      capture_output=True, check=False).returncode == 0
    for exe in dict.fromkeys((sys.executable, system)):
        if runs(exe):
            return exe
    if not os.path.exists(system):
        return None
    readable = base / "python"
    for name in ("extractor", "patterns"):
        shutil.copytree(ROOT / name, readable / "src" / name, ignore=shutil.ignore_patterns("__pycache__"))
    site = readable / "site"
    try:
        shutil.copytree(sysconfig.get_paths()["purelib"], site, copy_function=os.link, symlinks=True)
    except OSError:
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(sysconfig.get_paths()["purelib"], site, symlinks=True)
    for d, _, files in os.walk(readable):
        os.chmod(d, 0o755)
        for f in files:
            path = os.path.join(d, f)
            if not os.path.islink(path):
                os.chmod(path, os.stat(path).st_mode | 0o444)
    env["PYTHONPATH"] = os.pathsep.join([str(readable / "src"), str(site)])
    return system if runs(system) else None


def _hwm(pid: int) -> int:
    """A process's peak resident memory so far (VmHWM), in bytes; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _run_watched(cmd, env, cwd, out, err, bound: float):
    """Run ``cmd`` to its end (killed past ``bound`` seconds), polling its process tree: returns
    (return code or None when killed, seconds, peak of its largest process, peak of their sum)."""
    psutil = pytest.importorskip("psutil")
    t = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
    root, peak_one, peak_sum = psutil.Process(proc.pid), 0, 0
    while proc.poll() is None:
        if time.monotonic() - t > bound:
            for child in root.children(recursive=True):
                child.kill()
            proc.kill()
            proc.wait()
            return None, time.monotonic() - t, peak_one, peak_sum
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            tree = []
        total = 0
        for p in tree:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                continue
            peak_one = max(peak_one, _hwm(p.pid))
        peak_sum = max(peak_sum, total)
        time.sleep(0.05)
    return proc.returncode, time.monotonic() - t, peak_one, peak_sum


def _tree(path: Path) -> dict:
    return {str(p.relative_to(path)): (p.lstat().st_size, p.lstat().st_mtime_ns) for p in path.rglob("*")}


@pytest.fixture(scope="module")
def batch():
    """The batch run once, as nobody, with --excel; returns what it left and what it cost."""
    base = Path(tempfile.mkdtemp(prefix="vnx-hostile-"))
    try:
        made = _build(base)
        before_outside = _tree(base / "outside")
        before_tmp = set(os.listdir(tempfile.gettempdir()))
        env = {"PATH": "/usr/bin:/bin", "HOME": str(base / "out"), "LANG": "C.UTF-8", "TMPDIR": str(base / "out"),
               "PYTHONPATH": os.pathsep.join([str(ROOT), sysconfig.get_paths()["purelib"]])}
        exe = _interpreter(env, base)
        if exe is None:
            pytest.skip("no Python the unprivileged user can run (and run again from inside itself)")
        # what `vnextract extract` runs, as nobody
        cmd = [*AS_NOBODY, exe, "-m", "extractor.cli", "extract", str(base / "in"),
               "-o", str(base / "out" / "facts.csv"), "--excel", "-j", "2", "--timeout", "60", "--quiet"]
        logs = base / "logs"
        logs.mkdir()
        with open(logs / "stdout", "wb") as out, open(logs / "stderr", "wb") as err:
            rc, seconds, peak, peak_sum = _run_watched(cmd, env, base / "out", out, err, TIME_BOUND)
        stderr = (logs / "stderr").read_bytes()
        if rc is None:
            pytest.fail(f"the batch did not end in {TIME_BOUND} s: {stderr.decode(errors='replace')[-2000:]}")
        out = base / "out"
        rows = []
        if (out / "facts.csv").exists():
            with open(out / "facts.csv", encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
        errors = (out / "facts.csv.errors.csv").read_text(encoding="utf-8") \
            if (out / "facts.csv.errors.csv").exists() else ""
        yield {"base": base, "rc": rc, "stderr": stderr.decode(errors="replace"), "rows": rows,
               "errors": errors, "seconds": seconds, "peak": peak, "peak_sum": peak_sum, "climb": made["climb"],
               "outside_same": _tree(base / "outside") == before_outside,
               "tmp_new": set(os.listdir(tempfile.gettempdir())) - before_tmp - {base.name},
               "out_files": sorted(p.name for p in out.iterdir())}
    finally:
        os.chmod(base / "in" / "locked.html", 0o644) if (base / "in" / "locked.html").exists() else None
        shutil.rmtree(base, ignore_errors=True)


def _facts_of(rows, name):
    return [(r["kind"], r["value"], r["text"].lstrip("'")) for r in rows if Path(r["doc_id"].lstrip("'")).name == name]


def _expected(text):
    return [(f.kind, "" if f.value is None else format(f.value, "f"), f.text) for f in extract(text)]


def test_batch_ends_and_names_the_failures(batch):
    assert batch["rc"] == 1, batch["stderr"][-2000:]  # some files failed, and the batch says so
    assert batch["seconds"] < TIME_BOUND
    for name in ("bomb.zip", "bomb.docx", "pipe.txt", "locked.html"):
        assert name in batch["errors"] or name in batch["stderr"], (name, batch["errors"])


def test_every_good_fact_is_there(batch):
    for name, text in GOOD.items():
        assert _facts_of(batch["rows"], name) == _expected(text), name
    big = [r for r in batch["rows"] if r["doc_id"].endswith("big29.txt") and r["kind"] == "money"]
    assert [Decimal(r["value"]) for r in big] == [Decimal("12345678901234567890123456789000000000")]


def test_utf32_file_is_read(batch):
    assert _facts_of(batch["rows"], "utf32.txt") == _expected(UTF32)


def test_formula_page_is_read_and_no_cell_starts_a_formula(batch):
    assert [v for _, v, _ in _facts_of(batch["rows"], "formula.html")] == \
        ["7000000000", "3100000000000", "8", "", "15000000000"]
    for row in batch["rows"]:
        for col, cell in row.items():
            if col not in ("value", "value_max"):
                assert not (cell or "").startswith(FORMULA), (col, cell)


def test_nested_html_is_read_or_refused_with_a_reason(batch):
    facts = _facts_of(batch["rows"], "nested.html")
    assert facts == [("money", "6000000000", "6 tỷ đồng")] or "nested.html" in batch["errors"]


def test_nothing_outside_the_folder_is_read(batch):
    assert not any("999" in r["value"] for r in batch["rows"])
    assert not any(Path(r["doc_id"].lstrip("'")).name in ("secret.txt", "link.txt") for r in batch["rows"])
    assert not any("888" in r["value"] for r in batch["rows"])  # the climbing member is refused


def test_nothing_is_written_outside(batch):
    base = batch["base"]
    assert batch["outside_same"]
    assert not (base / batch["climb"]).exists() and not (base.parent / batch["climb"]).exists()
    assert not (base / "in" / batch["climb"]).exists()
    assert not [n for n in batch["tmp_new"] if n.startswith("vnx-climb")]
    assert sorted(p.name for p in (base / "in").iterdir()) == sorted(
        ["good.txt", "big29.txt", "formula.html", "utf32.txt", "nested.html", "pipe.txt", "locked.html", "link.txt",
         "climb.zip", "bomb.zip", "bomb.docx"])


def test_peak_memory_stays_under_1_5_gb(batch):
    # the largest process, and all the run's processes together (polled every 50 ms)
    print(f"peak {batch['peak'] / 2 ** 20:.0f} MiB, together {batch['peak_sum'] / 2 ** 20:.0f} MiB, "
          f"in {batch['seconds']:.1f} s")
    assert 0 < batch["peak"] < MEMORY_BOUND and batch["peak_sum"] < MEMORY_BOUND
