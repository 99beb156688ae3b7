"""Read input files, extract them, and write their review page (the ``vnextract review`` command)."""
from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

from ..model import Document
from . import page_of


def documents(paths: list[str]):
    """(documents, problems): every readable document under ``paths`` extracted, and a manifest-like
    row for each file that could not be read."""
    from .. import readers  # noqa: PLC0415
    from ..pipeline import extract_source  # noqa: PLC0415

    docs: list[Document] = []
    problems: list[dict] = []
    for path in readers.discover(paths):
        for name, got in _members(readers, path):
            if isinstance(got, Exception):
                problems.append({"path": name, "status": "failed", "error": getattr(got, "reason", str(got))})
                continue
            docs.append(extract_source(got, doc_id=name))
    return docs, problems


def _members(readers, path):
    """(name, Source or ReadError) of a file, through the structured reader where there is one."""
    if hasattr(readers, "read_members"):
        yield from readers.read_members(path)
        return
    from ..model import Source  # noqa: PLC0415

    try:
        yield str(path), Source.plain(readers.read_text(path), str(path))
    except readers.ReadError as exc:
        yield str(path), exc


def read_manifest(path: str) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def write_review(paths: list[str], output: str, manifest: str | None = None) -> int:
    """Write the page; 0 when every input was read, 1 when some failed (they are listed on the page)."""
    docs, problems = documents(paths)
    rows = read_manifest(manifest) if manifest else problems
    html = page_of(docs, rows)
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out)
    n = sum(len(d.facts) for d in docs)
    print(f"vnextract: review of {len(docs)} documents ({n} facts) written to {output}; "
          f"{len(problems)} not read", file=sys.stderr)
    return 1 if problems else 0
