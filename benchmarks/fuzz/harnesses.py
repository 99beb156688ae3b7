"""What the fuzzers check: one function per target, from bytes to nothing; an exception is a crash.

- ``extract``: the bytes as text (UTF-8, undecodable bytes replaced); extraction must not raise and
  every fact, edit and sentence must keep its offsets (``text[start:end] == fact.text``).
- ``read_<family>``: the bytes as a file of that family; the reader must answer with a Source or a
  ``ReadError`` (a reason), nothing else, and the Source must be consistent (blocks, tables and cells
  inside its text, each cell's text at its offsets); then its facts must keep their offsets.
- ``table``: the bytes as the cells of a grid (a CSV table), read by the table reader.

Plain functions, so a crash file found by ``make fuzz`` replays with :func:`replay` and becomes a
regression test without atheris.
"""
from __future__ import annotations

import csv
import io
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# family -> the file name suffix its reader is chosen by (detection looks at the bytes first)
FAMILIES = {"text": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf", "sheets": ".xlsx", "csv": ".csv",
            "office": ".odt", "rtf": ".rtf", "mail": ".eml", "archives": ".zip"}
CONTAINERS = {"mail", "archives"}
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")  # a memory address makes a reason differ between runs (a byte: 0xfb)


def plain(reason) -> bool:
    return isinstance(reason, str) and bool(reason) and _ADDRESS.search(reason) is None


def check_document(doc, text: str) -> None:
    """The offsets of a Document: edits replay, sentences and facts are exact spans, in order."""
    assert doc.offsets.apply(text) == doc.text, "edits do not replay"
    end = 0
    for e in doc.edits:
        assert end <= e.start <= e.end <= len(text) and text[e.start:e.end] == e.before, f"bad edit {e}"
        end = e.end
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text, f"bad sentence {s}"
    prev = (0, 0)
    for f in doc.facts:
        assert 0 <= f.start <= f.end <= len(text) and text[f.start:f.end] == f.text, f"bad span {f}"
        assert (f.start, f.end) >= prev, "facts out of order"
        prev = (f.start, f.end)


def extract(data: bytes) -> None:
    from extractor.pipeline import extract_document  # noqa: PLC0415

    text = data.decode("utf-8", errors="replace")
    check_document(extract_document(text), text)


def check_source(source) -> None:
    """A reader's Source is consistent with its own text."""
    n = len(source.text)
    for b in source.blocks:
        assert 0 <= b.start <= b.end <= n, f"block out of the text {b}"
    for t in source.tables:
        assert 0 <= t.start <= t.end <= n, f"table out of the text {t.index}"
        for c in t.cells:
            assert 0 <= c.row < t.n_rows and 0 <= c.col < t.n_cols, f"cell outside its grid {c}"
            assert source.text[c.start:c.end] == c.text, f"cell text not at its offsets {c}"


def _read_one(data: bytes, name: str) -> None:
    from extractor.pipeline import extract_source  # noqa: PLC0415
    from extractor.readers import ReadError, read_bytes  # noqa: PLC0415

    try:
        source = read_bytes(data, name)
    except ReadError as exc:
        assert plain(exc.reason), f"bad reason {exc.reason!r}"
        return
    check_source(source)
    doc = extract_source(source)
    check_document_facts(doc, source.text)


def check_document_facts(doc, text: str) -> None:
    for f in doc.facts:
        assert 0 <= f.start <= f.end <= len(text) and text[f.start:f.end] == f.text, f"bad span {f}"


def _read_members(data: bytes, suffix: str) -> None:
    from extractor.readers import ReadError, read_members  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "input" + suffix)
        with open(path, "wb") as fh:
            fh.write(data)
        before = set(os.listdir(tmp))
        for _, got in read_members(path):
            if isinstance(got, ReadError):
                assert plain(got.reason), f"bad reason {got.reason!r}"
            else:
                check_source(got)
        assert set(os.listdir(tmp)) == before, "a container wrote beside its input"


def reader(family: str):
    suffix = FAMILIES[family]
    if family in CONTAINERS:
        return lambda data: _read_members(data, suffix)
    return lambda data: _read_one(data, "input" + suffix)


def table(data: bytes) -> None:
    """The bytes cut into a grid of 2-6 columns (each byte a cell piece), written as CSV, read."""
    text = data.decode("utf-8", errors="replace")
    width = 2 + (data[0] % 5 if data else 0)
    cells = text.replace("\n", " ").split("|")
    rows = [cells[i:i + width] for i in range(0, len(cells), width)] or [[""]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    _read_one(buf.getvalue().encode("utf-8"), "table.csv")


HARNESSES = {"extract": extract, "table": table, **{f"read_{f}": reader(f) for f in FAMILIES}}


def replay(name: str, path: str) -> None:
    """Run one saved input (a crash file) through a harness: raises what the fuzzer saw."""
    HARNESSES[name](Path(path).read_bytes())
