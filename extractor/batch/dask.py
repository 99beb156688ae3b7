"""The batch on a Dask cluster, for corpora one machine is too small for (``--engine dask``).

The inputs are cut into tasks of ``--partition-size`` consecutive files. Each task, on whichever
worker runs it, reads and extracts its files (the same :func:`~extractor.batch.work.process` as the
local engine) and writes its own part of the dataset (``part-00012.parquet`` or ``.csv``) and its
own manifest part; the client only gathers the manifest rows. The output is a folder: a
partitioned Parquet dataset (or CSV parts, each with its header) whose rows, read in part order,
are the local engine's rows. Every path is absolute, so the workers must see the inputs and the
output folder at the same paths (shared storage).

With ``--scheduler tcp://HOST:PORT`` the tasks go to that cluster; without, to a LocalCluster of
``-j`` single-threaded worker processes. A task whose worker dies again and again (Dask retries it
elsewhere first) fails its files with the reason; a rerun with ``--resume`` redoes only the tasks
that left no manifest part.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import shutil

from .manifest import Row, parse, render, write_atomic
from .plan import STDIN, Item, plan
from .progress import Progress
from .sinks import OutputError, join, output_error, publish
from .work import Job, format_of, process

DATASET = "dataset"


def _part_name(p: int, fmt: str) -> str:
    return f"part-{p:05d}.{fmt}"


def run_partition(p: int, items: list[Item], job: Job) -> list[list[Row]]:
    """One task: its files read and extracted, its dataset part and manifest part written (each
    renamed into place whole); the rows of each file."""
    scratch = os.path.join(job.parts, f"task-{p:05d}-{os.getpid()}")
    os.makedirs(scratch, exist_ok=True)
    try:
        sub = dataclasses.replace(job, parts=scratch)
        groups = [process(i, sub) for i in items]
        order = [i.index for i, g in zip(items, groups) if g[0].status == "ok"]
        final = os.path.join(job.parts, DATASET, _part_name(p, job.fmt))
        tmp = f"{final}.tmp{os.getpid()}"
        join(order, scratch, job.fmt, tmp, job.excel)
        os.replace(tmp, final)
        write_atomic(os.path.join(job.parts, f"manifest-{p:05d}.csv"), render(r for g in groups for r in g))
        return groups
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _kept(name: str) -> bool:
    """What a resumed Dask run keeps of the side folder: finished parts, not a killed task's scratch."""
    return not name.startswith("task-") and ".tmp" not in name


def _client(args):
    from distributed import Client, LocalCluster  # noqa: PLC0415

    if args.scheduler:
        return Client(args.scheduler, timeout=30), None
    from .local import usable_cpus  # noqa: PLC0415

    cluster = LocalCluster(n_workers=args.workers or usable_cpus(), threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster), cluster


def _groups_of(rows: list[Row], items: list[Item]) -> list[list[Row]]:
    """A manifest part's rows cut back into one group per input (a file, then its members)."""
    ids = {i.doc_id for i in items}
    groups: list[list[Row]] = []
    for r in rows:
        if r.doc_id in ids or not groups:
            groups.append([r])
        else:
            groups[-1].append(r)
    return groups


def run_dask(args, fmt: str) -> int:
    from . import EXIT_OK, EXIT_SOME_FAILED, UsageError, _fingerprint, _prepare_parts  # noqa: PLC0415
    from . import manifest_path, supported  # noqa: PLC0415

    if fmt not in ("parquet", "csv"):
        raise UsageError("--engine dask writes a Parquet dataset or CSV parts (-o OUT.parquet or -o OUT.csv)")
    if STDIN in args.paths:
        raise UsageError("--engine dask reads files, not standard input")
    out = os.path.abspath(args.output)
    if os.path.exists(out) and not os.path.isdir(out):
        raise OutputError(f"{args.output} is a file; --engine dask writes a folder of parts there")
    parent = os.path.dirname(out)
    try:
        os.makedirs(parent, exist_ok=True)
    except OSError as exc:
        raise output_error(parent, exc) from exc
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {args.output}: the folder {parent} is read-only")
    parts = f"{out}.parts"
    items = plan(args.paths, supported, follow_links=args.follow_links,
                 exclude=[out, parts, manifest_path(args), f"{out}.errors.csv"])
    job = Job(parts, fmt, args.tagging, args.excel, follow_links=args.follow_links,
                  ocr=not getattr(args, "no_ocr", False))
    try:
        _prepare_parts(parts, _fingerprint(items, job, "dask"), args.resume, fmt, keep=_kept)
        dataset = os.path.join(parts, DATASET)
        os.makedirs(dataset, exist_ok=True)
        for name in os.listdir(dataset):  # a killed task's half-written part
            if ".tmp" in name:
                os.unlink(os.path.join(dataset, name))
    except OSError as exc:
        raise output_error(parts, exc) from exc
    size = args.partition_size
    tasks = [(p, items[k:k + size]) for p, k in enumerate(range(0, len(items), size))]
    results: dict[int, list[list[Row]]] = {}
    for p, chunk in tasks:  # tasks a killed run finished
        mpath = os.path.join(parts, f"manifest-{p:05d}.csv")
        if os.path.exists(mpath) and os.path.exists(os.path.join(parts, DATASET, _part_name(p, fmt))):
            with open(mpath, encoding="utf-8") as fh:
                results[p] = _groups_of(parse(fh.read()), chunk)
    progress = Progress(len(items), quiet=args.quiet, done=sum(len(g) for g in results.values()))
    todo = [(p, chunk) for p, chunk in tasks if p not in results]
    if todo:
        _submit(args, todo, job, results, progress)
    groups = [g for p, _ in tasks for g in results[p]]
    try:
        write_atomic(manifest_path(args), render(r for g in groups for r in g))
        publish(os.path.join(parts, DATASET), out)
        shutil.rmtree(parts, ignore_errors=True)
    except OSError as exc:
        raise output_error(args.output, exc) from exc
    progress.close(groups, args.output)
    return EXIT_SOME_FAILED if any(r.status == "failed" for g in groups for r in g) else EXIT_OK


def _submit(args, todo, job: Job, results, progress) -> None:
    from distributed import as_completed  # noqa: PLC0415

    client, cluster = _client(args)
    try:
        futures = {client.submit(run_partition, p, chunk, job, pure=False, key=f"vnextract-part-{p:05d}-{id(job)}"):
                   (p, chunk) for p, chunk in todo}
        for fut in as_completed(list(futures)):
            p, chunk = futures[fut]
            try:
                groups = fut.result()
            except OutputError:
                raise
            except Exception as exc:  # noqa: BLE001  (a task's worker died: its files fail, the others go on)
                reason = f"task failed on the cluster: {exc.__class__.__name__}: {exc}"
                groups = [[Row(i.path, i.doc_id, format_of(i.path), "", "failed", 0, reason, i.size, 0.0, "")]
                          for i in chunk]
            results[p] = groups
            for g in groups:
                progress.done(g)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
