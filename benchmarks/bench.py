#!/usr/bin/env python3
"""Throughput, memory and start-up figures for vnextract, from one run (issue "Throughput").

    python benchmarks/bench.py                 # 20 MB corpus, ~10 minutes (make bench)
    python benchmarks/bench.py --scaling       # also 2 / 20 / 200 MB through the CLI (make bench-scaling)
    python benchmarks/bench.py --profile 2     # also cProfile the extraction over ~2 MB

The corpus is generated (seeded, cached in .cache/bench/) from samples/*.txt and the ``text``
fields of tests/corpus/*.jsonl: paragraphs and sentences recombined across documents, numbers
perturbed in their Vietnamese format, province names swapped, years shifted, written as many
20-100 KB documents.  Figures are printed as a table and written to out/bench.json.

Only the standard library is used for measuring (time.perf_counter, resource/os.wait4,
subprocess); ``regex`` and ``underthesea`` (dependencies of the package) are the baselines.
Sizes: 1 MB = 1,000,000 bytes of UTF-8 on disk; throughput is in characters (str length).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "bench"
MB = 1_000_000
BUILDER_VERSION = 1  # bump when the corpus builder changes: the cache key includes it
DOC_MIN, DOC_MAX = 20_000, 100_000  # bytes per generated document

# ---------------------------------------------------------------------------------------------
# corpus
# ---------------------------------------------------------------------------------------------

PROVINCES = [
    "An Giang", "Bình Dương", "Nghệ An", "Quảng Nam", "Thái Bình", "Phú Yên", "Bắc Giang", "Ninh Thuận",
    "Gia Lai", "Thanh Hóa", "Đắk Lắk", "Hải Dương", "Long An", "Quảng Ninh", "Lâm Đồng", "Kiên Giang",
]
_PROVINCE_RE = re.compile(
    r"\b(" + "|".join(sorted({re.escape(v) for p in PROVINCES for v in (p, p.upper())}, key=len, reverse=True))
    + r")\b")
_PROVINCE_INDEX = {v: i for i, p in enumerate(PROVINCES) for v in (p, p.upper())}

# dates first (day and month kept, year shifted), then numbers.  A number touching a letter, or
# split by OCR ("202 3"), is left alone.
_NUM_RE = re.compile(
    r"(?P<dm>\b\d{1,2}\s?/\s?\d{1,2}\s?/\s?)(?P<dmy>\d{4})\b"
    r"|(?P<m>\b\d{1,2}\s?/\s?)(?P<my>\d{4})\b"
    r"|(?P<kw>\b(?:ngày|tháng)\s+\d{1,2})\b"
    r"|(?<![\w.,])(?<!\d )(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\w])(?! \d\b)"
)
_SENT_SPLIT = re.compile(r"(?<=[.!?;])\s+")
_BLOCK_SPLIT = re.compile(r"\n[ \t\u00a0]*\n+")
_MARKER = re.compile(r"^(?:[0-9IVXLivxl]{1,4}|[a-zđ])[.)]$")  # "1.", "II.", "a)": a heading number, not a sentence


def source_files(root: Path = ROOT) -> list[Path]:
    return sorted((root / "samples").glob("*.txt")) + sorted((root / "tests" / "corpus").glob("*.jsonl"))


def load_sources(root: Path = ROOT) -> dict[str, list[str]]:
    """Pieces of the source texts, in a fixed order, by kind.

    headers: the letterhead of each sample report (up to its "BÁO CÁO" title); footers: its end
    (from "Nơi nhận:"); blocks: the other blank-line separated blocks of the samples (headings,
    paragraphs, lists); snippets: the ``text`` of every corpus case; sentences: every sentence of
    the blocks and snippets.
    """
    headers: list[str] = []
    footers: list[str] = []
    blocks: list[str] = []
    snippets: list[str] = []
    for path in source_files(root):
        if path.suffix == ".txt":
            try:
                raw = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:  # a sample kept in a legacy encoding (the same text as a UTF-8 one)
                continue
            parts = [b.strip("\n") for b in _BLOCK_SPLIT.split(raw.replace("\r\n", "\n"))]
            parts = [b for b in parts if b.strip()]
            title = next((i for i, b in enumerate(parts[:8]) if b.startswith("BÁO CÁO")), None)
            if title is not None:
                headers.append("\n\n".join(parts[: title + 1]))
                parts = parts[title + 1:]
            end = next((i for i, b in enumerate(parts) if b.startswith("Nơi nhận")), None)
            if end is not None:
                footers.append("\n\n".join(parts[end:]))
                parts = parts[:end]
            blocks.extend(parts)
        else:
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    text = json.loads(line).get("text", "")
                    if text.strip():
                        snippets.append(text.strip())
    sentences = [s for t in blocks + snippets for line in t.split("\n") for s in split_sentences(line)]
    return {"headers": headers, "footers": footers, "blocks": blocks, "snippets": snippets, "sentences": sentences}


def split_sentences(text: str) -> list[str]:
    """Sentences of one line: split after . ! ? ; when the next piece starts a new sentence."""
    out: list[str] = []
    for piece in _SENT_SPLIT.split(text.strip()):
        if out and piece and (_MARKER.match(out[-1]) or not (piece[0].isupper() or piece[0] in "-–•(\"“")):
            out[-1] += " " + piece
        elif piece:
            out.append(piece)
    return out


def _format_vn(total: int, decimals: int, grouped: bool) -> str:
    """Digits ``total`` with ``decimals`` of them after a decimal comma; thousands by dots if ``grouped``."""
    s = str(total).rjust(decimals + 1, "0")
    int_part, dec_part = (s[:-decimals], s[-decimals:]) if decimals else (s, "")
    if grouped:
        int_part = f"{int(int_part):,}".replace(",", ".")
    return int_part + ("," + dec_part if dec_part else "")


def perturb_number(s: str, rng: random.Random, year_shift: int, scale: float = 1.0) -> str:
    """Another number in the same Vietnamese format: 29.576 → 31.204, 102,7 → 97,3; years shift."""
    int_part, _, dec_part = s.partition(",")
    grouped = "." in int_part
    digits = int_part.replace(".", "")
    if len(digits) > 1 and digits[0] == "0":  # codes, phone numbers, "09"
        return s
    if not grouped and not dec_part and len(digits) == 4 and 1990 <= int(digits) <= 2039:
        return str(int(digits) + year_shift)
    total = int(digits + dec_part)
    if not dec_part and total < 13:  # list numbers, months, quarters, "6 tháng"
        return s
    new = max(1, round(total * scale * rng.uniform(0.97, 1.03)))
    if new == total:
        new += 1
    return _format_vn(new, len(dec_part), grouped)


def perturb(text: str, rng: random.Random, province_map: list[int], year_shift: int) -> str:
    """Swap provinces by ``province_map``, shift years by ``year_shift``, perturb the other numbers.

    The numbers of one call share a scale (0.8-1.25) with a little jitter each, so a range or a
    total and its parts stay roughly consistent.
    """
    scale = rng.uniform(0.8, 1.25)

    def province(m: re.Match) -> str:
        name = m.group(0)
        new = PROVINCES[province_map[_PROVINCE_INDEX[name]]]
        return new.upper() if name.isupper() else new

    def number(m: re.Match) -> str:
        if m.group("dmy"):
            return m.group("dm") + str(int(m.group("dmy")) + year_shift)
        if m.group("my"):
            return m.group("m") + str(int(m.group("my")) + year_shift)
        if m.group("kw"):
            return m.group("kw")
        return perturb_number(m.group("num"), rng, year_shift, scale)

    return _NUM_RE.sub(number, _PROVINCE_RE.sub(province, text))


def build_corpus(size_bytes: int, seed: int = 0, root: Path = ROOT) -> list[tuple[str, str]]:
    """``(name, text)`` documents of about ``size_bytes`` UTF-8 bytes in all, deterministic in ``seed``."""
    src = load_sources(root)
    headers, footers, blocks, snippets, sentences = (
        src["headers"], src["footers"], src["blocks"], src["snippets"], src["sentences"])
    if not (blocks or snippets):
        raise SystemExit(f"bench: no source text under {root}/samples or {root}/tests/corpus")
    rng = random.Random(seed)
    docs: list[tuple[str, str]] = []
    total = 0
    while total < size_bytes:
        remaining = size_bytes - total
        target = rng.randint(DOC_MIN, DOC_MAX)
        if remaining - target < DOC_MIN:  # the last document takes the rest (within 20-100 KB when it can)
            target = min(max(remaining, DOC_MIN), DOC_MAX) if remaining <= DOC_MAX else remaining // 2
        province_map = list(range(len(PROVINCES)))
        rng.shuffle(province_map)
        year_shift = rng.randint(-4, 2)
        parts: list[str] = []
        if headers and rng.random() < 0.85:
            parts.append(perturb(rng.choice(headers), rng, province_map, year_shift))
        footer = perturb(rng.choice(footers), rng, province_map, year_shift) if footers and rng.random() < 0.85 else ""
        size = sum(len(p.encode()) + 2 for p in parts) + len(footer.encode())
        while size < target:
            r = rng.random()
            if r < 0.45 and blocks:  # a block of a sample report, as written
                part = rng.choice(blocks)
            elif r < 0.75 and snippets:  # a paragraph of corpus cases
                part = " ".join(rng.choice(snippets) for _ in range(rng.randint(2, 5)))
            else:  # sentences shuffled across documents
                part = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 6)))
                if rng.random() < 0.3:
                    part = "- " + part
            part = perturb(part, rng, province_map, year_shift)
            parts.append(part)
            size += len(part.encode()) + 2
        if footer:
            parts.append(footer)
        text = "\n\n".join(parts) + "\n"
        docs.append((f"doc-{len(docs) + 1:05d}.txt", text))
        total += len(text.encode())
    return docs


def corpus_dir(size_bytes: int, seed: int, root: Path = ROOT) -> Path:
    h = hashlib.sha256(f"v{BUILDER_VERSION}".encode())
    for p in source_files(root):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return CACHE / f"corpus-{size_bytes}b-seed{seed}-{h.hexdigest()[:12]}"


def ensure_corpus(size_bytes: int, seed: int) -> tuple[Path, bool, float]:
    """The cached corpus directory (built if absent), whether it was reused, and build seconds."""
    path = corpus_dir(size_bytes, seed)
    if (path / "manifest.json").exists():
        return path, True, 0.0
    t0 = time.perf_counter()
    docs = build_corpus(size_bytes, seed)
    tmp = path.with_name(path.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    for name, text in docs:
        (tmp / name).write_bytes(text.encode("utf-8"))  # no newline translation
    manifest = {"size_bytes": size_bytes, "seed": seed, "documents": len(docs),
                "bytes": sum(len(t.encode()) for _, t in docs), "chars": sum(len(t) for _, t in docs)}
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    import shutil  # noqa: PLC0415

    if path.exists():
        shutil.rmtree(path)
    tmp.rename(path)
    for old in CACHE.glob(f"corpus-{size_bytes}b-seed{seed}-*"):  # the same corpus from older sources
        if old != path and old.is_dir():
            shutil.rmtree(old)
    return path, False, time.perf_counter() - t0


def read_corpus(path: Path) -> list[tuple[str, str]]:
    """The documents as the CLI reads them (extractor.readers.read_text)."""
    from extractor.readers import read_text  # noqa: PLC0415

    return [(p.name, read_text(p)) for p in sorted(path.glob("doc-*.txt"))]


def sample_of(docs: list[tuple[str, str]], size_bytes: int) -> list[tuple[str, str]]:
    """The first documents of the corpus totalling at least ``size_bytes`` (a fixed sample)."""
    out, n = [], 0
    for d in docs:
        if n >= size_bytes:
            break
        out.append(d)
        n += len(d[1].encode())
    return out


# ---------------------------------------------------------------------------------------------
# measuring
# ---------------------------------------------------------------------------------------------

WARMUP_TEXT = ("Năm 2019, huyện Tri Tôn giải quyết việc làm cho 1.234 lao động, "
               "hỗ trợ 87 hợp tác xã "
               "và 56 tổ hợp tác, đạt 103,5% kế hoạch; thu ngân sách đạt 412,8 tỷ đồng.")


def _python() -> str:
    return sys.executable


def _vnextract() -> list[str]:
    exe = Path(sys.executable).parent / "vnextract"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "extractor.cli"]


def _tree_rss_kb(pid: int) -> int:
    """Sum of VmRSS of the descendants of ``pid`` (Linux /proc; 0 elsewhere)."""
    try:
        parents: dict[int, int] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    with open(f"/proc/{entry.name}/stat", "rb") as fh:
                        stat = fh.read()
                    parents[int(entry.name)] = int(stat[stat.rindex(b")") + 2:].split()[1])
                except (OSError, ValueError, IndexError):
                    pass
        tree, frontier = {pid}, [pid]
        while frontier:
            p = frontier.pop()
            for child, ppid in parents.items():
                if ppid == p and child not in tree:
                    tree.add(child)
                    frontier.append(child)
        total = 0
        for p in tree - {pid}:
            try:
                with open(f"/proc/{p}/status", encoding="ascii", errors="replace") as fh:
                    for line in fh:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                            break
            except OSError:
                pass
        return total
    except OSError:
        return 0


# Runs a command and records its wall time and rusage.  The launcher is a small process of its own:
# a child's ru_maxrss counts the memory of the process it was forked from until its exec, so a
# command forked straight from this (large) process would report this process's size.
_LAUNCHER = r"""
import json, os, subprocess, sys, time
t0 = time.perf_counter()
p = subprocess.Popen(sys.argv[2:])
_, status, ru = os.wait4(p.pid, 0)
wall = time.perf_counter() - t0
with open(sys.argv[1], "w") as fh:
    json.dump({"seconds": wall, "max_rss_kb": ru.ru_maxrss, "user_s": ru.ru_utime, "sys_s": ru.ru_stime}, fh)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(cmd: list[str], poll_tree: bool = False) -> dict:
    """Run ``cmd``; wall seconds, exit code, stderr, and max RSS (KB) of its largest process (wait4 rusage).

    With ``poll_tree``, also the peak of the summed RSS of all its processes, sampled every 0.2 s.
    """
    import tempfile  # noqa: PLC0415

    fd, usage_path = tempfile.mkstemp(prefix="bench-rusage-", suffix=".json")
    os.close(fd)
    proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, usage_path] + cmd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, cwd=ROOT)
    peak = [0]
    stop = threading.Event()

    def poll():
        while not stop.wait(0.2):
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

    poller = threading.Thread(target=poll, daemon=True) if poll_tree else None
    if poller:
        poller.start()
    err_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    proc.wait()
    reader.join()
    stop.set()
    if poller:
        poller.join()
    try:
        usage = json.loads(Path(usage_path).read_text(encoding="utf-8") or "{}")
    finally:
        os.unlink(usage_path)
    return {"seconds": usage.get("seconds", float("nan")), "returncode": proc.returncode,
            "stderr": b"".join(err_chunks).decode("utf-8", "replace"), "max_rss_kb": usage.get("max_rss_kb"),
            "user_s": usage.get("user_s"), "sys_s": usage.get("sys_s"), "tree_peak_rss_kb": peak[0] or None}


