"""Helpers of the batch tests: a folder of generated provincial reports, and the command run as a
user runs it. The reports recombine the paragraphs of samples/ (half of one report, half of the
next) with their figures changed (seeded), so every file is different and realistic."""
from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, SAMPLES

PY = sys.executable
_FIGURE = re.compile(r"\d+")


def _vary(text: str, rnd: random.Random) -> str:
    def figure(m: re.Match) -> str:
        s = m.group(0)
        n = int(s)
        if n <= 31 or 1900 <= n <= 2100:  # days, months and years stay
            return s
        return str(rnd.randint(1, 9)) + "".join(str(rnd.randint(0, 9)) for _ in s[1:])

    return _FIGURE.sub(figure, text)


def _utf8_samples() -> list[str]:
    out = []
    for p in sorted(SAMPLES.glob("*.txt")):
        try:
            out.append(p.read_text(encoding="utf-8"))
        except UnicodeDecodeError:  # a sample kept in a legacy encoding
            continue
    return out


def make_reports(folder: Path, n: int, per_folder: int = 10) -> list[Path]:
    """``n`` report files under ``folder`` (sub-folders of ``per_folder``), in name order."""
    texts = _utf8_samples()
    out = []
    for k in range(n):
        rnd = random.Random(k)
        a, b = texts[k % len(texts)].split("\n\n"), texts[(k + 1) % len(texts)].split("\n\n")
        body = "\n\n".join(a[: len(a) // 2 + 1] + b[len(b) // 2:])
        path = folder / f"{k // per_folder:02d}" / f"bao-cao-{k:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_vary(body, rnd), encoding="utf-8")
        out.append(path)
    return out


def vnextract(*args, cwd=ROOT, env=None, timeout=300, **kw) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([PY, "-m", "extractor.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout, env=full_env, **kw)


def test_generated_reports_are_different_and_full_of_facts(tmp_path):
    from extractor import extract

    paths = make_reports(tmp_path, 8)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert len(set(texts)) == 8
    for t in texts[:3]:
        facts = extract(t)
        assert len(facts) > 40
        assert all(t[f.start:f.end] == f.text for f in facts)
    money = [f for f in extract(texts[0]) if f.kind == "money"]
    assert money and all(f.unit.split("/")[0] in ("VND", "USD") for f in money)
