"""vnextract: numeric facts from Vietnamese report text, OCR damage included.

>>> from extractor import extract
>>> [(f.kind, f.value, f.unit) for f in extract("giải quyết việc làm cho 29.576 lao động")]
[('quantity', Decimal('29576'), 'lao động')]

Heavy dependencies (pandas, underthesea) are imported only when a function needs them.
"""
from __future__ import annotations

from .model import FACT_COLUMNS, Document, Edit, Fact

__all__ = ["extract", "extract_document", "extract_file", "read", "to_frame", "Fact", "Document", "Edit",
           "FACT_COLUMNS"]
__version__ = "0.1.0"


def extract(text: str, tagging: str = "selective", time_limit: float | None = None) -> list[Fact]:
    """Every numeric fact of ``text`` (a ``str``: ``TypeError`` otherwise), in text order.
    ``time_limit`` in seconds: past it the document fails with ``TimeoutError`` (default: none)."""
    from .pipeline import extract as _extract

    return _extract(text, tagging=tagging, time_limit=time_limit)


def extract_document(text: str, doc_id: str = "", tagging: str = "selective",
                     time_limit: float | None = None) -> Document:
    """The repaired text, edits, sentences and facts of ``text`` (a ``str``)."""
    from .pipeline import extract_document as _extract_document

    return _extract_document(text, doc_id=doc_id, tagging=tagging, time_limit=time_limit)


def read(path, options=None):
    """The document in the file ``path`` as a :class:`~extractor.model.Source`: its text, blocks in
    reading order and tables with their grids (:func:`extractor.readers.read`; raises
    :class:`extractor.readers.ReadError` with the reason when it cannot be read)."""
    from .readers import read as _read

    return _read(path, options)


def extract_file(path, options=None, tagging: str = "selective") -> Document:
    """Every fact of the file ``path``, its tables read cell by cell: ``extract_source(read(path))``."""
    from .pipeline import extract_source

    return extract_source(read(path, options), doc_id=str(path), tagging=tagging)


def to_frame(facts, doc_id: str = ""):
    """A pandas DataFrame, one row per fact, columns ``doc_id`` + :data:`FACT_COLUMNS`."""
    from .export import to_frame as _to_frame

    return _to_frame(facts, doc_id=doc_id)
