"""PDF text layers keep their structure: ruled tables as grids with merged cells rebuilt, prose
around them in reading order, pages without text OCR'd or noted, the page cap."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import need

from extractor.readers import ReadError, read
from extractor.readers.limits import ReadOptions

pytest.importorskip("pdfplumber")
reportlab = pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
@pytest.fixture(autouse=True)
def _font():
    need(FONT.exists(), "DejaVuSans (Debian package fonts-dejavu-core)")

TITLE = "Biểu 3. Diện tích và sản lượng lúa phân theo huyện năm 2023"
NOTE = "Nguồn: Cục Thống kê tỉnh, số liệu sơ bộ."
PROSE = "Năm 2024, tỉnh phấn đấu sản lượng lương thực đạt 1,2 triệu tấn."
ROWS = [["Huyện", "Diện tích (ha)", "", "Sản lượng (tấn)"],
        ["", "Vụ Đông Xuân", "Vụ Mùa", ""],
        ["Tuy Phước", "12.340", "11.870", "148.215"],
        ["Phù Cát", "9.812,5", "9.640", "117.034"],
        ["An Nhơn, thị xã có diện tích gieo trồng lớn", "8.120", "7.995", "99.870"]]


def _style():
    pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    return ParagraphStyle("vi", fontName="DejaVu", fontSize=10, leading=13)


def _pdf(path: Path, pages=2):
    style = _style()
    cell = ParagraphStyle("cell", parent=style, fontSize=9, leading=11)
    data = [[Paragraph(t, cell) if len(t) > 20 else t for t in row] for row in ROWS]
    table = Table(data, colWidths=[120, 90, 90, 100])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "DejaVu"), ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (2, 0)), ("SPAN", (3, 0), (3, 1))]))
    story = [Paragraph(TITLE, style), Spacer(1, 8), table, Spacer(1, 8), Paragraph(NOTE, style)]
    if pages > 1:
        story += [PageBreak(), Paragraph(PROSE, style)]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return read(_pdf(tmp_path_factory.mktemp("pdf") / "lua.pdf"))


def test_pdf_ruled_table_merged_cells_rebuilt(report):
    (table,) = report.tables
    assert (table.n_rows, table.n_cols, table.origin) == (5, 4, "pdf-ruled")
    at = {(c.row, c.col): c for c in table.cells}
    assert (at[0, 0].text, at[0, 0].rowspan, at[0, 0].colspan) == ("Huyện", 2, 1)
    assert (at[0, 1].text, at[0, 1].colspan) == ("Diện tích (ha)", 2)
    assert (at[0, 3].text, at[0, 3].rowspan) == ("Sản lượng (tấn)", 2)
    assert [c.text for c in table.grid()[3]] == ["Phù Cát", "9.812,5", "9.640", "117.034"]
    assert len(table.cells) == 3 + 2 + 12


def test_pdf_wrapped_cell_is_one_line(report):
    grid = report.tables[0].grid()
    assert grid[4][0].text == "An Nhơn, thị xã có diện tích gieo trồng lớn"


def test_pdf_cells_point_at_their_characters(report):
    for c in report.tables[0].cells:
        assert report.text[c.start:c.end] == c.text


def test_pdf_prose_around_the_table_in_reading_order(report):
    text = report.text
    assert [b.kind for b in report.blocks] == ["paragraph", "table", "paragraph"]
    assert text.index(TITLE) < report.tables[0].start < report.tables[0].end < text.index(NOTE) < text.index(PROSE)
    assert "12.340" not in text[:report.tables[0].start] + text[report.tables[0].end:]  # cells written once


def test_pdf_page_without_text_is_noted_when_ocr_is_off(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    path = _pdf(tmp_path / "a.pdf", pages=1)
    writer = pypdf.PdfWriter(clone_from=str(path))
    writer.add_blank_page(width=595, height=842)
    with (tmp_path / "b.pdf").open("wb") as fh:
        writer.write(fh)
    src = read(tmp_path / "b.pdf", ReadOptions(ocr=False))
    assert "page 2 not OCR'd (--no-ocr)" in src.notes and TITLE in src.text


def test_pdf_scanned_page_is_ocred_with_confidences(tmp_path):
    need(shutil.which("tesseract") is not None, "tesseract-ocr (Debian package)")
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.pdfgen import canvas

    image = Image.new("L", (2480, 700), 255)
    draw = ImageDraw.Draw(image)
    draw.text((120, 200), "Sản lượng lúa đạt 148.215 tấn.", font=ImageFont.truetype(str(FONT), 90), fill=0)
    png = tmp_path / "scan.png"
    image.save(png, dpi=(300, 300))
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(str(png), 0, A4[1] - 170, width=A4[0], height=A4[0] * 700 / 2480)
    c.save()
    src = read(path)
    assert "148.215" in src.text and src.confidences
    assert "page 1: OCR" in src.notes
    words = [src.text[a:b] for a, b, _ in src.confidences]
    assert "148.215" in words and all(0 <= conf <= 100 for _, _, conf in src.confidences)


def test_pdf_page_cap_is_a_reason(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    for _ in range(300):
        writer.add_blank_page(width=595, height=842)
    path = tmp_path / "long.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(ReadError, match="PDF of 300 pages \\(the limit is 200\\)"):
        read(path, ReadOptions(max_pages=200))


def test_pdf_broken_file_reason_has_no_address(tmp_path):
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF")
    with pytest.raises(ReadError) as err:
        read(path)
    assert "0x" not in err.value.reason and "hong.pdf" in str(err.value)


def test_pdf_wrapped_lines_join_and_child_rows_are_indented(tmp_path):
    style = _style()
    title = ("Vốn đầu tư thực hiện từ nguồn ngân sách nhà nước do địa phương quản lý phân theo cấp quản lý "
             "tháng 10 năm 2024")
    child = ParagraphStyle("child", parent=style, fontSize=9, leftIndent=16)
    plain = ParagraphStyle("plain", parent=style, fontSize=9)
    data = [["Chỉ tiêu", "Tháng 10"], [Paragraph("Tổng số", plain), "655,8"],
            [Paragraph("Vốn cấp tỉnh", child), "432,5"], [Paragraph("Vốn cấp huyện", child), "201,6"]]
    table = Table(data, colWidths=[200, 100])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "DejaVu"), ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    path = tmp_path / "von.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(title, style), Paragraph("Đơn vị tính: Tỷ đồng", style),
                                                     Spacer(1, 8), table])
    src = read(path)
    assert src.text.startswith(title + "\nĐơn vị tính: Tỷ đồng\n\n")  # the wrap is a space, the short line ends
    labels = {c.text: c.indent for c in src.tables[0].cells if c.col == 0}
    assert labels["Tổng số"] == 0 and labels["Vốn cấp tỉnh"] == labels["Vốn cấp huyện"] == 2


def test_pdf_text_layer_in_legacy_font_mojibake_is_converted(tmp_path):
    from extractor.readers.encodings import encode

    style = _style()
    # (no "ư": its TCVN3 byte is a soft hyphen in cp1252, which the PDF writer here does not draw)
    lines = ["Số doanh nghiệp đang hoạt động tăng 12,5% so với cùng kỳ năm 2022.",
             "Tổng thu ngân sách đạt 3.370 tỷ đồng."]
    path = tmp_path / "cu.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(encode(t, "tcvn3").decode("cp1252"), style)
                                                     for t in lines])
    src = read(path)
    assert src.text == "\n".join(lines) and src.conversion


def test_clean_pdf_is_not_converted(report):
    assert report.conversion == ""
