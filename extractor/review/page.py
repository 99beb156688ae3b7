"""One self-contained HTML file: the template, its style and script inlined, the data as JSON.

The data sits in a ``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, so no
report text can close the block or start markup; the script builds the page with text nodes only.
"""
from __future__ import annotations

import json
from importlib.resources import files

from .chart import facts_per_period

_SLOTS = ("/*STYLE*/", "<!--CHART-->", "/*DATA*/", "/*SCRIPT*/")


def _asset(name: str) -> str:
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def json_block(data) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    >>> json_block({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(docs: list[dict], summary: dict, title: str = "vnextract review") -> str:
    """The page for ``docs`` (from :func:`extractor.review.data.document_data`) and their summary."""
    html = _asset("page.html")
    for slot in _SLOTS:
        if html.count(slot) != 1:
            raise RuntimeError(f"review template: slot {slot} must appear once")
    payload = {"title": title, "summary": summary, "fields": FACT_FIELDS, "docs": [_compact(d) for d in docs]}
    html = html.replace("/*STYLE*/", _asset("page.css"))
    html = html.replace("<!--CHART-->", facts_per_period(summary.get("periods", [])))
    html = html.replace("/*SCRIPT*/", _asset("page.js"))
    return html.replace("/*DATA*/", json_block(payload))


FACT_FIELDS = ("kind", "start", "end", "display", "value", "value_max", "unit", "date", "qualifier",
               "direction", "basis", "status", "period", "metric", "row_label", "column_label",
               "ocr_confidence", "repaired", "low_confidence", "ocr", "table")


def _compact(doc: dict) -> dict:
    """Facts as arrays in :data:`FACT_FIELDS` order (the names are sent once): a page of thousands of
    documents stays a fraction of the size."""
    out = dict(doc)
    out["facts"] = [[f[k] for k in FACT_FIELDS] for f in doc["facts"]]
    return out
