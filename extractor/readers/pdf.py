"""PDF files, text layer (pdfplumber)."""
from __future__ import annotations

import io
import unicodedata

from ..model import Source
from .layout import Layout
from .limits import ReadOptions


def read(data: bytes, name: str, options: ReadOptions) -> Source:
    import pdfplumber  # noqa: PLC0415

    lay = Layout(options)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                lay.paragraph(unicodedata.normalize("NFC", page.extract_text() or ""))
                page.close()
    except Exception as exc:  # noqa: BLE001
        raise ValueError(f"not a readable PDF ({exc.__class__.__name__})") from None
    source = lay.source(name, "pdf")
    if not source.text.strip():
        raise ValueError("PDF with no text layer (scanned pages need OCR first)")
    return source
