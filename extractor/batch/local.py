"""A supervised pool of worker processes on this machine.

Each worker takes one input at a time over its own pipe and answers with progress beats and then
the input's manifest rows. The supervisor watches every worker: one that dies (SIGKILL, the
out-of-memory killer), goes longer than ``timeout`` seconds without progress, or grows past
``max_memory`` MB of resident memory fails its current input with that reason, is replaced, and
the batch goes on. It never waits on a worker without a deadline, so it never hangs.

Workers are started by a fork server (a clean process forked before the parent loads anything
heavy) and load the extractor and its models once each.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections import deque
from multiprocessing.connection import wait

from .manifest import Row
from .plan import Item
from .sinks import OutputError
from .work import Job, format_of, process

POLL = 0.5  # seconds between checks of deadlines and memory
WARM_UP = 300.0  # seconds a new worker may take to load the models, on top of the timeout


def usable_cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _worker(conn, job: Job) -> None:
    """A worker's loop: an item in, progress beats and its rows out, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    _warm_up(job)
    try:
        conn.send(("ready", None))
    except (OSError, ValueError):
        return
    while True:
        try:
            item = conn.recv()
        except EOFError:
            return
        if item is None:
            return
        try:
            rows = process(item, job, lambda: conn.send(("beat", None)))
            conn.send(("done", rows))
        except OutputError as exc:
            conn.send(("output-error", str(exc)))


def _warm_up(job: Job) -> None:
    """Load the extractor and the tagger's model before the first document, so that loading them
    (seconds on a busy machine) never counts against a document's timeout."""
    try:
        from .. import nlp, pipeline  # noqa: F401, PLC0415

        if job.tagging != "none":
            nlp._pos_tag("0")  # noqa: SLF001  (any text loads the model)
    except Exception:  # noqa: BLE001  (a model that cannot load fails the documents that need it, with a reason)
        pass


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _died(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"worker process died: killed by {name}{hint}"
    return f"worker process died (exit status {code})"


class _Slot:
    def __init__(self, ctx, job: Job):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, job), daemon=True)
        self.proc.start()
        child.close()
        self.item: Item | None = None
        self.beat = 0.0
        self.ready = False  # warmed up: from then on the clock of its document runs

    def give(self, item: Item) -> None:
        self.item, self.beat = item, time.monotonic()
        self.conn.send(item)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(2)
        self.conn.close()


def _failure(item: Item, reason: str) -> list[Row]:
    return [Row(item.path, item.doc_id, format_of(item.path), "", "failed", 0, reason, item.size, 0.0, "")]


def run(items: list[Item], job: Job, on_done, workers: int = 0, timeout: float = 120.0,
        max_memory: float | None = None) -> None:
    """Process ``items`` on ``workers`` processes; ``on_done(item, rows)`` is called in the parent as
    each finishes (in completion order). Raises OutputError when a part cannot be written."""
    todo = deque(i for i in items if not i.skip)
    for i in items:  # skipped inputs need no worker
        if i.skip:
            on_done(i, process(i, job))
    if not todo:
        return
    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(["extractor.batch.work"])
    n = max(1, min(workers or usable_cpus(), len(todo)))
    slots = [_Slot(ctx, job) for _ in range(n)]
    try:
        while todo or any(s.item is not None for s in slots):
            for k, s in enumerate(slots):
                if s.item is None and todo:
                    try:
                        s.give(todo.popleft())
                    except (OSError, ValueError):  # it died between two documents
                        todo.appendleft(s.item)
                        s.item = None
                        s.kill()
                        slots[k] = _Slot(ctx, job)
            busy = {s.conn: s for s in slots if s.item is not None}
            busy.update({s.proc.sentinel: s for s in slots if s.item is not None})
            for ready in wait(list(busy), POLL):
                s = busy[ready]
                if s.item is None:
                    continue
                _collect(s, on_done, ready is s.conn)
            now = time.monotonic()
            for k, s in enumerate(slots):
                if s.item is None and s.proc.is_alive():
                    continue
                reason = ""
                if s.item is not None:
                    if not s.proc.is_alive():
                        _collect(s, on_done, True)  # its last words, if it sent any
                        reason = _died(s.proc.exitcode) if s.item is not None else ""
                    elif now - s.beat > timeout + (0 if s.ready else WARM_UP):
                        reason = f"timed out: no progress for {timeout:g} s"
                    elif max_memory and _rss_mb(s.proc.pid) > max_memory:
                        reason = f"worker used more than {max_memory:g} MB of memory"
                if s.item is not None and not reason:
                    continue
                if s.item is not None:
                    on_done(s.item, _failure(s.item, reason))
                s.kill()
                slots[k] = _Slot(ctx, job)
    finally:
        for s in slots:
            s.stop()


def _collect(s: _Slot, on_done, readable: bool) -> None:
    """Read what a worker sent: beats move its deadline; rows finish its item."""
    while readable and s.item is not None:
        try:
            if not s.conn.poll():
                return
            kind, payload = s.conn.recv()
        except (EOFError, OSError):
            return
        if kind in ("beat", "ready"):
            s.beat = time.monotonic()
            s.ready = s.ready or kind == "ready"
        elif kind == "done":
            item, s.item = s.item, None
            on_done(item, payload)
        elif kind == "output-error":
            raise OutputError(payload)
