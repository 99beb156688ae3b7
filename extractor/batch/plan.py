"""What a batch will read: every file found under the inputs, each with a stable ``doc_id``, or the
reason it is skipped. Nothing found goes unrecorded; nothing is opened here (only ``stat``ed).

``doc_id`` is the path under the folder named, starting with that folder's own name
(``reports/2023/a.txt`` whether the folder was typed as ``reports``, ``./reports/`` or an absolute
path, from any working directory); a file named on its own has its absolute path. The same file
reached twice (named twice, or by a link inside the input) is read once: the later mention is
recorded as skipped. Links are followed only when their target lies inside the input folder
(``follow_links`` follows every link). FIFOs, sockets and devices are skipped with a reason, so a
batch never blocks on one.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..readers import special_kind

STDIN = "-"
STDIN_ID = "stdin"


@dataclass(frozen=True, slots=True)
class Item:
    """One input: ``path`` to open (``-`` for standard input), ``doc_id`` for the output, its size,
    and ``skip``: the reason it is not read (empty when it is)."""

    index: int
    path: str
    doc_id: str
    size: int = 0
    skip: str = ""
    mtime_ns: int = 0
    failed: bool = False  # the reason is a failure (a named file missing, a folder unreadable), not a skip
    root: str = ""  # the input tree it was found in (links must stay inside); "/" for a file named alone

    @property
    def status(self) -> str:
        return "" if not self.skip else "failed" if self.failed else "skipped"


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class _Planner:
    def __init__(self, supported, follow_links: bool, exclude=()):
        self.exclude = {os.path.abspath(p) for p in exclude}
        self.supported = supported  # name -> "" when readable, else the reason it is not
        self.follow_links = follow_links
        self.items: list[Item] = []
        self.seen: dict[tuple[int, int], str] = {}  # (device, inode) -> doc_id that reads it
        self.ids: set[str] = set()
        self.walked: set[str] = set()  # folders listed (real paths): links never loop

    def add(self, path: str, doc_id: str, skip: str = "", st: os.stat_result | None = None,
            failed: bool = False, root: str = os.sep) -> None:
        if doc_id in self.ids:  # two inputs that map to one id (folders of the same name)
            doc_id = os.path.abspath(path)
        self.ids.add(doc_id)
        size = st.st_size if st is not None else 0
        mtime = st.st_mtime_ns if st is not None else 0
        if not skip and st is not None:
            key = (st.st_dev, st.st_ino)
            if key in self.seen:
                skip = f"same file as {self.seen[key]} (read once)"
            else:
                self.seen[key] = doc_id
        self.items.append(Item(len(self.items), path, doc_id, size, skip, mtime, failed, root))

    def file(self, path: str, doc_id: str, root: str | None) -> None:
        """A file found under ``root`` (None when it was named on its own)."""
        name = os.path.basename(path)
        if root is not None and os.path.abspath(path) in self.exclude:
            self.add(path, doc_id, "written by this run (its output, manifest or parts)")
            return
        try:
            lst = os.lstat(path)
        except OSError as exc:
            self.add(path, doc_id, f"cannot be listed: {exc.strerror or exc}", failed=True)
            return
        if stat.S_ISLNK(lst.st_mode):
            try:
                st = os.stat(path)
            except OSError:
                self.add(path, doc_id, "broken symlink (its target does not exist)", lst, failed=True)
                return
            real = os.path.realpath(path)
            if root is not None and not self.follow_links and not _within(real, root):
                self.add(path, doc_id, "symlink outside the input (use --follow-links to read it)", lst)
                return
        else:
            st = lst
        if stat.S_ISDIR(st.st_mode):
            if stat.S_ISLNK(lst.st_mode) and root is not None:
                real = os.path.realpath(path)
                if _within(real, root):
                    self.add(path, doc_id, "symlink to a folder inside the input (its files are read there)", lst)
                    return
                if real in self.walked:  # a loop of links
                    self.add(path, doc_id, "symlink to a folder already read (a loop of links)", lst)
                    return
                self.folder(path, doc_id, root)  # outside, and --follow-links
                return
            self.folder(path, doc_id, root if root is not None else os.path.realpath(path))
            return
        if not stat.S_ISREG(st.st_mode):
            self.add(path, doc_id, f"not a regular file: {special_kind(st.st_mode)}", st)
            return
        if root is not None and name.startswith("."):
            self.add(path, doc_id, "hidden file", st)
            return
        reason = self.supported(name)
        if reason:
            self.add(path, doc_id, reason, st)
            return
        if st.st_size == 0:
            self.add(path, doc_id, "empty file", st)
            return
        self.add(path, doc_id, "", st, root=root or os.sep)

    def folder(self, path: str, doc_id: str, root: str) -> None:
        self.walked.add(os.path.realpath(path))
        try:
            names = sorted(os.listdir(path))
        except OSError as exc:
            self.add(path, doc_id, f"folder cannot be listed: {exc.strerror or exc}", failed=True)
            return
        for name in names:
            child, child_id = os.path.join(path, name), f"{doc_id}/{name}"
            if name.startswith(".") and os.path.isdir(child) and not os.path.islink(child):
                self.add(child, child_id + "/", "hidden folder (not read)")
                continue
            self.file(child, child_id, root)


def plan(inputs: list[str], supported, follow_links: bool = False, exclude=()) -> list[Item]:
    """Every input, in input order: folders listed in name order, depth first.

    ``supported(name)`` returns "" for a file name a reader takes, else the reason it does not
    (``"unsupported format .xyz"``). Paths in ``exclude`` (what this run writes) found under a
    folder are recorded as skipped, never read."""
    p = _Planner(supported, follow_links, exclude)
    stdin_seen = False
    for raw in inputs:
        if raw == STDIN:
            if stdin_seen:
                continue
            stdin_seen = True
            p.add(STDIN, STDIN_ID)
            continue
        path = os.path.abspath(raw)
        if os.path.isdir(path):
            real = os.path.realpath(path)
            name = Path(real).name or real
            p.folder(path, name, real)
        elif not os.path.lexists(path):
            p.add(raw, path, "no such file or folder", failed=True)
        else:
            p.file(path, path, None)
    return p.items
