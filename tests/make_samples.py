"""Rebuild the samples made from the sample texts: a scanned PDF page and a zip of two reports.

    python -m tests.make_samples        # writes them into samples/ (the same bytes every run)

- ``scan-bao-cao-dau-tu-fdi-binh-duong-quy-i-2024.pdf``: the first paragraphs of the Bình Dương
  report set on one A4 page, rendered at 300 dpi, slightly degraded (blur, speckle, a 0.5° tilt)
  and stored as a bilevel image: a PDF with no text layer, as a scanner delivers it.
- ``bao-cao-hai-tinh.zip``: the An Giang report as it is (UTF-8 text) and the Quảng Nam report
  as an RTF document, in two folders.
- ``bieu-thu-ngan-sach-quang-nam-6-thang-2024.docx``: the budget figures of the Quảng Nam report as a
  Word table (title, "Đơn vị: tỷ đồng", a header row, indented "Trong đó" rows), as a department
  attaches them to its report.
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
BUDGET_TITLE = ("UBND TỈNH QUẢNG NAM - SỞ TÀI CHÍNH",
                "Biểu 01: Kết quả thu ngân sách nhà nước trên địa bàn 6 tháng đầu năm 2024",
                "Đơn vị: tỷ đồng")
# the figures the Quảng Nam report states in prose (the comparison with the same period as an index)
BUDGET_ROWS = (("STT", "Chỉ tiêu", "Dự toán năm 2024", "Ước thực hiện 6 tháng", "So với dự toán (%)",
                "So với cùng kỳ (%)"),
               ("", "Tổng thu ngân sách nhà nước trên địa bàn", "24.830", "11.265,4", "45,4", "109,2"),
               ("1", "Thu nội địa", "20.530", "9.048,7", "44,1", "110,5"),
               ("", "Trong đó: Thu tiền sử dụng đất", "4.000", "1.126,3", "28,2", "78,4"),
               ("2", "Thu từ hoạt động xuất nhập khẩu", "4.300", "2.216,7", "51,6", "104,3"))


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


def budget_docx() -> bytes:
    import docx  # noqa: PLC0415

    document = docx.Document()
    for line in BUDGET_TITLE:
        document.add_paragraph(line)
    table = document.add_table(rows=len(BUDGET_ROWS), cols=len(BUDGET_ROWS[0]))
    table.style = "Table Grid"
    for r, row in enumerate(BUDGET_ROWS):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            if r == 0:
                cell.paragraphs[0].runs[0].bold = True
    document.add_paragraph("Nguồn: Sở Tài chính tỉnh Quảng Nam, báo cáo ngày 05/7/2024.")
    import datetime  # noqa: PLC0415

    document.core_properties.created = document.core_properties.modified = datetime.datetime(*FIXED_TIME)
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_times(raw.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """The same zip with every member dated FIXED_TIME, so a rebuild gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def build() -> dict[str, bytes]:
    return {f"scan-{SCAN_SOURCE[:-4]}.pdf": scanned_pdf(paragraphs(SCAN_SOURCE)[:SCAN_PARAGRAPHS]),
            "bao-cao-hai-tinh.zip": report_zip(),
            "bieu-thu-ngan-sach-quang-nam-6-thang-2024.docx": budget_docx()}


def main() -> int:
    for name, data in build().items():
        (SAMPLES / name).write_bytes(data)
        print(f"samples/{name}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
