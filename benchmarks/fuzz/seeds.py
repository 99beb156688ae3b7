"""Small well-formed inputs to start each fuzzer from (written, not shipped: made at run time)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

SENTENCE = "Tổng thu ngân sách đạt 5.234 tỷ đồng, tăng 12,5% so với cùng kỳ năm 2023."
ROWS = [["Chỉ tiêu", "Năm 2023", "Năm 2024"], ["Diện tích lúa (ha)", "1.234,5", "1.300"], ["Sản lượng (tấn)", "7.890", "8.012"]]


def _docx() -> bytes:
    import docx  # noqa: PLC0415

    d = docx.Document()
    d.add_paragraph(SENTENCE)
    t = d.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for r, row in enumerate(ROWS):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _pdf() -> bytes:
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415
    from reportlab.pdfgen import canvas  # noqa: PLC0415

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    try:
        pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
        c.setFont("DejaVu", 10)
    except Exception:  # noqa: BLE001  (no font: an ASCII page still seeds the PDF parser)
        pass
    c.drawString(40, 800, SENTENCE)
    c.save()
    return buf.getvalue()


def _xlsx() -> bytes:
    import xlsxwriter  # noqa: PLC0415

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet()
    for r, row in enumerate(ROWS):
        ws.write_row(r, 0, row)
    book.close()
    return buf.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _odt() -> bytes:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
               f'<text:p>{SENTENCE}</text:p></office:text></office:body></office:document-content>')
    return _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": content.encode()})


def seeds() -> dict[str, list[bytes]]:
    html = ("<html><body><p>" + SENTENCE + "</p><table>" +
            "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in ROWS) +
            "</table></body></html>").encode()
    csv_bytes = "\n".join(",".join(f'"{v}"' for v in row) for row in ROWS).encode()
    eml = ("From: a@example.invalid\nTo: b@example.invalid\nSubject: bao cao\nContent-Type: text/plain; "
           "charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + SENTENCE + "\n").encode()
    rtf = ("{\\rtf1\\ansi\\uc1 T\\u7893?ng thu \\u273?\\u7841?t 5 t\\u7927? \\u273?\\u7891?ng.\\par}").encode()
    return {
        "extract": [SENTENCE.encode(), b"1 1 1 1", "Quý I/2024 giảm 2,5%; 29/12/2023".encode()],
        "table": ["|".join(v for row in ROWS for v in row).encode()],
        "read_text": [SENTENCE.encode(), SENTENCE.encode("utf-16"), SENTENCE.encode("utf-32"),
                      SENTENCE.encode("cp1258", errors="replace")],
        "read_html": [html],
        "read_docx": [_docx()],
        "read_pdf": [_pdf()],
        "read_sheets": [_xlsx()],
        "read_csv": [csv_bytes],
        "read_office": [_odt()],
        "read_rtf": [rtf],
        "read_mail": [eml],
        "read_archives": [_zip({"a.txt": SENTENCE.encode(), "b/c.html": html})],
    }


def write(folder: Path, name: str) -> Path:
    """The seeds of harness ``name`` as files in ``folder/name`` (kept: the fuzzer adds to them)."""
    out = folder / name
    out.mkdir(parents=True, exist_ok=True)
    for k, data in enumerate(seeds().get(name, [])):
        (out / f"seed-{k}").write_bytes(data)
    return out