class LoadWatch:
    """Samples the 1-minute load average every 2 s, so a phase can say whether other processes competed."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                self.samples.append((time.perf_counter(), os.getloadavg()[0]))
            except OSError:
                return
            if self._stop.wait(2.0):
                return

    def max_since(self, t0: float) -> float | None:
        vals = [v for t, v in self.samples if t >= t0]
        try:
            vals.append(os.getloadavg()[0])
        except OSError:
            pass
        return max(vals) if vals else None

    def stop(self) -> None:
        self._stop.set()


_SUMMARY = re.compile(r"vnextract: (\d+) facts from (\d+) documents")


def cli_extract(corpus: Path, chars: int, workers: int, out_csv: Path, poll_tree: bool = False,
                keep: bool = False) -> dict:
    """One ``vnextract extract`` run in a subprocess; the output is hashed, then deleted unless ``keep``."""
    out_csv.parent.mkdir(parents=True, exist_ok=True)
    r = run_measured(_vnextract() + ["extract", str(corpus), "-o", str(out_csv), "-j", str(workers)], poll_tree)
    m = _SUMMARY.search(r["stderr"])
    if r["returncode"] != 0 or not m:
        print(f"bench: CLI run failed (exit {r['returncode']}):\n{r['stderr'][-2000:]}", file=sys.stderr)
    facts, ndocs = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    r.pop("stderr")
    if out_csv.exists():
        h = hashlib.sha256()
        with out_csv.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        r["output_bytes"], r["output_sha256"] = out_csv.stat().st_size, h.hexdigest()
        if not keep:
            out_csv.unlink()
    r.update(workers=workers, facts=facts, documents=ndocs, chars=chars,
             chars_per_s=chars / r["seconds"], facts_per_s=facts / r["seconds"],
             cpu_per_wall=((r["user_s"] or 0) + (r["sys_s"] or 0)) / r["seconds"])
    return r


# ---------------------------------------------------------------------------------------------
# batch at archive scale (behind flags: --archive-mb, --big-doc MB, --dask)
# ---------------------------------------------------------------------------------------------

def measure_archive(mb: float, seed: int, workers: int, keep: bool = False) -> dict:
    """A folder corpus of ``mb`` MB through the CLI with -j 1 and -j ``workers``: the ratio, same bytes."""
    p, _, _ = ensure_corpus(int(mb * MB), seed)
    c = sum(len(t) for _, t in read_corpus(p))
    one = cli_extract(p, c, 1, ROOT / "out" / "bench" / f"archive-{mb:g}-j1.csv", poll_tree=True, keep=keep)
    many = cli_extract(p, c, workers, ROOT / "out" / "bench" / f"archive-{mb:g}-j{workers}.csv", poll_tree=True,
                       keep=keep)
    return {"mb": mb, "j1": one, "jn": many, "ratio": many["chars_per_s"] / one["chars_per_s"],
            "identical": one.get("output_sha256") == many.get("output_sha256")}


def measure_big_doc(mb: float, seed: int) -> dict:
    """One document of ``mb`` MB (the corpus's documents one after another) through the CLI, -j 1:
    time and peak memory (largest process, and the whole process tree sampled from /proc)."""
    src, _, _ = ensure_corpus(20 * MB, seed)
    big = CACHE / f"big-{mb:g}mb-seed{seed}.txt"
    if not big.exists() or big.stat().st_size < mb * MB:
        texts = [t for _, t in read_corpus(src)]
        with open(big.with_suffix(".tmp"), "w", encoding="utf-8", newline="") as fh:
            n, k = 0, 0
            while n < mb * MB:
                fh.write(texts[k % len(texts)] + "\n\n")
                n += len(texts[k % len(texts)].encode()) + 2
                k += 1
        big.with_suffix(".tmp").rename(big)
    chars = len(big.read_text(encoding="utf-8"))
    r = cli_extract(big, chars, 1, ROOT / "out" / "bench" / "big-doc.csv", poll_tree=True)
    r["mb"] = mb
    return r


def measure_dask(corpus: Path, chars: int, workers: int) -> dict:
    """The Dask engine (LocalCluster of ``workers`` processes) against the local engine, both to Parquet:
    times, the overhead, and whether the rows are equal."""
    import pandas as pd  # noqa: PLC0415

    out = ROOT / "out" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    local_out, dask_out = out / "local.parquet", out / "dask.parquet"
    local = run_measured(_vnextract() + ["extract", str(corpus), "-o", str(local_out), "-j", str(workers)], True)
    dsk = run_measured(_vnextract() + ["extract", str(corpus), "-o", str(dask_out), "-j", str(workers),
                                       "--engine", "dask"], True)
    same = False
    if local_out.exists() and dask_out.exists():
        a, b = pd.read_parquet(local_out), pd.read_parquet(dask_out)
        same = len(a) == len(b) and a.reset_index(drop=True).equals(b.reset_index(drop=True))
    import shutil  # noqa: PLC0415

    for p in (local_out, dask_out):
        shutil.rmtree(p) if p.is_dir() else p.unlink(missing_ok=True)
    for r in (local, dsk):
        r.pop("stderr", None)
        r["chars_per_s"] = chars / r["seconds"]
    return {"workers": workers, "local": local, "dask": dsk, "overhead": dsk["seconds"] / local["seconds"],
            "same_rows": same}


def measure_startup(repeat: int = 5) -> dict:
    def timed(cmd):
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=ROOT)
            times.append(time.perf_counter() - t0)
        return {"median_s": statistics.median(times), "min_s": min(times)}

    heavy = ("underthesea", "pandas", "numpy", "pyarrow", "regex", "extractor.pipeline")
    probe = ("import sys, json, {mod}; print(json.dumps([m for m in {heavy!r} if m in sys.modules]))")

    def loaded(mod):
        out = subprocess.run([_python(), "-c", probe.format(mod=mod, heavy=heavy)], capture_output=True,
                             text=True, check=True, cwd=ROOT).stdout
        return json.loads(out)

    return {
        "python_bare": timed([_python(), "-c", "pass"]),
        "import_extractor": timed([_python(), "-c", "import extractor"]),
        "import_extractor_pipeline": timed([_python(), "-c", "import extractor.pipeline"]),
        "vnextract_help": timed(_vnextract() + ["--help"]),
        "modules_after_import_extractor": loaded("extractor"),
        "modules_after_import_extractor_pipeline": loaded("extractor.pipeline"),
        "repeat": repeat,
    }


def warm_up() -> float:
    """Import the pipeline and load underthesea's models (tagger and word segmenter) outside the timings;
    clear the tagger's window cache so the corpus starts cold.  Returns the seconds it took."""
    t0 = time.perf_counter()
    from underthesea import pos_tag, word_tokenize  # noqa: PLC0415

    from extractor.pipeline import extract_document  # noqa: PLC0415

    pos_tag(WARMUP_TEXT)
    word_tokenize(WARMUP_TEXT)
    extract_document(WARMUP_TEXT, "warmup", tagging="selective")
    secs = time.perf_counter() - t0
    try:
        from extractor import nlp  # noqa: PLC0415

        nlp._window.cache_clear()
    except (ImportError, AttributeError):
        pass
    return secs


def window_cache_info() -> tuple[int | None, int | None]:
    """(windows tagged, cache hits) of the selective tagger, if it still keeps that cache."""
    try:
        from extractor import nlp  # noqa: PLC0415

        ci = nlp._window.cache_info()
        return ci.misses, ci.hits
    except (ImportError, AttributeError):
        return None, None


def measure_in_process(docs, sample) -> dict:
    """Extraction (selective, full) and the two baselines, all in this process, warm."""
    import regex  # noqa: PLC0415

    from extractor.pipeline import extract_document  # noqa: PLC0415

    res: dict = {}
    res["warmup_first_call_s"] = warm_up()

    per_doc: dict[str, float] = {}
    n_facts = 0
    t0 = time.perf_counter()
    for name, text in docs:
        t = time.perf_counter()
        n_facts += len(extract_document(text, doc_id=name, tagging="selective").facts)
        per_doc[name] = time.perf_counter() - t
    total = time.perf_counter() - t0
    chars = sum(len(t) for _, t in docs)
    ci = window_cache_info()
    lengths = {n: len(t) for n, t in docs}
    slowest = max(per_doc, key=lambda n: per_doc[n] / max(1, lengths[n]))
    res["selective"] = {"seconds": total, "chars": chars, "facts": n_facts, "chars_per_s": chars / total,
                        "facts_per_s": n_facts / total, "tagger_windows_tagged": ci[0],
                        "tagger_window_cache_hits": ci[1],
                        "slowest_doc_chars_per_s": lengths[slowest] / per_doc[slowest], "slowest_doc": slowest,
                        "fastest_doc_chars_per_s": max(lengths[n] / per_doc[n] for n in per_doc)}
    s_chars = sum(len(t) for _, t in sample)
    s_secs = sum(per_doc[n] for n, _ in sample)
    res["selective_on_sample"] = {"seconds": s_secs, "chars": s_chars, "chars_per_s": s_chars / s_secs}

    # baseline 1: a bare regex scan over the same (whole) text
    pat = regex.compile(r"\d+(?:[.,]\d+)*")
    t0 = time.perf_counter()
    n = 0
    for _, text in docs:
        for _m in pat.finditer(text):
            n += 1
    secs = time.perf_counter() - t0
    res["regex_scan"] = {"seconds": secs, "chars": chars, "matches": n, "chars_per_s": chars / secs}

    # baseline 2: underthesea word_tokenize over the fixed sample (warm: model loaded above)
    from underthesea import word_tokenize  # noqa: PLC0415

    t0 = time.perf_counter()
    n = 0
    for _, text in sample:
        n += len(word_tokenize(text))
    secs = time.perf_counter() - t0
    res["word_tokenize"] = {"seconds": secs, "chars": s_chars, "words": n, "chars_per_s": s_chars / secs,
                            "documents": len(sample), "whole_corpus": len(sample) == len(docs)}

    # the headline ratio: extraction and word_tokenize alternating document by document over the
    # sample, twice, keeping each document's faster time, so that both see the same machine state
    # (this VM's speed drifts by tens of per cent over minutes)
    best_wt: dict[str, float] = {}
    best_ex: dict[str, float] = {}
    for _round in range(2):
        for name, text in sample:
            t = time.perf_counter()
            word_tokenize(text)
            best_wt[name] = min(best_wt.get(name, 1e9), time.perf_counter() - t)
            t = time.perf_counter()
            extract_document(text, doc_id=name, tagging="selective")
            best_ex[name] = min(best_ex.get(name, 1e9), time.perf_counter() - t)
    wt_s, ex_s = sum(best_wt.values()), sum(best_ex.values())
    res["paired"] = {"chars": s_chars, "word_tokenize_chars_per_s": s_chars / wt_s,
                     "extraction_chars_per_s": s_chars / ex_s, "ratio": wt_s / ex_s, "rounds": 2}

    # the plain path: every sentence tagged with the CRF
    t0 = time.perf_counter()
    n = 0
    for name, text in sample:
        n += len(extract_document(text, doc_id=name, tagging="full").facts)
    secs = time.perf_counter() - t0
    res["full"] = {"seconds": secs, "chars": s_chars, "facts": n, "chars_per_s": s_chars / secs,
                   "facts_per_s": n / secs, "documents": len(sample)}
    return res


def profile_extraction(docs, size_bytes: int, top: int = 15) -> str:
    import cProfile  # noqa: PLC0415
    import io  # noqa: PLC0415
    import pstats  # noqa: PLC0415

    from extractor.pipeline import extract_document  # noqa: PLC0415

    warm_up()
    part = sample_of(docs, size_bytes)
    prof = cProfile.Profile()
    prof.enable()
    for name, text in part:
        extract_document(text, doc_id=name)
    prof.disable()
    buf = io.StringIO()
    chars = sum(len(t) for _, t in part)
    buf.write(f"cProfile of extract_document (selective) over {len(part)} documents, {chars:,} chars\n")
    for key in ("cumulative", "tottime"):
        buf.write(f"\n--- top {top} by {key} ---\n")
        pstats.Stats(prof, stream=buf).sort_stats(key).print_stats(top)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------------------------

def code_fingerprint() -> str:
    """A hash of extractor/ and patterns/: the code being measured (others may edit it meanwhile)."""
    h = hashlib.sha256()
    for p in sorted(list((ROOT / "extractor").rglob("*.py")) + list((ROOT / "patterns").glob("*.toml"))):
        h.update(str(p.relative_to(ROOT)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:12]


def git_state() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "extractor", "patterns"], capture_output=True,
                               text=True, cwd=ROOT, check=True).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _rate(x: float) -> str:
    return f"{x:,.0f}"


