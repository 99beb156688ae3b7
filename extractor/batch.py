"""Batch extraction: many files → one table, in input order, failures recorded and skipped.

With ``workers > 1`` documents are read and extracted in a process pool (each worker loads its
own models; underthesea's cannot be pickled); results are written in input order as they come.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

from .export import CsvWriter, JsonlWriter, to_frame
from .readers import ReadError, discover, read_text


def _work(item: tuple[str, str]):
    path, tagging = item
    from .pipeline import extract_document  # noqa: PLC0415

    try:
        text = read_text(path)
    except ReadError as exc:
        return path, None, exc.reason
    try:
        doc = extract_document(text, doc_id=path, tagging=tagging)
    except Exception as exc:  # one bad document must not stop a batch of thousands
        return path, None, f"extraction failed: {exc.__class__.__name__}: {exc}"
    return path, doc.facts, ""


def _results(paths: list[str], tagging: str, workers: int):
    items = [(p, tagging) for p in paths]
    if workers <= 1:
        yield from map(_work, items)
        return
    import multiprocessing as mp  # noqa: PLC0415

    with mp.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_work, items, chunksize=4)


def run_batch(args) -> int:
    paths = [str(p) for p in discover(args.paths)]
    fmt = args.format or (Path(args.output).suffix.lstrip(".") if args.output != "-" else "csv") or "csv"
    if fmt not in ("csv", "jsonl", "parquet"):
        print(f"vnextract: error: unknown output format {fmt!r} (use .csv, .jsonl or .parquet)", file=sys.stderr)
        return 2
    if fmt == "parquet" and args.output == "-":
        print("vnextract: error: parquet needs an output file", file=sys.stderr)
        return 2
    failures: list[tuple[str, str]] = []
    n_docs = n_facts = 0
    out = sys.stdout if args.output == "-" else None
    frames = []
    try:
        if fmt != "parquet" and out is None:
            Path(args.output).parent.mkdir(parents=True, exist_ok=True)
            out = open(args.output, "w", encoding="utf-8-sig" if args.excel else "utf-8", newline="")
        elif args.excel and out is sys.stdout and fmt == "csv":
            out.write("\ufeff")
        writer = None if fmt == "parquet" else (CsvWriter(out) if fmt == "csv" else JsonlWriter(out))
        for path, facts, error in _results(paths, args.tagging, args.workers):
            if facts is None:
                failures.append((path, error))
                print(f"vnextract: error: {path}: {error}", file=sys.stderr)
                continue
            n_docs += 1
            n_facts += len(facts)
            if writer is not None:
                writer.write(facts, path)
            else:
                frames.append(to_frame(facts, doc_id=path))
    finally:
        if out is not None and out is not sys.stdout:
            out.close()
    if fmt == "parquet":
        import pandas as pd  # noqa: PLC0415

        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        frame = pd.concat(frames, ignore_index=True) if frames else to_frame([])
        frame.to_parquet(args.output, index=False)
    if failures:
        err_path = args.errors or (f"{args.output}.errors.csv" if args.output != "-" else None)
        if err_path:
            with open(err_path, "w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh, lineterminator="\n")
                w.writerow(["path", "reason"])
                w.writerows(failures)
    where = args.output if args.output != "-" else "stdout"
    print(f"vnextract: {n_facts} facts from {n_docs} documents to {where}; {len(failures)} failed",
          file=sys.stderr)
    return 1 if failures else 0
