"""DOCX files (python-docx): paragraphs and tables in body order."""
from __future__ import annotations

import io
import unicodedata

from ..model import Source
from .layout import Grid, GridCell, Layout
from .limits import ReadOptions, check_zip


def read(data: bytes, name: str, options: ReadOptions) -> Source:
    import zipfile  # noqa: PLC0415

    import docx  # noqa: PLC0415

    try:
        check_zip(data, options)
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ValueError("not a readable .docx file (not a zip)") from None
    lay = Layout(options)
    for item in document.iter_inner_content():
        if hasattr(item, "rows"):
            cells = []
            for r, row in enumerate(item.rows):
                seen = []
                for c, cell in enumerate(row.cells):
                    if cell._tc in seen:
                        continue
                    seen.append(cell._tc)
                    cells.append(GridCell(r, c, cell.text))
            lay.table(Grid(tuple(cells), origin="docx"))
        else:
            lay.paragraph(unicodedata.normalize("NFC", item.text))
    return lay.source(name, "docx")
