"""The manifest: one row per input file and per archive member, in input order, saying what became
of it; and the journal a running batch appends finished documents to, so a killed run can resume.

Columns: path, doc_id, format, encoding, status (ok | failed | skipped), facts, error (the reason,
for every status but ok), bytes, seconds, sha256.
"""
from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, fields

STATUSES = ("ok", "failed", "skipped")


@dataclass(frozen=True, slots=True)
class Row:
    path: str
    doc_id: str
    format: str = ""
    encoding: str = ""
    status: str = "ok"
    facts: int = 0
    error: str = ""
    bytes: int = 0
    seconds: float = 0.0
    sha256: str = ""
    conversion: str = ""  # what was converted to read it ("tcvn3 bytes → Unicode, …"), or ""


COLUMNS = tuple(f.name for f in fields(Row))


def render(rows) -> str:
    """The manifest CSV text of ``rows`` (header included)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([f"{r.seconds:.3f}" if c == "seconds" else getattr(r, c) for c in COLUMNS])
    return buf.getvalue()


def parse(text: str) -> list[Row]:
    """Rows of a manifest CSV written by :func:`render`."""
    out = []
    for d in csv.DictReader(io.StringIO(text)):
        out.append(Row(d["path"], d["doc_id"], d["format"], d["encoding"], d["status"], int(d["facts"] or 0),
                       d["error"], int(d["bytes"] or 0), float(d["seconds"] or 0), d["sha256"],
                       d.get("conversion", "")))
    return out


def write_atomic(path: str, text: str, encoding: str = "utf-8") -> None:
    """``text`` to ``path`` through a temporary file renamed into place (never half a file there)."""
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        with open(tmp, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def summary(rows) -> list[str]:
    """Counts by status, then by reason (most frequent first) for failed and skipped rows."""
    by_status = Counter(r.status for r in rows)
    lines = [", ".join(f"{by_status[s]} {s}" for s in STATUSES)]
    for status in ("failed", "skipped"):
        reasons = Counter(_reason_class(r.error) for r in rows if r.status == status)
        for reason, n in reasons.most_common(8):
            lines.append(f"  {status}: {n} × {reason}")
        if len(reasons) > 8:
            lines.append(f"  {status}: … and {len(reasons) - 8} other reasons (see the manifest)")
    return lines


def _reason_class(error: str) -> str:
    """A reason without the details that name one file or byte (counted together in the summary)."""
    if error.startswith("same file as "):
        return "same file as another input (read once)"
    return error.split(" (", 1)[0]


class Journal:
    """Finished inputs, one JSON line each (index and rows), appended as they finish, in any order.

    A line is whole or is ignored: a run killed in the middle of a write leaves a torn last line,
    which :meth:`load` drops (and truncates, so the next append starts a fresh line)."""

    def __init__(self, path: str):
        self.path = path
        self.fh = None

    def load(self) -> dict[int, list[Row]]:
        done: dict[int, list[Row]] = {}
        if not os.path.exists(self.path):
            return done
        with open(self.path, "rb") as fh:
            data = fh.read()
        good = 0
        for line in data.splitlines(keepends=True):
            if not line.endswith(b"\n"):
                break
            try:
                rec = json.loads(line)
                done[int(rec["index"])] = [Row(**r) for r in rec["rows"]]
            except (ValueError, KeyError, TypeError):
                break
            good += len(line)
        if good < len(data):
            with open(self.path, "r+b") as fh:
                fh.truncate(good)
        return done

    def append(self, index: int, rows) -> None:
        if self.fh is None:
            self.fh = open(self.path, "a", encoding="utf-8")
        rec = {"index": index, "rows": [asdict(r) for r in rows]}
        self.fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        self.fh.flush()  # a killed process loses nothing flushed; fsync would guard a power cut too

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None
