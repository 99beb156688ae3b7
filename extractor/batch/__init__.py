"""Batch extraction: many files → one table, in input order, every input accounted for.

- :mod:`.plan` finds the inputs (stable ids, links, special files, duplicates, skip reasons);
- :mod:`.work` reads and extracts one input into its own part (big documents in pieces, :mod:`.chunks`);
- :mod:`.local` runs that on a supervised pool of processes, :mod:`.dask` on a Dask cluster;
- :mod:`.sinks` joins the parts into the output (renamed into place: never half a table there);
- :mod:`.manifest` records what became of every input, and the journal a killed run resumes from;
- :mod:`.progress` shows it on a terminal.

:func:`run_batch` is the ``vnextract extract`` command; exit status 0 when every input was read, 1
when some failed (see the manifest), 2 for a usage or output error (a message, no traceback).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .manifest import Journal, Row, render, write_atomic
from .plan import STDIN, STDIN_ID, Item, plan
from .progress import Progress
from .sinks import FORMATS, OutputError, check_output, join, output_error, part_path, publish
from .work import Job

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
RUN_FILE, JOURNAL_FILE = "run.json", "journal.jsonl"
_DOUBLE_SUFFIXES = (".tar.gz", ".tar.bz2", ".tar.xz")


class UsageError(Exception):
    """Options that cannot work together: the batch stops before reading anything (exit 2)."""


def supported(name: str) -> str:
    """"" when a reader takes a file of this name, else the reason it does not."""
    from ..readers import SUFFIXES  # noqa: PLC0415

    low = name.lower()
    if low == "readme.md":
        return "README file (documentation, not a report)"
    if low.endswith(_DOUBLE_SUFFIXES):
        return ""
    suffix = os.path.splitext(low)[1]
    return "" if suffix in SUFFIXES else f"unsupported format {suffix}"


def output_format(args) -> str:
    if args.output != "-" and os.path.isdir(args.output) and getattr(args, "engine", "local") != "dask":
        raise OutputError(f"the output path {args.output} is a folder; name a file (out.csv, out.parquet, …)")
    if args.format:
        return args.format
    if args.output == "-":
        return "csv"
    suffix = Path(args.output).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UsageError(f"unknown output format {suffix or Path(args.output).name!r} "
                         "(use .csv, .jsonl, .parquet or .xlsx, or --format)")
    return suffix


def _fingerprint(items: list[Item], job: Job, engine: str) -> str:
    """What a resumed run must share with the run it resumes: inputs (with size and time) and options."""
    h = hashlib.sha256()
    h.update(json.dumps([job.fmt, job.tagging, job.excel, job.follow_links, job.ocr, engine]).encode())
    for i in items:
        h.update(json.dumps([i.path, i.doc_id, i.size, i.mtime_ns, i.skip]).encode())
    return h.hexdigest()


def _prepare_parts(parts: str, key: str, resume: bool, fmt: str, keep=None) -> dict[int, list[Row]]:
    """The side folder, fresh or (with ``resume``) as the interrupted run left it; the finished inputs.

    On resume, files the journal does not account for (parts of unfinished inputs, temporary files
    of killed workers) are removed; ``keep(name)`` overrides which names stay."""
    run_file = os.path.join(parts, RUN_FILE)
    if resume and os.path.exists(run_file):
        with open(run_file, encoding="utf-8") as fh:
            if json.load(fh).get("key") != key:
                raise UsageError(f"cannot resume: the inputs or options differ from the run that left {parts} "
                                 "(run without --resume to start again)")
        done = Journal(os.path.join(parts, JOURNAL_FILE)).load()
        if keep is None:
            names = {os.path.basename(part_path(parts, i, fmt)) for i in done} | {RUN_FILE, JOURNAL_FILE}
            keep = names.__contains__
        for name in os.listdir(parts):
            if not keep(name):
                p = os.path.join(parts, name)
                shutil.rmtree(p) if os.path.isdir(p) else os.unlink(p)
        return done
    if os.path.isdir(parts):
        shutil.rmtree(parts)
    os.makedirs(parts)
    write_atomic(run_file, json.dumps({"key": key}))
    return {}


def _spool_stdin(items: list[Item], parts: str) -> list[Item]:
    """Standard input copied to a file in the side folder, read from there like any file."""
    out = []
    for i in items:
        if i.path == STDIN and not i.skip:
            spool = os.path.join(parts, "stdin.txt")
            with open(spool, "wb") as fh:
                shutil.copyfileobj(sys.stdin.buffer, fh, 1 << 20)
            st = os.stat(spool)
            reason = "" if st.st_size else "empty file"
            i = dataclasses.replace(i, path=spool, size=st.st_size, skip=reason, root=os.sep)
        out.append(i)
    return out


def _shown(rows: list[Row]) -> list[Row]:
    return [dataclasses.replace(r, path=STDIN) if r.doc_id == STDIN_ID and r.path.endswith("stdin.txt") else r
            for r in rows]


def _errors_file(args, groups) -> None:
    """The older list of unread inputs (path, reason), kept in step with the manifest: rewritten
    from it, removed when every input was read."""
    path = args.errors or (f"{args.output}.errors.csv" if args.output != "-" else None)
    if not path:
        return
    bad = [r for g in groups for r in g if r.status != "ok"]
    if not bad:
        if os.path.exists(path):
            os.unlink(path)
        return
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["path", "reason"])
    w.writerows([r.path, r.error] for r in bad)
    write_atomic(path, buf.getvalue())


def run_batch(args) -> int:
    try:
        return _run(args)
    except UsageError as exc:
        print(f"vnextract: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as exc:
        print(f"vnextract: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _run(args) -> int:
    fmt = output_format(args)
    to_stdout = args.output == "-"
    engine = getattr(args, "engine", "local")
    if to_stdout and fmt in ("parquet", "xlsx"):
        raise UsageError(f"{fmt} needs an output file (-o out.{fmt})")
    if to_stdout and args.resume:
        raise UsageError("--resume needs an output file: a run to standard output leaves no parts to resume from")
    if engine == "dask":
        from .dask import run_dask  # noqa: PLC0415

        return run_dask(args, fmt)
    if args.paths.count(STDIN) and args.resume:
        raise UsageError("--resume cannot read standard input again: save it to a file first")
    if not to_stdout:
        check_output(args.output)
    items = plan(args.paths, supported, follow_links=args.follow_links, exclude=outputs_of(args))
    if not to_stdout:
        parts = f"{args.output}.parts"
        job = Job(parts, fmt, args.tagging, args.excel, follow_links=args.follow_links,
                  ocr=not getattr(args, "no_ocr", False))
        try:
            done = _prepare_parts(parts, _fingerprint(items, job, engine), args.resume, fmt)
        except OSError as exc:
            raise output_error(parts, exc) from exc
    else:
        parts = tempfile.mkdtemp(prefix="vnextract-")
        job = Job(parts, fmt, args.tagging, args.excel, follow_links=args.follow_links,
                  ocr=not getattr(args, "no_ocr", False))
        done = {}
    try:
        return _execute(args, items, job, done, to_stdout)
    finally:
        if to_stdout:
            shutil.rmtree(parts, ignore_errors=True)


def outputs_of(args) -> list[str]:
    """What a run writes (the table, its parts, manifest and error list, the review page): never read
    as an input when it lies under one."""
    if args.output == STDIN:
        return [args.review] if getattr(args, "review", None) else []
    return [args.output, f"{args.output}.parts", manifest_path(args), args.errors or f"{args.output}.errors.csv",
            *([args.review] if getattr(args, "review", None) else [])]


def _execute(args, items: list[Item], job: Job, done: dict[int, list[Row]], to_stdout: bool) -> int:
    from .local import run  # noqa: PLC0415

    items = _spool_stdin(items, job.parts)
    journal = Journal(os.path.join(job.parts, JOURNAL_FILE))
    progress = Progress(len(items), quiet=args.quiet, done=len(done))
    results: dict[int, list[Row]] = dict(done)
    streamer = _Streamer(items, job) if to_stdout else None

    def on_done(item: Item, rows: list[Row]) -> None:
        rows = _shown(rows)
        results[item.index] = rows
        if streamer is None:
            try:
                journal.append(item.index, rows)
            except OSError as exc:
                raise output_error(journal.path, exc) from exc
        else:
            streamer.ready(results)
        progress.done(rows)

    todo = [i for i in items if i.index not in done]
    try:
        run(todo, job, on_done, workers=args.workers, timeout=args.timeout, max_memory=args.max_memory)
    except KeyboardInterrupt:
        progress.say(f"vnextract: interrupted; {len(results)} of {len(items)} inputs done"
                     + ("" if to_stdout else f": run again with --resume to finish {args.output}"))
        return 130
    finally:
        journal.close()
    groups = [results[i.index] for i in items]
    order = [i.index for i in items if results[i.index][0].status == "ok"]
    try:
        if streamer is not None:
            streamer.ready(results)
            sys.stdout.flush()
            if args.manifest:
                write_atomic(args.manifest, render(r for g in groups for r in g))
        else:
            _finish(args, job, order, groups)
    except OSError as exc:
        raise output_error(args.output, exc) from exc
    progress.close(groups, "stdout" if to_stdout else args.output)
    return EXIT_SOME_FAILED if any(r.status == "failed" for g in groups for r in g) else EXIT_OK


def manifest_path(args) -> str:
    return args.manifest or f"{args.output}.manifest.csv"


def _finish(args, job: Job, order: list[int], groups) -> None:
    """Join the parts into the output, rename it into place with its manifest, drop the side folder."""
    tmp = os.path.join(job.parts, "output.tmp")
    join(order, job.parts, job.fmt, tmp, job.excel)
    write_atomic(manifest_path(args), render(r for g in groups for r in g))
    publish(tmp, args.output)
    _errors_file(args, groups)
    shutil.rmtree(job.parts, ignore_errors=True)


class _Streamer:
    """Output to standard output as the inputs finish, in input order (each part once, then dropped)."""

    def __init__(self, items: list[Item], job: Job):
        from .sinks import header_bytes  # noqa: PLC0415

        self.items, self.job, self.next = items, job, 0
        self.out = sys.stdout.buffer
        self.out.write(header_bytes(job.fmt, job.excel))

    def ready(self, results) -> None:
        while self.next < len(self.items) and self.items[self.next].index in results:
            i = self.items[self.next].index
            p = part_path(self.job.parts, i, self.job.fmt)
            if os.path.exists(p):
                with open(p, "rb") as fh:
                    shutil.copyfileobj(fh, self.out, 1 << 20)
                os.unlink(p)
            self.next += 1
        self.out.flush()
