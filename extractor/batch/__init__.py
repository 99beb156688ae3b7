"""Batch extraction: many files → one table, in input order, failures recorded and skipped.

With ``workers > 1`` documents are read and extracted in a process pool (each worker loads its
own models; underthesea's cannot be pickled); results are written in input order as they come.
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from ..export import CsvWriter, JsonlWriter, to_frame
from ..readers import ReadError, discover, read_text


def _render(facts, path: str, fmt: str) -> str:
    buf = io.StringIO()
    writer = CsvWriter(buf, header=False) if fmt == "csv" else JsonlWriter(buf)
    writer.write(facts, path)
    return buf.getvalue()


def _work(item: tuple[str, str, str]):
    """Read and extract one file; CSV and JSONL come back already written (cheap to send between
    processes), Parquet as facts. Returns (path, output, number of facts, error)."""
    path, tagging, fmt = item
    from ..pipeline import extract_document  # noqa: PLC0415

    try:
        text = read_text(path)
    except ReadError as exc:
        return path, None, 0, exc.reason
    try:
        doc = extract_document(text, doc_id=path, tagging=tagging)
    except Exception as exc:  # one bad document must not stop a batch of thousands
        return path, None, 0, f"extraction failed: {exc.__class__.__name__}: {exc}"
    out = doc.facts if fmt == "parquet" else _render(doc.facts, path, fmt)
    return path, out, len(doc.facts), ""


def _results(paths: list[str], tagging: str, workers: int, fmt: str):
    items = [(p, tagging, fmt) for p in paths]
    if workers <= 1:
        yield from map(_work, items)
        return
    import multiprocessing as mp  # noqa: PLC0415

    with mp.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_work, items, chunksize=4)


class ParquetStream:
    """Parquet written a document at a time, so memory stays flat whatever the corpus size."""

    def __init__(self, path: str):
        import pyarrow as pa  # noqa: PLC0415
        import pyarrow.parquet as pq  # noqa: PLC0415

        from ..export import COLUMNS  # noqa: PLC0415

        types = {"value": pa.float64(), "value_max": pa.float64(), "start": pa.int64(), "end": pa.int64(),
                 "repaired": pa.bool_(), "table": pa.int64(), "row": pa.int64(), "column": pa.int64(),
                 "ocr_confidence": pa.float64(), "low_confidence": pa.bool_()}
        self.schema = pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.pa = pa
        self.writer = pq.ParquetWriter(path, self.schema)

    def write(self, frame) -> None:
        if len(frame):
            self.writer.write_table(self.pa.Table.from_pandas(frame, schema=self.schema, preserve_index=False))

    def close(self) -> None:
        self.writer.close()


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
    parquet = ParquetStream(args.output) if fmt == "parquet" else None
    try:
        if fmt != "parquet" and out is None:
            Path(args.output).parent.mkdir(parents=True, exist_ok=True)
            out = open(args.output, "w", encoding="utf-8-sig" if args.excel else "utf-8", newline="")
        elif args.excel and out is sys.stdout and fmt == "csv":
            out.write("\ufeff")
        if fmt == "csv":
            CsvWriter(out)  # the header; rows come rendered by the workers
        for path, output, count, error in _results(paths, args.tagging, args.workers, fmt):
            if output is None:
                failures.append((path, error))
                print(f"vnextract: error: {path}: {error}", file=sys.stderr)
                continue
            n_docs += 1
            n_facts += count
            if fmt == "parquet":
                parquet.write(to_frame(output, doc_id=path))
            else:
                out.write(output)
    finally:
        if out is not None and out is not sys.stdout:
            out.close()
        if parquet is not None:
            parquet.close()
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
