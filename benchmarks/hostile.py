#!/usr/bin/env python3
"""Adversarial inputs: time and peak memory of each class at 10x growing sizes (issue 13).

    python benchmarks/hostile.py                           # 2k, 20k, 200k, 2M characters (make bench-hostile)
    python benchmarks/hostile.py --sizes 20000,200000 --classes spaces,ones

Each class is a function from a size to a text of exactly that many characters, seeded where it is
random. Every run of one class at one size is its own subprocess, so its peak memory (the child's
``ru_maxrss``, less what it held after start-up and making the text) is its own. Growth is the time
at one size over the time at the size before it (10x the characters: linear is about 10, the
bound tests/test_hostile.py holds it to is 25, a quadratic reader gives about 100); rate and growth are in CPU seconds of the process (wall seconds are shown
too: on a shared machine they count the other processes' turns). A class whose run at one size took longer than ``--skip-after`` seconds is
not run at the next size. The table is printed and written to out/bench-hostile.json.

The words of the texts come from patterns/ (through extractor.resources): the numeral for five and
the scale word for 10^9, the first currency name, the first sentence example of the segmenter.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (2_000, 20_000, 200_000, 2_000_000)


def _words():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from extractor import resources  # noqa: PLC0415
    from extractor.lexicon import lexicon  # noqa: PLC0415

    table = lexicon().numerals.words
    five = next(w for w, (role, v) in table.items() if role == "digit" and v == 5)
    billion = next(w for w, (role, v) in table.items() if role == "scale" and v == 10 ** 9)
    currency = resources.load("currencies")["VND"]["surfaces"][0]
    sentence = resources.load("segment")["examples"][0][0].split(". ")[0]  # "<subject> <verb> 5 <scale> <currency>"
    return five, billion, currency, sentence


def _cycle(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def _seeded(alphabet: str, n: int, seed: int) -> str:
    rnd = random.Random(seed)
    return "".join(rnd.choice(alphabet) for _ in range(n))


def spaces(n: int) -> str:
    """One run of spaces (the space-before-punctuation repair was cubic on it)."""
    return " " * n


def blank_runs(n: int) -> str:
    """Runs of spaces, tabs, carriage returns and newlines (line-break and blank-line patterns)."""
    return _seeded(" \t\r\n", n, 1)


def number_words(n: int) -> str:
    """The numeral for five, again and again (quadratic in the words-number reader)."""
    return _cycle(_words()[0] + " ", n)


def scale_words(n: int) -> str:
    """The scale word for 10^9, again and again."""
    return _cycle(_words()[1] + " ", n)


def number_sentence(n: int) -> str:
    """One sentence of amounts with no full stop: clauses joined by commas."""
    _, _, _, sentence = _words()
    parts, k, size = [], 0, 0
    while size < n:
        k += 1
        part = sentence.replace(" 5 ", f" {k % 997},{k % 10} ") + ", "
        parts.append(part)
        size += len(part)
    return "".join(parts)[:n]


def ones(n: int) -> str:
    """``1 1 1 …``: a number every two characters (10 MB of it needed 1.4 GB)."""
    return _cycle("1 ", n)


def digit_run(n: int) -> str:
    """One number of n - 9 digits and its currency: read exactly, never a crash."""
    _, billion, currency, _ = _words()
    tail = f" {billion} {currency}"
    return "7" * (n - len(tail)) + tail


def punctuation(n: int) -> str:
    """Sentence marks, brackets and separators at random (the sentence split's patterns)."""
    return _seeded(".,;:!?…-()[]\"'/ ", n, 2)


def decomposed_marks(n: int) -> str:
    """Letters written with combining marks (every one an NFC repair: an edit every 3 characters)."""
    return _cycle("e\u0302\u0301 a\u0306\u0323 o\u031b\u0300 ", n)


def ocr_junk(n: int) -> str:
    """OCR-like junk: look-alike letters and digits, separators and spaces at random."""
    return _seeded("lI1|!O0o.,:;/-' 2357tđ%()", n, 3)


def glued_chain(n: int) -> str:
    """``1/1/1/…`` with no space: a chain of glued tokens."""
    return _cycle("1/", n)


def nested_html(n: int) -> str:
    """Divs nested n / 11 deep around one sentence (read through the HTML reader)."""
    _, _, _, sentence = _words()
    depth = max(1, (n - len(sentence)) // 11)
    return "<div>" * depth + sentence + "</div>" * depth


CLASSES = {f.__name__: f for f in (spaces, blank_runs, number_words, scale_words, number_sentence, ones,
                                    digit_run, punctuation, decomposed_marks, ocr_junk, glued_chain, nested_html)}
HTML = {"nested_html"}  # classes read as a file through the reader registry, then extracted


def run(name: str, text: str) -> int:
    """Extract ``text`` of class ``name`` as vnextract would; returns the number of facts (a reader's
    refusal with its reason counts as handled: -1)."""
    from extractor.pipeline import extract_document, extract_source  # noqa: PLC0415

    if name in HTML:
        from extractor.readers import ReadError, read_bytes  # noqa: PLC0415

        try:
            source = read_bytes(text.encode("utf-8"), "page.html")
        except ReadError:
            return -1
        return len(extract_source(source).facts)
    return len(extract_document(text).facts)


def measure_one(name: str, n: int) -> dict:
    """In this process: time and extra peak memory of one run (call in a fresh process)."""
    import resource  # noqa: PLC0415

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    text = CLASSES[name](n)
    run(name, CLASSES[name](2000))  # imports, lazy tables and models loaded before measuring
    assert len(text) == n or name == "nested_html", (name, len(text), n)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t, cpu = time.perf_counter(), time.process_time()
    facts = run(name, text)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"class": name, "chars": len(text), "seconds": seconds, "cpu_seconds": cpu, "facts": facts,
            "peak_mib": peak / 1024, "extra_bytes_per_char": max(0, peak - base) * 1024 / len(text)}


def measure(name: str, n: int, timeout: float) -> dict:
    """One run in a subprocess (its own peak memory); a run past ``timeout`` is reported as such."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", name, str(n)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"class": name, "chars": n, "error": f"did not finish in {timeout:g} s"}
    if out.returncode != 0:
        return {"class": name, "chars": n, "error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(out.stdout)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)))
    ap.add_argument("--classes", default=",".join(CLASSES))
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds for one run")
    ap.add_argument("--skip-after", type=float, default=60.0,
                    help="a class whose run took longer than this is not run at the next size")
    ap.add_argument("--out", default=str(ROOT / "out" / "bench-hostile.json"))
    ap.add_argument("--one", nargs=2, metavar=("CLASS", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(measure_one(args.one[0], int(args.one[1]))))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    names = args.classes.split(",")
    unknown = [c for c in names if c not in CLASSES]
    if unknown:
        ap.error(f"unknown classes {unknown}; known: {', '.join(CLASSES)}")
    rows = []
    head = (f"{'class':18} {'chars':>9} {'seconds':>8} {'CPU s':>8} {'chars/s':>9} {'growth':>7} {'peak MiB':>9} "
            f"{'B/char':>7} facts")
    print(head)
    for name in names:
        prev = None
        for n in sizes:
            r = measure(name, n, args.timeout)
            if "error" in r:
                print(f"{name:18} {n:>9} {r['error']}")
                rows.append(r)
                break
            # rate and growth in CPU time: other processes on the machine do not count (wall time is kept too)
            r["chars_per_s"] = r["chars"] / r["cpu_seconds"] if r["cpu_seconds"] else None
            r["growth"] = r["cpu_seconds"] / prev["cpu_seconds"] if prev and prev["cpu_seconds"] > 0 else None
            rows.append(r)
            growth = f"{r['growth']:.1f}x" if r["growth"] else ""
            facts = "refused" if r["facts"] < 0 else r["facts"]
            rate = f"{r['chars_per_s']:>9.0f}" if r["chars_per_s"] else f"{'':>9}"
            print(f"{name:18} {r['chars']:>9} {r['seconds']:>8.3f} {r['cpu_seconds']:>8.3f} {rate} {growth:>7} "
                  f"{r['peak_mib']:>9.0f} {r['extra_bytes_per_char']:>7.0f} {facts}", flush=True)
            prev = r
            if r["seconds"] > args.skip_after:
                break
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"sizes": sizes, "runs": rows}, indent=1), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
