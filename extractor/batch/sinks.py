"""Output that is whole or absent: each document's rows go to its own part file in a side folder
(``OUT.parts/``), renamed into place when the document is done; at the end the parts are joined,
in input order, into a temporary file that is renamed to the output path. So the output path only
ever holds a complete table, and a killed run can resume from the parts it left: the joined table
does not depend on when, or how often, the run was interrupted.

Formats: csv, jsonl (parts are already rendered rows), parquet and xlsx (parts are pickled facts,
made into typed columns once, at the end: a Parquet file cut into row groups of a fixed size,
whatever the parts were; a spreadsheet through the export module's writer).
"""
from __future__ import annotations

import inspect
import io
import os
import pickle
import shutil
from pathlib import Path

from ..export import COLUMNS, CsvWriter, JsonlWriter

FORMATS = ("csv", "jsonl", "parquet", "xlsx")
PART_SUFFIX = {"csv": ".csv", "jsonl": ".jsonl", "parquet": ".pkl", "xlsx": ".pkl"}
_PICKLED = ("parquet", "xlsx")  # parts of facts, made into typed columns once, when joined
ROW_GROUP = 50_000  # rows per row group of the joined Parquet file


class OutputError(Exception):
    """The output cannot be written (a folder, read-only, disk full): the batch stops with exit 2."""


def output_error(path: str, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {path}: {exc.strerror or exc}")


def part_path(parts: str, index: int, fmt: str) -> str:
    return os.path.join(parts, f"{index:08d}{PART_SUFFIX[fmt]}")


def _parquet_schema():
    import pyarrow as pa  # noqa: PLC0415

    types = {"value": pa.float64(), "value_max": pa.float64(), "start": pa.int64(), "end": pa.int64(),
             "repaired": pa.bool_(), "table": pa.int64(), "row": pa.int64(), "column": pa.int64(),
             "ocr_confidence": pa.float64(), "low_confidence": pa.bool_()}
    return pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])


def _csv_writer(fh, excel: bool, header: bool):
    """The export module's CSV writer; with ``excel`` its spreadsheet-safe mode when it has one."""
    if excel and "excel" in inspect.signature(CsvWriter).parameters:
        return CsvWriter(fh, header=header, excel=True)
    return CsvWriter(fh, header=header)


class PartWriter:
    """The rows of one document (or one task), written to a temporary file of this process and
    renamed to ``path`` by :meth:`commit` (a worker left over from a killed run can never mix its
    bytes into another's); :meth:`discard` drops them (a document that failed half-way)."""

    def __init__(self, path: str, fmt: str, excel: bool = False):
        self.path, self.fmt, self.excel = path, fmt, excel
        self.tmp = f"{path}.tmp{os.getpid()}"
        self.rows = 0
        self._fh = None
        self._writer = None

    def write(self, facts, doc_id: str) -> None:
        facts = list(facts)
        if not facts:
            return
        self.rows += len(facts)
        if self._fh is None:
            binary = self.fmt in _PICKLED
            self._fh = open(self.tmp, "wb" if binary else "w", **({} if binary else
                                                                  {"encoding": "utf-8", "newline": ""}))
            if self.fmt == "csv":
                self._writer = _csv_writer(self._fh, self.excel, header=False)
            elif self.fmt == "jsonl":
                self._writer = JsonlWriter(self._fh)
        if self.fmt in _PICKLED:
            pickle.dump((doc_id, facts), self._fh, protocol=pickle.HIGHEST_PROTOCOL)
        else:
            self._writer.write(facts, doc_id)

    def _close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def commit(self) -> None:
        """Close and rename into place (a document without rows leaves no part)."""
        self._close()
        if self.rows:
            os.replace(self.tmp, self.path)

    def discard(self) -> None:
        try:
            self._close()
        finally:
            if os.path.exists(self.tmp):
                os.unlink(self.tmp)


def check_output(path: str) -> None:
    """Refuse an output path that is a folder, or whose folder cannot be written, before any work."""
    p = Path(path)
    if p.is_dir():
        raise OutputError(f"the output path {path} is a folder; name a file (out.csv, out.parquet, …)")
    parent = p.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(str(parent), exc) from exc
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path}: the folder {parent} is read-only")
    if p.exists() and not os.access(p, os.W_OK):
        raise OutputError(f"cannot write {path}: the file is read-only")


def header_bytes(fmt: str, excel: bool) -> bytes:
    if fmt != "csv":
        return b""
    buf = io.StringIO()
    _csv_writer(buf, excel, header=True)
    return ("\ufeff" if excel else "").encode("utf-8") + buf.getvalue().encode("utf-8")


def join(indexes, parts: str, fmt: str, out, excel: bool = False) -> None:
    """The parts of ``indexes`` (input order) joined into ``out``: a path for every format, or a
    binary file object for csv/jsonl."""
    if fmt == "parquet":
        _join_parquet(indexes, parts, out)
    elif fmt == "xlsx":
        _join_xlsx(indexes, parts, out)
    elif isinstance(out, (str, os.PathLike)):
        with open(out, "wb") as fh:
            _join_text(indexes, parts, fmt, fh, excel)
    else:
        _join_text(indexes, parts, fmt, out, excel)


def _join_text(indexes, parts: str, fmt: str, fh, excel: bool) -> None:
    fh.write(header_bytes(fmt, excel))
    for i in indexes:
        p = part_path(parts, i, fmt)
        if os.path.exists(p):
            with open(p, "rb") as src:
                shutil.copyfileobj(src, fh, 1 << 20)


def _pickled(indexes, parts: str, fmt: str):
    """(doc_id, facts) of each part of ``indexes``, in order."""
    for i in indexes:
        p = part_path(parts, i, fmt)
        if not os.path.exists(p):
            continue
        with open(p, "rb") as fh:
            while True:
                try:
                    yield pickle.load(fh)
                except EOFError:
                    break


def _join_parquet(indexes, parts: str, out: str) -> None:
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    from ..export import to_frame  # noqa: PLC0415

    schema = _parquet_schema()

    def table(batch):
        frames = [to_frame(facts, doc_id=doc_id) for doc_id, facts in batch]
        import pandas as pd  # noqa: PLC0415

        return pa.Table.from_pandas(pd.concat(frames, ignore_index=True), schema=schema, preserve_index=False)

    with pq.ParquetWriter(out, schema) as writer:
        batch, n, wrote = [], 0, False
        for doc_id, facts in _pickled(indexes, parts, "parquet"):
            while facts:  # fixed row groups, whatever the documents' sizes
                take = facts[:ROW_GROUP - n]
                facts = facts[len(take):]
                batch.append((doc_id, take))
                n += len(take)
                if n == ROW_GROUP:
                    writer.write_table(table(batch), row_group_size=ROW_GROUP)
                    batch, n, wrote = [], 0, True
        if batch or not wrote:
            writer.write_table(table(batch) if batch else schema.empty_table(), row_group_size=ROW_GROUP)


def _join_xlsx(indexes, parts: str, out: str) -> None:
    from .. import export  # noqa: PLC0415

    writer_class = getattr(export, "XlsxWriter", None)
    if writer_class is None:
        raise OutputError("xlsx output needs the spreadsheet writer of extractor.export (not in this version)")
    writer = writer_class(out)
    try:
        for doc_id, facts in _pickled(indexes, parts, "xlsx"):
            writer.write(facts, doc_id)
    finally:
        writer.close()


def publish(tmp: str, final: str) -> None:
    """Rename a finished file (or folder) into place."""
    if os.path.isdir(final) and not os.path.islink(final):
        shutil.rmtree(final)
    os.replace(tmp, final)