def _load(x) -> str:
    return "?" if x is None else f"{x:.2f}"


def _mb(kb) -> str:
    return "-" if not kb else f"{kb / 1024:,.0f} MiB"


def print_table(rows: list[tuple[str, str, str]]) -> None:
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    for label, value, note in rows:
        if not value and not note:
            print(f"\n{label}")
            print("-" * (w0 + w1 + 4))
            continue
        print(f"  {label.ljust(w0)}  {value.rjust(w1)}  {note}")


def batch_rows(report: dict) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    if "archive" in report:
        a = report["archive"]
        one, many = a["j1"], a["jn"]
        rows += [
            (f"archive-scale folder ({a['mb']:g} MB, {one['documents']:,} documents)", "", ""),
            ("-j 1: seconds", f"{one['seconds']:.1f}", f"{_rate(one['chars_per_s'])} chars/s, "
                                                        f"tree peak {_mb(one['tree_peak_rss_kb'])}"),
            (f"-j {many['workers']}: seconds", f"{many['seconds']:.1f}",
             f"{_rate(many['chars_per_s'])} chars/s, tree peak {_mb(many['tree_peak_rss_kb'])}"),
            (f"-j {many['workers']} / -j 1", f"{a['ratio']:.2f}",
             f"output {'identical' if a['identical'] else 'DIFFERENT'}; "
             f"max load average {_load(a.get('max_load_average'))}"),
        ]
    if "big_doc" in report:
        b = report["big_doc"]
        rows += [
            (f"one {b['mb']:g} MB document, -j 1", "", ""),
            ("seconds", f"{b['seconds']:.1f}", f"{_rate(b['chars_per_s'])} chars/s, {b['facts']:,} facts"),
            ("peak memory, whole process tree", _mb(b["tree_peak_rss_kb"]),
             f"parent, fork server and worker, sampled from /proc every 0.2 s; "
             f"max load average {_load(b.get('max_load_average'))}"),
        ]
    if "dask" in report:
        d = report["dask"]
        rows += [
            (f"Dask LocalCluster vs local engine, -j {d['workers']}, Parquet", "", ""),
            ("local: seconds", f"{d['local']['seconds']:.1f}", f"{_rate(d['local']['chars_per_s'])} chars/s"),
            ("dask: seconds", f"{d['dask']['seconds']:.1f}", f"{_rate(d['dask']['chars_per_s'])} chars/s"),
            ("dask / local (time)", f"{d['overhead']:.2f}",
             f"rows {'equal' if d['same_rows'] else 'DIFFERENT'}; max load average {_load(d.get('max_load_average'))}"),
        ]
    return rows


