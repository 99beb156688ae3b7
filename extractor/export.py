"""Facts out: a pandas frame, CSV (optionally for spreadsheets), JSON lines, Parquet, XLSX.

Column order is fixed: ``doc_id`` then :data:`extractor.model.FACT_COLUMNS`. Values are written
exactly as read (``80000000000``, ``102.7``), never in scientific notation.

Spreadsheet safety: a spreadsheet program reads a CSV cell that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula (``=HYPERLINK(…)`` in a scraped page would run when
the file is opened). ``CsvWriter(excel=True)`` (``--excel``) neutralises such text cells as OWASP
recommends, with a leading apostrophe; the number columns are never touched, and the other formats
keep the text exactly. :class:`XlsxWriter` writes typed cells instead: numbers as numbers, every
text column as a string cell (``2023-12``, ``--10`` and codes stay text, never dates or formulas).
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
        if v == v.to_integral_value():
            # Python refuses to print an int of more than 4,300 digits: such an amount goes as its digits
            return int(v) if v.adjusted() < _INT_DIGITS else format(v, "f")
        return float(v)
    return v


_INT_DIGITS = 4000
# columns holding numbers, flags or offsets: never text a spreadsheet could run
_TYPED = frozenset({"value", "value_max", "start", "end", "table", "row", "column", "ocr_confidence",
                    "repaired", "low_confidence"})
TEXT_COLUMNS = tuple(c for c in COLUMNS if c not in _TYPED)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """``text`` as a spreadsheet program will show, never run: one that would start a formula gets a
    leading apostrophe (OWASP's advice against CSV injection).

    >>> spreadsheet_safe("=SUM(A1:A9)"), spreadsheet_safe("- 350 hộ"), spreadsheet_safe("350 hộ")
    ("'=SUM(A1:A9)", "'- 350 hộ", '350 hộ')
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


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
    """Streams rows to a CSV file: one header, then rows as documents arrive. With ``excel`` every
    text cell that would start a formula is neutralised (:func:`spreadsheet_safe`)."""

    def __init__(self, fh: IO[str], header: bool = True, excel: bool = False):
        # rows end in "\n", but a field holding a carriage return must be quoted too (the csv module
        # quotes only the characters of its line terminator): rows are made with "\r\n", written with "\n"
        self.writer = csv.DictWriter(_LineFeed(fh), fieldnames=list(COLUMNS), lineterminator="\r\n")
        self.excel = excel
        if header:
            self.writer.writeheader()

    def write(self, facts: Iterable[Fact], doc_id: str) -> None:
        for f in facts:
            row = fact_row(f, doc_id)
            row["value"], row["value_max"] = _plain(f.value), _plain(f.value_max)
            row["repaired"] = "true" if f.repaired else "false"
            row["low_confidence"] = "true" if f.low_confidence else "false"
            if self.excel:
                for col in TEXT_COLUMNS:
                    if isinstance(row[col], str):
                        row[col] = spreadsheet_safe(row[col])
            self.writer.writerow(row)


class _LineFeed:
    """A file that receives whole CSV rows ending in ``\r\n`` and writes them ending in ``\n``."""

    def __init__(self, fh: IO[str]):
        self.fh = fh

    def write(self, row: str) -> int:
        return self.fh.write(row[:-2] + "\n" if row.endswith("\r\n") else row)


class XlsxWriter:
    """Facts into an .xlsx workbook with typed cells (``xlsx`` extra): numbers as numbers, offsets as
    integers, flags as booleans, every other column as a string cell, so a spreadsheet never turns
    ``2023-12`` into a date, ``--10`` into a formula or a code into a number. Rows stream to disk
    (memory stays flat); past a sheet's 1,048,576 rows a new sheet goes on. An amount a spreadsheet's
    double cannot hold exactly (more than 15 digits) is written as its digits in a string cell; a
    text longer than a cell's 32,767 characters is cut there, with a final ``…``."""

    MAX_ROWS = 1_048_576
    MAX_CHARS = 32_767

    def __init__(self, path: str, sheet: str = "facts"):
        import xlsxwriter  # noqa: PLC0415  (deferred: only this output needs it)

        self.book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False,
                                               "strings_to_formulas": False, "strings_to_urls": False})
        self.sheet_name, self.sheets = sheet, 0
        self.bold = self.book.add_format({"bold": True})
        self._new_sheet()

    def _new_sheet(self) -> None:
        self.sheets += 1
        name = self.sheet_name if self.sheets == 1 else f"{self.sheet_name} {self.sheets}"
        self.ws = self.book.add_worksheet(name)
        for c, col in enumerate(COLUMNS):
            self.ws.write_string(0, c, col, self.bold)
        self.row = 1

    def write(self, facts: Iterable[Fact], doc_id: str) -> None:
        for f in facts:
            if self.row >= self.MAX_ROWS:
                self._new_sheet()
            for c, (col, v) in enumerate(fact_row(f, doc_id).items()):
                self._cell(c, col, v)
            self.row += 1

    def _cell(self, c: int, col: str, v) -> None:
        ws, r = self.ws, self.row
        if v is None or v == "":
            return
        if isinstance(v, bool):
            ws.write_boolean(r, c, v)
        elif isinstance(v, Decimal):
            if _exact_double(v):
                ws.write_number(r, c, float(v))
            else:
                ws.write_string(r, c, format(v, "f")[:self.MAX_CHARS])
        elif isinstance(v, (int, float)):
            ws.write_number(r, c, v)
        else:
            text = str(v)
            if len(text) > self.MAX_CHARS:
                text = text[:self.MAX_CHARS - 1] + "…"
            ws.write_string(r, c, text)

    def close(self) -> None:
        self.book.close()


def _exact_double(v: Decimal) -> bool:
    """Whether a spreadsheet's double shows ``v`` as written (at most 15 significant digits)."""
    return v.is_finite() and len(v.normalize().as_tuple().digits) <= 15 and abs(v.adjusted()) < 300


class JsonlWriter:
    def __init__(self, fh: IO[str]):
        self.fh = fh

    def write(self, facts: Iterable[Fact], doc_id: str) -> None:
        for f in facts:
            row = {k: _json_value(v) for k, v in fact_row(f, doc_id).items()}
            self.fh.write(json.dumps(row, ensure_ascii=False) + "\n")
