#!/usr/bin/env python3
"""Paired throughput of extraction against underthesea's word_tokenize on real report paragraphs.

    python benchmarks/bench_paragraphs.py                       # the two real corpus files, 5 rounds
    python benchmarks/bench_paragraphs.py FILE.jsonl ... -r 9   # other JSONL files ("text" field)
    python benchmarks/bench_paragraphs.py --profile             # also cProfile the extraction passes

The acceptance figure of the issue "Throughput": extraction must run at least 5x as fast as
``underthesea.word_tokenize`` on held-out real paragraphs.  Both sides run in this process, on the
same paragraphs, one paragraph per call, in passes that alternate: each round times a pass of
``word_tokenize(p)`` over every paragraph and a pass of ``extractor.extract(p)`` over every
paragraph, the order of the two swapped from one round to the next, garbage collection disabled
during a pass.  Both sides are warmed first (the first call loads underthesea's models and builds
the extractor's tables; then one untimed pass of each side over the inputs, ``--no-warm-pass`` to
skip it); that start-up is reported apart.  The tagger's window cache of the
extractor is emptied before each extraction pass (``--keep-cache`` not to), so a later round does
not profit from an earlier one: every pass sees the paragraphs as new text.

Reported per input file and overall, per side: the best and the median chars/s over the rounds;
and the ratios extraction time / word_tokenize time (best of each side; median of each side; and
the median of the per-round ratios, the paired figure) with the speed-up word_tokenize time /
extraction time that the target (>= 5) is about.  Figures also go to ``--json``
(default out/bench-paragraphs.json).

``--profile`` runs ``--profile-rounds`` more extraction passes (default 3) under cProfile after the
timed rounds, and prints the top ``--top`` functions (default 40) by own time and by cumulative
time, restricted to the functions of the extractor package and their direct callees (a callee's
figures counted only for its calls from the extractor); ``--profile-out`` keeps the raw profile.

Only the standard library is used for measuring; throughput is in characters (str length).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench import code_fingerprint, git_state  # noqa: E402  (what is measured: the same record as make bench)

DEFAULT_INPUTS = [ROOT / "tests" / "corpus" / "real_economy.jsonl", ROOT / "tests" / "corpus" / "real_social.jsonl"]
# Warm-up text: not taken from any input, so no input paragraph is seen before the timed passes.
WARMUP_TEXT = ("Năm 2023, tổng thu ngân sách nhà nước trên địa bàn tỉnh ước đạt 12.500 tỷ đồng, tăng 5,2% so với "
               "cùng kỳ và đạt 104% dự toán; giải quyết việc làm cho 29.576 lao động, trong đó có 1.200 hộ nghèo.")
SIDES = ("word_tokenize", "extraction")
_PKG = str(ROOT / "extractor") + os.sep


# ---------------------------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------------------------

def load_paragraphs(path: Path) -> list[str]:
    """The non-empty ``text`` of every line of a JSONL file, in file order."""
    out: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                text = json.loads(line).get("text")
            except (json.JSONDecodeError, AttributeError) as e:
                raise SystemExit(f"{path}:{n}: not a JSON object with a \"text\" field ({e})") from e
            if isinstance(text, str) and text.strip():
                out.append(text)
    return out


def _label(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


# ---------------------------------------------------------------------------------------------
# the two sides
# ---------------------------------------------------------------------------------------------

def warm_up() -> dict:
    """Import and first call of each side, timed apart (models loaded, tables built)."""
    res: dict = {}
    t0 = time.perf_counter()
    from underthesea import word_tokenize  # noqa: PLC0415
    t1 = time.perf_counter()
    word_tokenize(WARMUP_TEXT)
    t2 = time.perf_counter()
    word_tokenize(WARMUP_TEXT)
    t3 = time.perf_counter()
    res["word_tokenize"] = {"import_s": t1 - t0, "first_call_s": t2 - t1, "second_call_s": t3 - t2}

    t0 = time.perf_counter()
    import extractor  # noqa: PLC0415
    t1 = time.perf_counter()
    extractor.extract(WARMUP_TEXT)  # imports the pipeline, builds the tables, loads the tagger
    t2 = time.perf_counter()
    extractor.extract(WARMUP_TEXT)
    t3 = time.perf_counter()
    res["extraction"] = {"import_s": t1 - t0, "first_call_s": t2 - t1, "second_call_s": t3 - t2}
    return res


def _window_cache():
    """The selective tagger's cache of answers (None if the package no longer keeps one there)."""
    try:
        from extractor import nlp  # noqa: PLC0415

        fn = nlp._window
        fn.cache_info()
        return fn
    except (ImportError, AttributeError):
        return None


