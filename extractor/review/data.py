"""What the review page shows, as plain JSON-able data built from records alone.

A page is built from :class:`extractor.model.Document` results (and, where there is one, the batch's
manifest rows); nothing here runs the extractor, so the page can be tested from hand-made records.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from ..facts.kinds import all_kinds
from ..model import TEMPORAL, Document, Fact
from ..repair import is_normalising

# the attributes a reviewer sees on hover or focus, in this order
SHOWN = ("kind", "value", "value_max", "unit", "date", "qualifier", "direction", "basis", "status", "period",
         "metric", "row_label", "column_label", "ocr_confidence")


def plain(v) -> str:
    """A value as the table writes it: exact decimals, no exponent, empty for None."""
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def display_value(f: Fact) -> str:
    """``data-value`` of a mark: the value as in the table; the date for year/date/period facts."""
    return f.date if f.kind in TEMPORAL else plain(f.value)


def fact_data(f: Fact) -> dict:
    row = {k: plain(getattr(f, k)) for k in SHOWN if k != "kind"}
    row.update(kind=f.kind, start=f.start, end=f.end, text=f.text, repaired=f.repaired,
               low_confidence=f.low_confidence, display=display_value(f),
               ocr=f.ocr_confidence is not None, table=-1 if f.table is None else f.table)
    return row


def document_data(doc: Document, path: str = "") -> dict:
    """One document: its text, facts, repairs (original characters and rule) and table grids."""
    src = doc.source
    tables = []
    if src is not None:
        for t in src.tables:
            tables.append({"index": t.index, "start": t.start, "end": t.end, "rows": t.n_rows, "cols": t.n_cols,
                           "caption": t.caption,
                           "cells": [[c.row, c.col, c.rowspan, c.colspan, c.start, c.end, c.header] for c in t.cells]})
    repairs = [{"start": e.start, "end": e.end, "before": e.before, "after": e.after, "rule": e.rule}
               for e in doc.edits if not is_normalising(e.rule)]
    return {"id": doc.doc_id, "path": path or doc.doc_id, "text": doc.raw,
            "format": src.format if src else "text", "encoding": src.encoding if src else "",
            "conversion": src.conversion if src else "", "notes": list(src.notes) if src else [],
            "facts": [fact_data(f) for f in doc.facts], "repairs": repairs, "tables": tables}


def summary(docs: list[dict], manifest: Iterable[dict] = ()) -> dict:
    """Counts for the top of the page: documents, facts by kind, failures and skips by reason, facts
    per period (for the chart)."""
    kinds = Counter(f["kind"] for d in docs for f in d["facts"])
    periods = Counter(_period_of(f) for d in docs for f in d["facts"])
    periods.pop("", None)
    rows = list(manifest)
    problems = [{"path": r.get("path", ""), "status": r.get("status", ""), "error": r.get("error", "")}
                for r in rows if r.get("status") not in ("ok", "", None)]
    return {"documents": len(docs), "facts": sum(kinds.values()),
            "by_kind": {k: kinds.get(k, 0) for k in all_kinds()},
            "problems": problems, "periods": sorted(periods.items())}


def _period_of(f: dict) -> str:
    """The time a fact is about: its period, or for a time fact its own date (years only, for the chart)."""
    p = f.get("period") or (f.get("date") if f["kind"] in TEMPORAL else "")
    return p[:4] if p[:4].isdigit() else ""
