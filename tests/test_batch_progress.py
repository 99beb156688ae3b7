"""Progress on a terminal, silence elsewhere, and the closing summary by status and reason."""
from __future__ import annotations

import io

import pytest

from extractor.batch.manifest import Row
from extractor.batch.progress import Progress

GROUPS = [
    [Row("/r/a.txt", "r/a.txt", "text", "utf-8", "ok", 33, "", 3138, 0.4, "ab")],
    [Row("/r/b.zip", "r/b.zip", "zip", "", "ok", 5, "", 900, 0.2, "cd"),
     Row("/r/b.zip!q1.txt", "r/b.zip!q1.txt", "text", "utf-8", "ok", 5, "", 225, 0.1, ""),
     Row("/r/b.zip!q2.pdf", "r/b.zip!q2.pdf", "pdf", "", "failed", 0, "not a readable PDF (PdfminerException)",
         0, 0.0, "")],
    [Row("/r/c.txt", "r/c.txt", "text", "", "failed", 0, "binary file (NUL bytes), not text", 11, 0.0, "ef")],
    [Row("/r/d.xyz", "r/d.xyz", "xyz", "", "skipped", 0, "unsupported format .xyz", 10, 0.0, "")],
]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(stream, quiet=False) -> str:
    p = Progress(len(GROUPS), quiet=quiet, stream=stream)
    for g in GROUPS:
        p.done(g)
    p.close(GROUPS, "out.csv")
    return stream.getvalue()


def test_a_terminal_gets_a_bar_with_files_facts_and_failures():
    pytest.importorskip("tqdm")
    out = _run(Terminal())
    assert "4/4" in out and "facts=38" in out and "failed=2" in out
    assert "vnextract: error: r/c.txt: binary file (NUL bytes), not text" in out


def test_summary_counts_documents_statuses_and_reasons():
    out = _run(io.StringIO())
    assert "4/4" not in out  # no bar when stderr is not a terminal
    lines = out.splitlines()
    assert "vnextract: 38 facts from 2 documents to out.csv" in lines  # a.txt and the one member read
    assert "vnextract: 3 ok, 2 failed, 1 skipped" in lines
    assert "vnextract: failed: 1 × not a readable PDF" in lines
    assert "vnextract: skipped: 1 × unsupported format .xyz" in lines


def test_quiet_says_nothing():
    assert _run(Terminal(), quiet=True) == ""
