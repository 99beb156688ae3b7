"""What a running batch tells the person watching it: a progress bar on a terminal (files done of
total, facts, failures, throughput and time left, from tqdm), nothing when stderr is not a terminal
or with ``--quiet``; each failed input named as it fails; a closing summary by status and reason."""
from __future__ import annotations

import sys

from .manifest import summary


class Progress:
    def __init__(self, total: int, quiet: bool = False, stream=None, done: int = 0):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.facts = self.failed = 0
        self.bar = None
        if not quiet and _is_terminal(self.stream):
            try:
                from tqdm import tqdm  # noqa: PLC0415
            except ImportError:  # without the 'progress' extra: no bar, the summary still comes
                tqdm = None
            if tqdm is not None:
                self.bar = tqdm(total=total, initial=done, unit="file", file=self.stream, dynamic_ncols=True,
                                smoothing=0.05)

    def done(self, rows) -> None:
        head = rows[0]
        self.facts += head.facts
        bad = [r for r in rows if r.status == "failed"]
        self.failed += bool(bad)
        for r in bad:
            self.say(f"vnextract: error: {r.doc_id}: {r.error}")
        for r in rows:
            if r.status == "skipped":
                self.say(f"vnextract: skipped: {r.doc_id}: {r.error}")
        if self.bar is not None:
            self.bar.set_postfix(facts=self.facts, failed=self.failed, refresh=False)
            self.bar.update(1)

    def say(self, line: str) -> None:
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream)

    def close(self, groups, where: str) -> None:
        """``groups``: the rows of each input, in input order (an archive: its row, then its members')."""
        if self.bar is not None:
            self.bar.close()
        if self.quiet:
            return
        facts = sum(g[0].facts for g in groups if g[0].status == "ok")
        docs = sum(1 for g in groups for r in (g[1:] or g) if r.status == "ok")
        print(f"vnextract: {facts} facts from {docs} documents to {where}", file=self.stream)
        for line in summary([r for g in groups for r in g]):
            print(f"vnextract: {line.strip()}", file=self.stream)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
