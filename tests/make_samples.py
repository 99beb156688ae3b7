"""Rebuild the samples made from the sample texts: a scanned PDF page and a zip of two reports.

    python -m tests.make_samples        # writes them into samples/ (the same bytes every run)

- ``scan-bao-cao-dau-tu-fdi-binh-duong-quy-i-2024.pdf``: the first paragraphs of the Bình Dương
  report set on one A4 page, rendered at 300 dpi, slightly degraded (blur, speckle, a 0.5° tilt)
  and stored as a bilevel image: a PDF with no text layer, as a scanner delivers it.
- ``bao-cao-hai-tinh.zip``: the An Giang report as it is (UTF-8 text) and the Quảng Nam report
  as an RTF document, in two folders.
"""
from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from .officefix import rtf_document
from .pagefix import degrade, render_page

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SCAN_SOURCE = "bao-cao-dau-tu-fdi-binh-duong-quy-i-2024.txt"
SCAN_PARAGRAPHS = 8
ZIP_TEXT = "bao-cao-nong-nghiep-an-giang-2023.txt"
ZIP_RTF = "bao-cao-thu-chi-ngan-sach-quang-nam-6-thang-2024.txt"
FIXED_TIME = (2024, 7, 15, 8, 30, 0)


def paragraphs(name: str) -> list[str]:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    return [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def scanned_pdf(paras: list[str]) -> bytes:
    page = degrade(render_page(paras), seed=1, angle=0.5, blur=0.8, speckle=400)
    out = io.BytesIO()
    page.convert("1").save(out, "PDF", resolution=300)
    return out.getvalue()


def report_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in ((f"2023/{ZIP_TEXT}", (SAMPLES / ZIP_TEXT).read_bytes()),
                             (f"2024/{ZIP_RTF[:-4]}.rtf", rtf_document(paragraphs(ZIP_RTF)))):
            info = zipfile.ZipInfo(member, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return out.getvalue()


def build() -> dict[str, bytes]:
    return {f"scan-{SCAN_SOURCE[:-4]}.pdf": scanned_pdf(paragraphs(SCAN_SOURCE)[:SCAN_PARAGRAPHS]),
            "bao-cao-hai-tinh.zip": report_zip()}


def main() -> int:
    for name, data in build().items():
        (SAMPLES / name).write_bytes(data)
        print(f"samples/{name}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
