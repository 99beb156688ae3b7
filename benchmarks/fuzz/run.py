#!/usr/bin/env python3
"""Run every fuzzer for a bounded time (``make fuzz``; not in CI), one process each.

    python benchmarks/fuzz/run.py --seconds 60            # every harness, 60 s each
    python benchmarks/fuzz/run.py --only extract,table --seconds 600

Each harness starts from its seeds (benchmarks/fuzz/seeds.py) and the corpus it grew before
(out/fuzz/corpus/HARNESS). A crash, a hang past --timeout or a memory blow-up past --rss-mb is saved
as out/fuzz/crashes/HARNESS-…; replay one with
``python -c "import harnesses; harnesses.replay('extract', 'out/fuzz/crashes/extract-crash-…')"``
(from benchmarks/fuzz/) and make it a regression test. Exit status 1 when anything was found.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import harnesses  # noqa: E402
import seeds  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=int, default=60, help="time for each harness")
    ap.add_argument("--only", help="comma-separated harness names (default all)")
    ap.add_argument("--timeout", type=int, default=20, help="seconds for one input before it counts as a hang")
    ap.add_argument("--rss-mb", type=int, default=2048, help="memory for the fuzzing process")
    ap.add_argument("--out", default=str(ROOT / "out" / "fuzz"))
    args = ap.parse_args(argv)
    names = args.only.split(",") if args.only else list(harnesses.HARNESSES)
    out = Path(args.out)
    crashes = out / "crashes"
    crashes.mkdir(parents=True, exist_ok=True)
    found = []
    for name in names:
        corpus = seeds.write(out / "corpus", name)
        before = set(crashes.glob(f"{name}-*"))
        cmd = [sys.executable, str(HERE / "fuzz.py"), name, f"-max_total_time={args.seconds}",
               f"-timeout={args.timeout}", f"-rss_limit_mb={args.rss_mb}", "-max_len=65536",
               f"-artifact_prefix={crashes}/{name}-", str(corpus)]
        print(f"fuzzing {name} for {args.seconds} s", flush=True)
        done = subprocess.run(cmd, cwd=HERE, capture_output=True, text=True, check=False)
        new = sorted(set(crashes.glob(f"{name}-*")) - before)
        tail = [line for line in done.stderr.splitlines() if "cov:" in line or "ERROR" in line][-1:]
        print(f"  exit {done.returncode}; {len(new)} new crash file(s); {' '.join(tail)}")
        for p in new:
            print(f"  {p}")
        found += new
    print(f"{len(found)} crash file(s) in {crashes}" if found else "nothing found")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