def run_pass(side: str, groups: list[list[str]], clear_cache: bool) -> dict:
    """One pass of ``side`` over every paragraph of every group: seconds per group, items produced."""
    from underthesea import word_tokenize  # noqa: PLC0415

    import extractor  # noqa: PLC0415

    fn = word_tokenize if side == "word_tokenize" else extractor.extract
    cache = _window_cache() if side == "extraction" else None
    if cache is not None and clear_cache:
        cache.cache_clear()
    before = cache.cache_info() if cache is not None else None
    seconds: list[float] = []
    items: list[int] = []
    perf = time.perf_counter
    load0 = _loadavg()
    gc.collect()
    gc.disable()
    try:
        for paras in groups:
            total = 0.0
            n = 0
            for p in paras:
                t = perf()
                out = fn(p)
                total += perf() - t
                n += len(out)
            seconds.append(total)
            items.append(n)
    finally:
        gc.enable()
    res = {"seconds": seconds, "items": items, "load_before": load0, "load_after": _loadavg()}
    if cache is not None:
        after = cache.cache_info()
        res["tagger_calls"] = after.misses - before.misses
        res["tagger_cache_hits"] = after.hits - before.hits
    return res


def _loadavg() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


# ---------------------------------------------------------------------------------------------
# figures
# ---------------------------------------------------------------------------------------------

def summarise(chars: int, paragraphs: int, wt: list[float], ex: list[float]) -> dict:
    """Per side best/median seconds and chars/s; the ratios (extraction time / word_tokenize time)."""
    per_round = [e / w for e, w in zip(ex, wt)]
    out: dict = {"chars": chars, "paragraphs": paragraphs}
    for side, secs in (("word_tokenize", wt), ("extraction", ex)):
        best, med = min(secs), statistics.median(secs)
        out[side] = {"seconds": secs, "best_s": best, "median_s": med,
                     "best_chars_per_s": chars / best, "median_chars_per_s": chars / med}
    out["ratio_time_best"] = min(ex) / min(wt)
    out["ratio_time_median"] = statistics.median(ex) / statistics.median(wt)
    out["ratio_time_per_round"] = per_round
    out["ratio_time_paired_median"] = statistics.median(per_round)
    out["speedup_best"] = 1 / out["ratio_time_best"]
    out["speedup_median"] = 1 / out["ratio_time_median"]
    out["speedup_paired_median"] = 1 / out["ratio_time_paired_median"]
    return out


def print_summary(name: str, s: dict, target: float) -> None:
    print(f"\n{name}: {s['paragraphs']} paragraphs, {s['chars']:,} chars")
    for side in SIDES:
        d = s[side]
        print(f"  {side:<14} best {d['best_chars_per_s']:>10,.0f} chars/s ({d['best_s'] * 1000:8.1f} ms)   "
              f"median {d['median_chars_per_s']:>10,.0f} chars/s ({d['median_s'] * 1000:8.1f} ms)")
    rounds = " ".join(f"{r:.3f}" for r in s["ratio_time_per_round"])
    ok = "meets" if s["speedup_paired_median"] >= target else "BELOW"
    print(f"  extraction time / word_tokenize time: best {s['ratio_time_best']:.3f}, "
          f"median {s['ratio_time_median']:.3f}, paired median {s['ratio_time_paired_median']:.3f} "
          f"(rounds: {rounds})")
    print(f"  speed-up (word_tokenize time / extraction time): best {s['speedup_best']:.2f}x, "
          f"median {s['speedup_median']:.2f}x, paired median {s['speedup_paired_median']:.2f}x  "
          f"[{ok} the {target:g}x target]")


# ---------------------------------------------------------------------------------------------
# profile
# ---------------------------------------------------------------------------------------------

def _is_ours(filename: str) -> bool:
    return filename.startswith(_PKG)


def _fname(func: tuple) -> str:
    filename, line, name = func
    if filename == "~":  # a builtin: "<built-in method ...>" or "<method 'sub' of 're.Pattern' objects>"
        return name
    p = Path(filename)
    shown = str(p.relative_to(ROOT)) if p.is_absolute() and p.is_relative_to(ROOT) else filename
    if "site-packages" in shown:
        shown = shown.split("site-packages" + os.sep, 1)[1]
    return f"{shown}:{line}({name})"


def restricted_rows(stats: dict) -> list[dict]:
    """Functions of the extractor package (their whole figures) and their direct callees (only the
    calls made from the extractor: primitive calls, own and cumulative time from the callers' table)."""
    rows = []
    for func, (cc, nc, tt, ct, callers) in stats.items():
        if _is_ours(func[0]):
            rows.append({"func": _fname(func), "ours": True, "ncalls": nc, "tottime": tt, "cumtime": ct})
            continue
        from_us = [v for caller, v in callers.items() if _is_ours(caller[0])]
        if not from_us:
            continue
        # callers' values: (primitive calls, total calls, own time, cumulative time), per caller
        n = sum(v[1] for v in from_us)
        tt_us = sum(v[2] for v in from_us)
        ct_us = sum(v[3] for v in from_us)
        rows.append({"func": _fname(func), "ours": False, "ncalls": n, "tottime": tt_us, "cumtime": ct_us})
    return rows


