"""Facts out: a pandas frame, CSV (optionally with a BOM for spreadsheets), JSON lines, Parquet.

Column order is fixed: ``doc_id`` then :data:`extractor.model.FACT_COLUMNS`. Values are written
exactly as read (``80000000000``, ``102.7``), never in scientific notation.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import IO

from .model import FACT_COLUMNS, Fact

COLUMNS = ("doc_id",) + FACT_COLUMNS


def _plain(v: Decimal | None) -> str:
    if v is None:
        return ""
    return format(v, "f")


def fact_row(fact: Fact, doc_id: str = "") -> dict:
    row = {"doc_id": doc_id, **fact.as_dict()}
    return row


def _json_value(v):
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def to_frame(facts: Iterable[Fact], doc_id: str = ""):
    """A DataFrame of ``facts``; ``value``/``value_max`` as float64 (exact for every integral amount
    below 2**53, i.e. any money figure a report states), ``start``/``end`` as integers."""
    import pandas as pd  # noqa: PLC0415  (deferred: the CLI and library start without it)

    rows = [fact_row(f, doc_id) for f in facts]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("value", "value_max"):
        frame[col] = pd.to_numeric(frame[col].map(lambda v: None if v is None else float(v)), errors="coerce")
    for col in ("start", "end"):
        frame[col] = frame[col].astype("int64")
    for col in ("table", "row", "column"):  # empty for prose facts
        frame[col] = frame[col].astype("Int64")
    frame["ocr_confidence"] = pd.to_numeric(frame["ocr_confidence"], errors="coerce").astype("float64")
    for col in ("repaired", "low_confidence"):
        frame[col] = frame[col].astype(bool)
    return frame


class CsvWriter:
    """Streams rows to a CSV file: one header, then rows as documents arrive."""

    def __init__(self, fh: IO[str], header: bool = True):
        self.writer = csv.DictWriter(fh, fieldnames=list(COLUMNS), lineterminator="\n")
        if header:
            self.writer.writeheader()

    def write(self, facts: Iterable[Fact], doc_id: str) -> None:
        for f in facts:
            row = fact_row(f, doc_id)
            row["value"], row["value_max"] = _plain(f.value), _plain(f.value_max)
            row["repaired"] = "true" if f.repaired else "false"
            row["low_confidence"] = "true" if f.low_confidence else "false"
            self.writer.writerow(row)


class JsonlWriter:
    def __init__(self, fh: IO[str]):
        self.fh = fh

    def write(self, facts: Iterable[Fact], doc_id: str) -> None:
        for f in facts:
            row = {k: _json_value(v) for k, v in fact_row(f, doc_id).items()}
            self.fh.write(json.dumps(row, ensure_ascii=False) + "\n")
