"""Read input files, extract them, and write their review page (the ``vnextract review`` command)."""
from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

from ..model import Document
from . import page_of


def documents(paths: list[str], exclude=(), follow_links: bool = False, ocr: bool = True):
    """(documents, problems): every readable document under ``paths`` extracted, with the batch's
    ids (the same inputs, ``exclude``, ``follow_links`` and ``ocr`` give the same documents and
    ``doc_id`` as ``vnextract extract``), and a manifest-like row for each input that was skipped or
    could not be read."""
    from .. import readers  # noqa: PLC0415
    from ..batch import supported  # noqa: PLC0415
    from ..batch.plan import plan  # noqa: PLC0415
    from ..batch.work import member_ids  # noqa: PLC0415
    from ..pipeline import extract_source  # noqa: PLC0415

    docs: list[Document] = []
    problems: list[dict] = []
    for item in plan([p for p in paths if p != "-"], supported, follow_links=follow_links, exclude=exclude):
        if item.skip:
            problems.append({"path": item.path, "status": item.status, "error": item.skip})
            continue
        whole = str(Path(item.path))
        options = readers.ReadOptions(root=item.root, follow_links=follow_links, ocr=ocr)
        for name, got in readers.read_members(item.path, options):
            path, doc_id = (item.path, item.doc_id) if name in (whole, item.path) else member_ids(item, name)
            if isinstance(got, Exception):
                problems.append({"path": path, "status": "failed", "error": getattr(got, "reason", str(got))})
                continue
            docs.append(extract_source(got, doc_id=doc_id))
    return docs, problems


def read_manifest(path: str) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def write_review(paths: list[str], output: str, manifest: str | None = None, quiet: bool = False,
                 exclude=(), follow_links: bool = False, ocr: bool = True) -> int:
    """Write the page; 0 when every input was read, 1 when some failed (they are listed on the page).
    ``exclude``, ``follow_links`` and ``ocr`` as for the batch whose page this is."""
    docs, problems = documents(paths, [*exclude, output], follow_links, ocr)
    rows = read_manifest(manifest) if manifest else problems
    html = page_of(docs, rows)
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out)
    n = sum(len(d.facts) for d in docs)
    failed = sum(p["status"] == "failed" for p in problems)
    if not quiet:
        print(f"vnextract: review of {len(docs)} documents ({n} facts) written to {output}; "
              f"{failed} failed, {len(problems) - failed} skipped", file=sys.stderr)
    return 1 if failed else 0