def profile_passes(groups: list[list[str]], rounds: int, top: int, clear_cache: bool,
                   keep: Path | None) -> tuple[str, dict]:
    import cProfile  # noqa: PLC0415
    import pstats  # noqa: PLC0415

    import extractor  # noqa: PLC0415

    cache = _window_cache()
    prof = cProfile.Profile()
    paras = [p for g in groups for p in g]
    chars = sum(len(p) for p in paras) * rounds
    wall = 0.0
    for _ in range(rounds):
        if cache is not None and clear_cache:
            cache.cache_clear()
        gc.collect()
        gc.disable()
        t0 = time.perf_counter()
        prof.enable()
        for p in paras:
            extractor.extract(p)
        prof.disable()
        wall += time.perf_counter() - t0
        gc.enable()
    if keep is not None:
        keep.parent.mkdir(parents=True, exist_ok=True)
        prof.dump_stats(str(keep))
    st = pstats.Stats(prof)
    rows = restricted_rows(st.stats)  # type: ignore[attr-defined]
    # the entry point's cumulative time: the percentages are of the whole of extract()
    total = max((r["cumtime"] for r in rows if r["ours"]), default=0.0) or 1e-9
    lines = [f"cProfile of extractor.extract over {len(paras)} paragraphs x {rounds} pass(es), {chars:,} chars: "
             f"{total:.3f} s profiled ({wall:.3f} s wall with the profiler's overhead)",
             "restricted to extractor/ and its direct callees ('*' marks a callee outside the package: "
             "its figures are those of its calls from extractor/)"]
    out: dict = {"paragraphs": len(paras), "rounds": rounds, "chars": chars, "profiled_s": total, "wall_s": wall}
    for key, title in (("tottime", "own time"), ("cumtime", "cumulative time")):
        best = sorted(rows, key=lambda r: r[key], reverse=True)[:top]
        out[f"top_{key}"] = best
        lines.append(f"\n--- top {top} by {title} ({key}) ---")
        lines.append(f"{'ncalls':>9} {'tottime':>8} {'tot%':>6} {'cumtime':>8} {'cum%':>6}  function")
        for r in best:
            lines.append(f"{r['ncalls']:>9} {r['tottime']:>8.3f} {100 * r['tottime'] / total:>5.1f}% "
                         f"{r['cumtime']:>8.3f} {100 * r['cumtime'] / total:>5.1f}%  "
                         f"{'' if r['ours'] else '* '}{r['func']}")
    return "\n".join(lines), out