def batch_only(args, report: dict, path: Path, chars: int, log) -> int:
    """The batch steps alone (``--batch-only``): figures printed and written to --json."""
    watch = LoadWatch()
    for key, flag, run in (
            ("archive", args.archive_mb, lambda: measure_archive(args.archive_mb, args.seed, args.workers,
                                                                 keep=args.keep_outputs)),
            ("big_doc", args.big_doc, lambda: measure_big_doc(args.big_doc, args.seed)),
            ("dask", args.dask, lambda: measure_dask(path, chars, args.workers))):
        if flag:
            log(f"batch step: {key}")
            t_phase = time.perf_counter()
            report[key] = run()
            report[key]["max_load_average"] = watch.max_since(t_phase)
    watch.stop()
    print()
    print_table(batch_rows(report))
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nwrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=20, help="corpus size in MB of UTF-8 (default 20)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sample-mb", type=float, default=1.0,
                    help="fixed sample (first documents) for word_tokenize and tagging='full' (default 1)")
    ap.add_argument("--workers", type=int, default=2, help="workers of the parallel CLI run (default 2)")
    ap.add_argument("--scaling", action="store_true", help="also run the CLI on --scaling-sizes corpora")
    ap.add_argument("--scaling-sizes", default="2,20,200", help="MB sizes for --scaling (default 2,20,200)")
    ap.add_argument("--profile", type=float, nargs="?", const=2.0, default=None, metavar="MB",
                    help="also cProfile the extraction over MB of the corpus (default 2) and print the top 15")
    ap.add_argument("--no-cli", action="store_true", help="skip the CLI subprocess runs")
    ap.add_argument("--keep-outputs", action="store_true",
                    help="keep the CLI's CSV files in out/bench/ (by default hashed, then deleted: "
                         "about 6 bytes per input byte)")
    ap.add_argument("--archive-mb", type=float, metavar="MB",
                    help="also a folder corpus of MB (200 for the archive figure) with -j 1 and -j --workers")
    ap.add_argument("--big-doc", type=float, metavar="MB",
                    help="also one document of MB (50 for the flat-memory figure): time and peak memory")
    ap.add_argument("--dask", action="store_true",
                    help="also the Dask engine on a LocalCluster against the local engine (-j --workers, Parquet)")
    ap.add_argument("--batch-only", action="store_true",
                    help="run only the batch steps asked for (--archive-mb, --big-doc, --dask), on the --mb corpus")
    ap.add_argument("--json", default=str(ROOT / "out" / "bench.json"), help="where to write the figures")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))

    size = int(args.mb * MB)
    report: dict = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "mb": args.mb, "seed": args.seed,
                    "started": time.strftime("%Y-%m-%d %H:%M:%S"), "git": git_state(),
                    "code_fingerprint": code_fingerprint()}
    log = lambda msg: print(f"[bench] {msg}", file=sys.stderr, flush=True)  # noqa: E731

    path, reused, build_s = ensure_corpus(size, args.seed)
    docs = read_corpus(path)
    chars = sum(len(t) for _, t in docs)
    nbytes = sum(len(t.encode()) for _, t in docs)
    sizes = [len(t.encode()) for _, t in docs]
    report["corpus"] = {"path": str(path.relative_to(ROOT)), "reused": reused, "build_s": build_s,
                        "documents": len(docs), "bytes": nbytes, "chars": chars,
                        "doc_bytes_min": min(sizes), "doc_bytes_max": max(sizes)}
    how = "reused" if reused else f"built in {build_s:.1f}s"
    log(f"corpus {path.name}: {len(docs)} documents, {nbytes:,} bytes ({how})")

    if args.batch_only:
        return batch_only(args, report, path, chars, log)
    sample = sample_of(docs, int(args.sample_mb * MB))  # word_tokenize and tagging="full" run on it

    watch = LoadWatch()
    phase_load: dict[str, float | None] = {}
    log("start-up")
    report["startup"] = measure_startup()
    log("in-process extraction and baselines")
    t_phase = time.perf_counter()
    report["in_process"] = measure_in_process(docs, sample)
    phase_load["in_process"] = watch.max_since(t_phase)
    ip = report["in_process"]

    if not args.no_cli:
        outdir = ROOT / "out" / "bench"
        log("CLI, 1 worker")
        t_phase = time.perf_counter()
        report["cli_1"] = cli_extract(path, chars, 1, outdir / "cli-j1.csv", poll_tree=True, keep=args.keep_outputs)
        phase_load["cli_1"] = watch.max_since(t_phase)
        log(f"CLI, {args.workers} workers")
        t_phase = time.perf_counter()
        report["cli_n"] = cli_extract(path, chars, args.workers, outdir / f"cli-j{args.workers}.csv", poll_tree=True,
                                      keep=args.keep_outputs)
        phase_load["cli_n"] = watch.max_since(t_phase)
    if args.scaling:
        report["scaling"] = []
        for mb in [float(x) for x in args.scaling_sizes.split(",")]:
            p, reused_s, b = ensure_corpus(int(mb * MB), args.seed)
            c = sum(len(t) for _, t in read_corpus(p))
            log(f"scaling {mb:g} MB ({'reused' if reused_s else f'built in {b:.1f}s'})")
            t_phase = time.perf_counter()
            r = cli_extract(p, c, 1, ROOT / "out" / "bench" / f"scaling-{mb:g}mb.csv", keep=args.keep_outputs)
            r["max_load_average"] = watch.max_since(t_phase)
            r["mb"] = mb
            report["scaling"].append(r)
    if args.archive_mb:
        log(f"archive-scale folder, {args.archive_mb:g} MB, -j 1 and -j {args.workers}")
        t_phase = time.perf_counter()
        report["archive"] = measure_archive(args.archive_mb, args.seed, args.workers, keep=args.keep_outputs)
        report["archive"]["max_load_average"] = watch.max_since(t_phase)
    if args.big_doc:
        log(f"one document of {args.big_doc:g} MB")
        t_phase = time.perf_counter()
        report["big_doc"] = measure_big_doc(args.big_doc, args.seed)
        report["big_doc"]["max_load_average"] = watch.max_since(t_phase)
    if args.dask:
        log(f"Dask LocalCluster against the local engine, -j {args.workers}")
        t_phase = time.perf_counter()
        report["dask"] = measure_dask(path, chars, args.workers)
        report["dask"]["max_load_average"] = watch.max_since(t_phase)
    if args.profile:
        log(f"cProfile over {args.profile:g} MB")
        report["profile"] = profile_extraction(docs, int(args.profile * MB))

    watch.stop()
    report["max_load_average"] = phase_load
    report["code_fingerprint_end"] = code_fingerprint()
    # ---- the table
    sel, wt, rx, full = ip["selective"], ip["word_tokenize"], ip["regex_scan"], ip["full"]
    c = report["corpus"]
    rows = [
        (f"corpus ({args.mb:g} MB, seed {args.seed}; code {report['git']}, {os.cpu_count()} CPUs)", "", ""),
        ("documents", f"{c['documents']:,}",
         f"{c['doc_bytes_min'] / 1000:.0f}-{c['doc_bytes_max'] / 1000:.0f} KB each"),
        ("size", f"{c['bytes']:,}", f"bytes; {c['chars']:,} chars"),
        ("source", "reused" if reused else f"built {build_s:.1f} s", c["path"]),
        ("in-process, one worker (warm)", "", ""),
        ("extraction selective: chars/s", _rate(sel["chars_per_s"]), f"{sel['seconds']:.1f} s over the whole corpus"),
        ("extraction selective: facts/s", _rate(sel["facts_per_s"]), f"{sel['facts']:,} facts"),
        ("  tagger windows tagged / cached", f"{sel['tagger_windows_tagged'] or 0:,}",
         f"{sel['tagger_window_cache_hits'] or 0:,} cache hits (CRF calls of the selective path)"),
        ("  slowest / fastest document: chars/s", _rate(sel["slowest_doc_chars_per_s"]),
         f"{sel['slowest_doc']}; fastest {_rate(sel['fastest_doc_chars_per_s'])}"),
        ("  warm-up (imports, loads underthesea)", f"{ip['warmup_first_call_s']:.2f} s", "not counted above"),
        ("  max load average meanwhile", _load(phase_load.get("in_process")), "this process alone: ~1"),
        ("regex scan: chars/s", _rate(rx["chars_per_s"]), f"{rx['matches']:,} matches, whole corpus"),
        ("extraction / regex", f"{sel['chars_per_s'] / rx['chars_per_s']:.4f}",
         f"regex is {rx['chars_per_s'] / sel['chars_per_s']:,.0f}x faster"),
        ("word_tokenize: chars/s", _rate(wt["chars_per_s"]),
         "whole corpus" if wt["whole_corpus"] else
         f"fixed sample: first {wt['documents']} documents, {wt['chars']:,} chars (whole corpus too slow)"),
        ("  extraction on that sample: chars/s", _rate(ip["selective_on_sample"]["chars_per_s"]), ""),
        ("extraction / word_tokenize (paired)", f"{ip['paired']['ratio']:.2f}",
         f"alternating per document, best of 2: {_rate(ip['paired']['extraction_chars_per_s'])} vs "
         f"{_rate(ip['paired']['word_tokenize_chars_per_s'])} chars/s"),
        ("extraction / word_tokenize (sequential)", f"{ip['selective_on_sample']['chars_per_s'] / wt['chars_per_s']:.2f}",
         "same sample"),
        ("extraction full tagging: chars/s", _rate(full["chars_per_s"]),
         f"{full['chars']:,} chars sample, {full['facts']:,} facts, {full['seconds']:.1f} s"),
        ("  full: facts/s", _rate(full["facts_per_s"]), ""),
        ("  selective / full (same sample)", f"{ip['selective_on_sample']['chars_per_s'] / full['chars_per_s']:.2f}",
         ""),
        ("  full / word_tokenize", f"{full['chars_per_s'] / wt['chars_per_s']:.2f}", ""),
    ]
    if "cli_1" in report:
        c1, cn = report["cli_1"], report["cli_n"]
        rows += [
            ("batch CLI (vnextract extract DIR -o OUT.csv), subprocess", "", ""),
            ("-j 1: seconds", f"{c1['seconds']:.1f}",
             f"{c1['facts']:,} facts, {c1['documents']:,} documents, exit {c1['returncode']}"),
            ("-j 1: chars/s", _rate(c1["chars_per_s"]),
             f"facts/s {_rate(c1['facts_per_s'])}; includes start-up, reading, CSV"),
            ("-j 1: output", f"{(c1.get('output_bytes') or 0) / MB:,.0f} MB", "CSV"),
            ("-j 1: peak memory (process tree)", _mb(c1["tree_peak_rss_kb"]),
             f"for the {c['bytes'] / MB:.3g} MB corpus: parent, fork server and worker (sampled /proc)"),
            ("-j 1: CPU / wall", f"{c1['cpu_per_wall']:.2f}",
             f"max load average meanwhile {_load(phase_load.get('cli_1'))} (alone: ~1)"),
            (f"-j {cn['workers']}: seconds", f"{cn['seconds']:.1f}",
             f"{cn['facts']:,} facts; output "
             f"{'identical to' if cn.get('output_sha256') == c1.get('output_sha256') else 'DIFFERENT from'}"
             f" -j 1; exit {cn['returncode']}"),
            (f"-j {cn['workers']}: chars/s", _rate(cn["chars_per_s"]), f"facts/s {_rate(cn['facts_per_s'])}"),
            (f"-j {cn['workers']} / -j 1", f"{cn['chars_per_s'] / c1['chars_per_s']:.2f}", f"on {os.cpu_count()} CPUs"),
            (f"-j {cn['workers']}: CPU / wall", f"{cn['cpu_per_wall']:.2f}",
             f"max load average meanwhile {_load(phase_load.get('cli_n'))} "
             f"(alone: ~{min(cn['workers'], os.cpu_count() or 1)})"),
            (f"-j {cn['workers']}: peak memory", _mb(cn["max_rss_kb"]),
             f"largest single process; whole tree peak {_mb(cn['tree_peak_rss_kb'])} (sampled /proc)"),
        ]
    st = report["startup"]
    rows += [
        (f"start-up (median of {st['repeat']} subprocess runs)", "", ""),
        ("python -c pass", f"{st['python_bare']['median_s']:.3f} s", "reference"),
        ("python -c 'import extractor'", f"{st['import_extractor']['median_s']:.3f} s",
         "loaded: " + (", ".join(st["modules_after_import_extractor"]) or "no underthesea, no pandas")),
        ("python -c 'import extractor.pipeline'", f"{st['import_extractor_pipeline']['median_s']:.3f} s",
         "loaded: " + (", ".join(st["modules_after_import_extractor_pipeline"]) or "none of the heavy ones")),
        ("vnextract --help", f"{st['vnextract_help']['median_s']:.3f} s", ""),
    ]
    if "scaling" in report:
        rows.append(("linear scaling (CLI, 1 worker)", "", ""))
        base = report["scaling"][0]["chars_per_s"]
        for r in report["scaling"]:
            rows.append((f"{r['mb']:g} MB: seconds", f"{r['seconds']:.1f}",
                         f"{_rate(r['chars_per_s'])} chars/s ({r['chars_per_s'] / base:.2f} of smallest), "
                         f"max RSS {_mb(r['max_rss_kb'])}, {r['facts']:,} facts"))
    rows += batch_rows(report)
    print()
    print_table(rows)
    if "cli_n" in report:
        cn = report["cli_n"]
        expected = min(cn["workers"], os.cpu_count() or 1)
        if cn["cpu_per_wall"] < 0.8 * expected:
            print(f"\nWARNING: the -j {cn['workers']} run kept only {cn['cpu_per_wall']:.2f} CPUs busy of {expected}: "
                  "other processes competed for the CPUs (or the corpus is too small to keep the workers busy), "
                  "so its speed-up is understated")
    if report["code_fingerprint_end"] != report["code_fingerprint"]:
        print("\nWARNING: extractor/ or patterns/ changed during the run; the figures may mix two versions")
    if "profile" in report:
        print()
        print(report["profile"])
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nwrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
