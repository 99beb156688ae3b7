"""Throughput of table documents, by format: reading (pdfplumber, python-docx, lxml, calamine) and
extracting (prose + table reader) timed apart, against the prose extractor on the same text.

    python benchmarks/bench_tables.py [--copies N] [--json out/bench-tables.json]

The documents are the table corpus (tests/tables/, real published tables) rendered by its fixture builder
(tests/tablefix.py) into HTML, DOCX, ruled PDF and XLSX. Each figure is the median of --repeat rounds; the
ratio "read / extract" says where the time of a table document goes (for PDF: pdfplumber).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractor.pipeline import extract_document, extract_source  # noqa: E402
from extractor.readers import read  # noqa: E402
from tests import tablefix  # noqa: E402


def _pages(path: Path) -> int:
    if path.suffix != ".pdf":
        return 0
    import pypdf  # noqa: PLC0415

    return len(pypdf.PdfReader(str(path)).pages)


def measure(files: list[Path], repeat: int) -> dict:
    reads, extracts, proses = [], [], []
    chars = facts = 0
    for _ in range(repeat):
        t_read = t_extract = t_prose = 0.0
        chars = facts = 0
        for f in files:
            t0 = time.perf_counter()
            src = read(f)
            t1 = time.perf_counter()
            doc = extract_source(src, doc_id=f.name)
            t2 = time.perf_counter()
            extract_document(src.text)
            t3 = time.perf_counter()
            t_read += t1 - t0
            t_extract += t2 - t1
            t_prose += t3 - t2
            chars += len(src.text)
            facts += len(doc.facts)
        reads.append(t_read)
        extracts.append(t_extract)
        proses.append(t_prose)
    r, e, p = statistics.median(reads), statistics.median(extracts), statistics.median(proses)
    pages = sum(_pages(f) for f in files)
    return {"documents": len(files), "characters": chars, "facts": facts, "read_s": r, "extract_s": e,
            "prose_only_s": p, "ms_per_document": 1000 * (r + e) / len(files),
            "read_ms_per_page": 1000 * r / pages if pages else None,
            "chars_per_s": chars / (r + e), "facts_per_s": facts / (r + e),
            "extract_vs_prose": e / p if p else None}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=3, help="copies of each corpus table per format")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", default=str(ROOT / "out" / "bench-tables.json"))
    a = ap.parse_args(argv)
    specs = [s for s in tablefix.corpus() if not s.negative]
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in tablefix.FORMATS:
            folder = Path(tmp) / fmt
            folder.mkdir()
            files = []
            for k in range(a.copies):
                sub = folder / str(k)
                sub.mkdir()
                files += [tablefix.build(s, fmt, sub) for s in specs]
            warm = read(files[0])  # lexicons, imports and the tagger's model load outside the timing
            extract_source(warm)
            extract_document(warm.text)
            out[fmt] = measure(files, a.repeat)
    print(f"{'format':7} {'docs':>5} {'chars':>8} {'facts':>6} {'ms/doc':>8} {'read ms/page':>12} "
          f"{'read s':>7} {'extract s':>9} {'chars/s':>9} {'extract/prose':>13}")
    for fmt, m in out.items():
        page = f"{m['read_ms_per_page']:.1f}" if m["read_ms_per_page"] else "-"
        print(f"{fmt:7} {m['documents']:5d} {m['characters']:8d} {m['facts']:6d} {m['ms_per_document']:8.1f} "
              f"{page:>12} {m['read_s']:7.2f} {m['extract_s']:9.2f} {m['chars_per_s']:9.0f} "
              f"{m['extract_vs_prose']:13.2f}")
    Path(a.json).parent.mkdir(parents=True, exist_ok=True)
    Path(a.json).write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