# ---------------------------------------------------------------------------------------------
# run
# ---------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", type=Path,
                    help="JSONL files with a \"text\" field per line (default: tests/corpus/real_economy.jsonl "
                         "and tests/corpus/real_social.jsonl)")
    ap.add_argument("-r", "--rounds", type=int, default=5, help="alternating rounds (default 5)")
    ap.add_argument("--target", type=float, default=5.0, help="the speed-up the issue asks for (default 5)")
    ap.add_argument("--keep-cache", action="store_true",
                    help="do not empty the tagger's window cache before each extraction pass")
    ap.add_argument("--no-warm-pass", action="store_true",
                    help="skip the untimed pass of each side over the inputs before the timed rounds")
    ap.add_argument("--profile", action="store_true", help="also cProfile extraction passes after the timed rounds")
    ap.add_argument("--profile-rounds", type=int, default=3, help="extraction passes profiled (default 3)")
    ap.add_argument("--top", type=int, default=40, help="functions listed per profile table (default 40)")
    ap.add_argument("--profile-out", type=Path, help="also write the raw cProfile data there (pstats format)")
    ap.add_argument("--json", type=Path, default=ROOT / "out" / "bench-paragraphs.json",
                    help="where to write the figures (default out/bench-paragraphs.json)")
    args = ap.parse_args(argv)
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")
    sys.path.insert(0, str(ROOT))

    inputs = [p.resolve() for p in (args.inputs or DEFAULT_INPUTS)]
    groups = [load_paragraphs(p) for p in inputs]
    for p, g in zip(inputs, groups):
        if not g:
            raise SystemExit(f"{p}: no paragraph with a \"text\" field")
    names = [_label(p) for p in inputs]
    log = lambda msg: print(f"[bench-paragraphs] {msg}", file=sys.stderr, flush=True)  # noqa: E731

    report: dict = {"python": sys.version.split()[0], "cpus": os.cpu_count(),
                    "started": time.strftime("%Y-%m-%d %H:%M:%S"), "git": git_state(),
                    "code_fingerprint": code_fingerprint(), "rounds": args.rounds,
                    "tagger_cache_cleared_per_pass": not args.keep_cache, "load_average_start": _loadavg(),
                    "inputs": [{"file": n, "paragraphs": len(g), "chars": sum(map(len, g))}
                               for n, g in zip(names, groups)]}
    log("warm-up (imports, models, tables)")
    report["startup"] = warm_up()
    if not args.no_warm_pass:
        # one untimed pass of each side over the inputs: paths the warm-up text does not take build
        # their tables and fill the regex caches here; the tagger's answers are emptied again below
        log("warm-up pass over the inputs (not counted)")
        report["warm_pass"] = {side: run_pass(side, groups, clear_cache=True) for side in SIDES}

    passes: dict[str, list[dict]] = {s: [] for s in SIDES}
    for r in range(args.rounds):
        order = SIDES if r % 2 == 0 else SIDES[::-1]
        for side in order:
            passes[side].append(run_pass(side, groups, clear_cache=not args.keep_cache))
        log(f"round {r + 1}/{args.rounds} ({' then '.join(order)}): "
            f"word_tokenize {sum(passes['word_tokenize'][-1]['seconds']):.3f} s, "
            f"extraction {sum(passes['extraction'][-1]['seconds']):.3f} s")
    report["load_average_end"] = _loadavg()
    report["passes"] = passes

    per_file = {}
    for i, (n, g) in enumerate(zip(names, groups)):
        per_file[n] = summarise(sum(map(len, g)), len(g), [p["seconds"][i] for p in passes["word_tokenize"]],
                                [p["seconds"][i] for p in passes["extraction"]])
        per_file[n]["facts_per_pass"] = passes["extraction"][0]["items"][i]
        per_file[n]["words_per_pass"] = passes["word_tokenize"][0]["items"][i]
    overall = summarise(sum(len(p) for g in groups for p in g), sum(map(len, groups)),
                        [sum(p["seconds"]) for p in passes["word_tokenize"]],
                        [sum(p["seconds"]) for p in passes["extraction"]])
    report["per_file"], report["overall"] = per_file, overall

    st = report["startup"]
    print(f"\npaired benchmark: {args.rounds} rounds, alternating order, one call per paragraph, gc off in a pass; "
          f"code {report['git']} ({report['code_fingerprint']}), {os.cpu_count()} CPUs, load average "
          f"{report['load_average_start']} -> {report['load_average_end']}")
    for side in SIDES:
        s = st[side]
        print(f"start-up {side:<14} import {s['import_s']:.3f} s, first call {s['first_call_s']:.3f} s, "
              f"second call {s['second_call_s'] * 1000:.1f} ms (not counted below)")
    if "warm_pass" in report:
        w = report["warm_pass"]
        print(f"warm-up pass over the inputs (not counted below): word_tokenize {sum(w['word_tokenize']['seconds']):.3f} s, "
              f"extraction {sum(w['extraction']['seconds']):.3f} s")
    ex0 = passes["extraction"][-1]
    if "tagger_calls" in ex0:
        print(f"tagger per extraction pass: {ex0['tagger_calls']} windows tagged, {ex0['tagger_cache_hits']} cache hits"
              + ("" if args.keep_cache else " (cache emptied before each pass)"))
    for n in names:
        print_summary(n, per_file[n], args.target)
        print(f"  {per_file[n]['facts_per_pass']:,} facts, {per_file[n]['words_per_pass']:,} words per pass")
    if len(names) > 1:
        print_summary("overall", overall, args.target)

    if args.profile:
        log(f"cProfile over {args.profile_rounds} extraction pass(es)")
        text, prof = profile_passes(groups, args.profile_rounds, args.top, not args.keep_cache, args.profile_out)
        report["profile"] = prof
        print()
        print(text)

    loads = [x for side in SIDES for ps in passes[side] for x in (ps["load_before"], ps["load_after"]) if x is not None]
    report["max_load_average"] = max(loads, default=None)
    if loads and max(loads) > max(1.0, (os.cpu_count() or 1) - 0.5):
        print(f"\nWARNING: the 1-minute load average reached {max(loads):.2f} on {os.cpu_count()} CPUs during the timed "
              "passes: other processes competed for the CPUs, so the figures (the medians most) are noisy")
    report["code_fingerprint_end"] = code_fingerprint()
    if report["code_fingerprint_end"] != report["code_fingerprint"]:
        print("\nWARNING: extractor/ or patterns/ changed during the run; the figures may mix two versions")
    out = args.json
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nwrote {_label(out.resolve())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
