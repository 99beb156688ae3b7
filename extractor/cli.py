"""The ``vnextract`` command: extract, show, repair, eval.

Imports only the standard library at start; the pipeline, pandas and underthesea load when a
command needs them, so ``vnextract --help`` answers at once.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vnextract", description="Numeric facts from Vietnamese report text.")
    sub = p.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="extract the facts of files or folders into one table")
    ex.add_argument("paths", nargs="+", help="files or folders (.txt, .html, .docx, .pdf, …); - reads standard input")
    ex.add_argument("-o", "--output", default="-",
                    help="output file (.csv, .jsonl, .parquet, .xlsx) or - for stdout; with --engine dask a folder")
    ex.add_argument("--format", choices=("csv", "jsonl", "parquet", "xlsx"), help="output format (default: from -o)")
    ex.add_argument("--excel", action="store_true", help="CSV with a UTF-8 BOM, for spreadsheet programs")
    ex.add_argument("--errors", help="where to list inputs not read (CSV; default: OUTPUT.errors.csv)")
    ex.add_argument("--manifest", help="where to write the manifest (default: OUTPUT.manifest.csv; "
                                       "with -o - only when given)")
    ex.add_argument("-j", "--workers", type=_positive_int, default=0,
                    help="worker processes (default: the CPUs this process may use)")
    ex.add_argument("--timeout", type=_positive_float, default=120.0,
                    help="seconds a document may run without progress before it fails (default 120)")
    ex.add_argument("--max-memory", type=_positive_float, metavar="MB",
                    help="a worker growing past this resident memory fails its document (default: no cap)")
    ex.add_argument("--resume", action="store_true",
                    help="finish an interrupted run from its OUTPUT.parts folder (same inputs and options)")
    ex.add_argument("--quiet", action="store_true", help="no progress bar, no messages but errors of usage")
    ex.add_argument("--follow-links", action="store_true", help="also read symbolic links leading out of the input")
    ex.add_argument("--engine", choices=("local", "dask"), default="local",
                    help="local worker processes (default) or a Dask cluster")
    ex.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                    help="the Dask scheduler to use (default: a local cluster of -j workers)")
    ex.add_argument("--partition-size", type=_positive_int, default=50,
                    help="files per Dask task (default 50)")
    ex.add_argument("--no-ocr", action="store_true",
                    help="do not OCR scanned pages and pictures (they are noted in the manifest, not read)")
    ex.add_argument("--review", metavar="PAGE.html",
                    help="also write the review page of the inputs (reads them again for their text)")
    ex.add_argument("--tagging", choices=("selective", "full", "none"), default="selective",
                    help="when to run the POS tagger (default: only where the lexicons cannot decide)")

    sh = sub.add_parser("show", help="print the facts of one report as a table")
    sh.add_argument("path")
    sh.add_argument("--wide", action="store_true", help="also show metric and sentence")

    rv = sub.add_parser("review", help="write one self-contained HTML page with every fact highlighted in its text")
    rv.add_argument("paths", nargs="+", help="files or folders")
    rv.add_argument("-o", "--output", default="review.html", help="the page to write (default review.html)")
    rv.add_argument("--manifest", help="a batch's manifest CSV: its failed and skipped files go into the summary")

    rp = sub.add_parser("repair", help="print the OCR-repaired text of a file")
    rp.add_argument("path")
    rp.add_argument("--diff", action="store_true", help="list each edit with its offsets and rule instead")

    ev = sub.add_parser("eval", help="score the extractor on annotated JSONL files")
    ev.add_argument("paths", nargs="+")
    ev.add_argument("-v", "--verbose", action="store_true", help="list every miss, extra and attribute error")
    ev.add_argument("--tagging", choices=("selective", "full", "none"), default="selective")
    return p


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {text}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"extract": _extract, "show": _show, "repair": _repair, "eval": _eval,
                "review": _review}[args.command](args)
    except BrokenPipeError:
        return EXIT_OK


def _extract(args) -> int:
    from .batch import run_batch  # noqa: PLC0415

    status = run_batch(args)
    if args.review and status in (EXIT_OK, EXIT_SOME_FAILED):
        from .batch import manifest_path, outputs_of  # noqa: PLC0415
        from .review.build import write_review  # noqa: PLC0415

        manifest = manifest_path(args) if args.output != "-" or args.manifest else None
        write_review(args.paths, args.review, manifest if manifest and Path(manifest).exists() else None,
                     quiet=args.quiet, exclude=outputs_of(args), follow_links=args.follow_links,
                     ocr=not getattr(args, "no_ocr", False))
    return status


def _review(args) -> int:
    from .review.build import write_review  # noqa: PLC0415

    return write_review(args.paths, args.output, args.manifest)


def _source_or_fail(path: str):
    """The document of ``path`` (structure kept), or None with the reason on stderr."""
    from .readers import ReadError, read  # noqa: PLC0415

    try:
        return read(path)
    except ReadError as exc:
        print(f"vnextract: error: {exc}", file=sys.stderr)
        return None


def _read_or_fail(path: str) -> str | None:
    source = _source_or_fail(path)
    return None if source is None else source.text


def _show(args) -> int:
    from .pipeline import extract_source  # noqa: PLC0415

    source = _source_or_fail(args.path)
    if source is None:
        return EXIT_SOME_FAILED
    doc = extract_source(source, doc_id=Path(args.path).name)
    rows = []
    for f in doc.facts:
        value = "" if f.value is None else format(f.value, "f")
        if f.value_max is not None:
            value += "–" + format(f.value_max, "f")
        row = [f.kind, value or f.date, f.unit, f.qualifier, f.direction, f.basis, f.status, f.period,
               f"{f.start}-{f.end}", f.text.replace("\n", " ") + (" *" if f.repaired else "")]
        if args.wide:
            row.append(f.metric)
        rows.append(row)
    head = ["kind", "value", "unit", "qualifier", "direction", "basis", "status", "period", "span", "text"]
    if args.wide:
        head.append("metric")
    widths = [max(len(str(r[k])) for r in rows + [head]) for k in range(len(head))]
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    print(f"\n{len(doc.facts)} facts in {args.path}; {len(doc.edits)} repairs (* = read through a repair)")
    return EXIT_OK


def _repair(args) -> int:
    from .repair import repair  # noqa: PLC0415

    text = _read_or_fail(args.path)
    if text is None:
        return EXIT_SOME_FAILED
    repaired, offsets = repair(text)
    if not args.diff:
        sys.stdout.write(repaired)
        return EXIT_OK
    for e in offsets.edits:
        print(f"{e.start}-{e.end}\t{e.rule}\t{e.before!r} -> {e.after!r}")
    print(f"{len(offsets.edits)} edits", file=sys.stderr)
    return EXIT_OK


def _eval(args) -> int:
    from .evaluate import evaluate, report  # noqa: PLC0415
    from .pipeline import extract  # noqa: PLC0415

    score, notes = evaluate(args.paths, lambda t: extract(t, tagging=args.tagging), verbose=args.verbose)
    if notes:
        print("\n".join(notes))
        print()
    print(report(score))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
