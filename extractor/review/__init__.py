"""The review page: every fact highlighted in its text, in one self-contained HTML file.

:mod:`.data` turns extraction results into plain data, :mod:`.chart` draws the summary chart,
:mod:`.page` renders the file (template, style and script in this folder); :mod:`.build` reads input
files and runs the extractor for the command line. Only :mod:`.build` knows the extractor.
"""
from __future__ import annotations

from .data import document_data, summary
from .page import render

__all__ = ["document_data", "summary", "render", "page_of"]


def page_of(documents, manifest=(), title: str = "vnextract review") -> str:
    """The HTML page of extraction results (:class:`extractor.model.Document`), with the manifest's
    failed and skipped files in its summary."""
    docs = [document_data(d) for d in documents]
    return render(docs, summary(docs, manifest), title=title)
