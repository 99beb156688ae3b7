"""DOCX files keep their structure: body order, merged cells once with their spans, nested
tables, header rows, text boxes, page headers and footers, footnotes and endnotes."""
from __future__ import annotations

import io
import zipfile

import pytest

from extractor.readers import ReadError, read, read_bytes
from extractor.readers.limits import ReadOptions

docx = pytest.importorskip("docx")
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
INTRO = "Năm 2023, tổng sản phẩm trên địa bàn tỉnh (GRDP) tăng 7,5% so với năm trước."
AFTER = "Thu ngân sách nhà nước đạt 12.340 tỷ đồng, bằng 105,2% dự toán."


def _plan_table(document):
    """Chỉ tiêu | ĐVT | Năm 2023 (merged over Thực hiện, Kế hoạch) | So sánh (merged down two rows)."""
    t = document.add_table(rows=5, cols=5)
    head = [["Chỉ tiêu", "ĐVT", "Năm 2023", "", "So sánh (%)"], ["", "", "Thực hiện", "Kế hoạch", ""]]
    body = [["Tổng sản phẩm (GRDP)", "Tỷ đồng", "125.430", "120.000", "104,5"],
            ["Khu vực nông, lâm nghiệp", "Tỷ đồng", "30.210", "29.800", "101,4"],
            ["Khu vực công nghiệp", "Tỷ đồng", "45.012", "44.000", "102,3"]]
    for r, row in enumerate(head + body):
        for c, text in enumerate(row):
            if text:
                t.cell(r, c).text = text
    t.cell(0, 0).merge(t.cell(1, 0))
    t.cell(0, 1).merge(t.cell(1, 1))
    t.cell(0, 2).merge(t.cell(0, 3))
    t.cell(0, 4).merge(t.cell(1, 4))
    for row in t.rows[:2]:
        row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader xmlns:w="{W}"/>'))
    first = t.cell(2, 0).paragraphs[0]
    first.runs[0].bold = True
    t.cell(3, 0).paragraphs[0].paragraph_format.left_indent = Pt(14)
    return t


def _text_box(paragraph, text):
    xml = (f'<w:r xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
           f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    paragraph._p.append(parse_xml(xml))


FOOTNOTES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:t>Số liệu sơ bộ năm 2023, giá so sánh 2010.</w:t></w:r></w:p>'
             '</w:footnote></w:footnotes>')


def _with_footnotes(data: bytes) -> bytes:
    """The .docx with a footnotes part (python-docx writes none)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            if info.filename == "word/_rels/document.xml.rels":
                body = body.replace(b"</Relationships>", b'<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats'
                                    b'.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                                    b'</Relationships>')
            dst.writestr(info, body)
        dst.writestr("word/footnotes.xml", FOOTNOTES)
    return out.getvalue()


@pytest.fixture()
def report(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "UBND TỈNH BÌNH ĐỊNH - Báo cáo số 125/BC-UBND"
    document.sections[0].footer.paragraphs[0].text = "Trang 1"
    document.add_paragraph(INTRO)
    _text_box(document.add_paragraph("Biểu 1. Kết quả thực hiện các chỉ tiêu chủ yếu"), "Đơn vị tính: tỷ đồng")
    table = _plan_table(document)
    inner = table.cell(4, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Trong đó: công nghiệp chế biến", "38.100"
    document.add_paragraph(AFTER)
    buf = io.BytesIO()
    document.save(buf)
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(_with_footnotes(buf.getvalue()))
    return read(path)


def test_docx_merged_cells_once_with_spans(report):
    outer = report.tables[0]
    assert (outer.n_rows, outer.n_cols, outer.origin) == (5, 5, "docx")
    at = {(c.row, c.col): c for c in outer.cells}
    assert (at[0, 0].text, at[0, 0].rowspan, at[0, 0].colspan) == ("Chỉ tiêu", 2, 1)
    assert (at[0, 2].text, at[0, 2].colspan) == ("Năm 2023", 2)
    assert (at[0, 4].text, at[0, 4].rowspan) == ("So sánh (%)", 2)
    assert (1, 0) not in at and (0, 3) not in at and (1, 4) not in at
    assert [c.text for c in outer.cells if c.row == 1] == ["Thực hiện", "Kế hoạch"]
    assert [c.text for c in outer.grid()[2]] == ["Tổng sản phẩm (GRDP)", "Tỷ đồng", "125.430", "120.000", "104,5"]
    lines = report.text[outer.start:outer.end].split("\n")
    assert lines[:2] == ["Chỉ tiêu | ĐVT | Năm 2023 | So sánh (%)", "Thực hiện | Kế hoạch"]


def test_docx_cells_point_at_their_characters(report):
    for table in report.tables:
        for c in table.cells:
            assert report.text[c.start:c.end] == c.text


def test_docx_header_rows_bold_and_indent_hints(report):
    at = {(c.row, c.col): c for c in report.tables[0].cells}
    assert at[0, 0].header and at[1, 2].header and not at[2, 2].header
    assert at[2, 0].bold and not at[3, 0].bold
    assert at[3, 0].indent == 1 and at[2, 0].indent == 0


def test_docx_nested_table_follows_its_table(report):
    outer, inner = report.tables
    assert [c.text for c in inner.cells] == ["Trong đó: công nghiệp chế biến", "38.100"]
    assert outer.end < inner.start < report.text.index(AFTER)


def test_docx_body_order_text_box_header_footer_footnote(report):
    text = report.text
    kinds = [b.kind for b in report.blocks]
    assert kinds == ["header", "paragraph", "table", "table", "paragraph", "footer", "note"]
    order = ["UBND TỈNH BÌNH ĐỊNH", INTRO, "Biểu 1.", "Đơn vị tính: tỷ đồng", "Chỉ tiêu", "38.100", AFTER, "Trang 1",
             "Số liệu sơ bộ năm 2023"]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)
    header = report.blocks[0]
    assert text[header.start:header.end] == "UBND TỈNH BÌNH ĐỊNH - Báo cáo số 125/BC-UBND"
    note = report.blocks[-1]
    assert text[note.start:note.end] == "Số liệu sơ bộ năm 2023, giá so sánh 2010."


def test_docx_ragged_row_is_padded(tmp_path):
    document = docx.Document()
    t = document.add_table(rows=2, cols=3)
    for c, text in enumerate(["Huyện", "Số hộ", "Số khẩu"]):
        t.cell(0, c).text = text
    t.cell(1, 0).text, t.cell(1, 1).text = "Tuy Phước", "45.120"
    t.rows[1]._tr.remove(t.rows[1]._tr.tc_lst[-1])  # the row ends before the last column
    buf = io.BytesIO()
    document.save(buf)
    src = read_bytes(buf.getvalue(), "r.docx", ReadOptions())
    assert [c.text for c in src.tables[0].grid()[1]] == ["Tuy Phước", "45.120", ""]


def test_docx_zip_bomb_fails_fast_with_a_reason(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document/>" + b" " * (300 * 1024 * 1024))
    data = buf.getvalue()
    assert len(data) < 2 * 1024 * 1024
    path = tmp_path / "bomb.docx"
    path.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read(path)
    assert "expanding" in err.value.reason and "limit" in err.value.reason
    with pytest.raises(ReadError, match="uncompressed"):
        read(path, ReadOptions(max_total_bytes=100 * 1024 * 1024, max_ratio=10_000))


def test_docx_in_a_legacy_font_is_converted(tmp_path):
    from extractor.readers.encodings import encode

    def legacy(text):  # what Word shows for TCVN3 bytes set in .VnTime
        return encode(text, "tcvn3").decode("cp1252")

    document = docx.Document()
    run = document.add_paragraph().add_run(legacy("Số doanh nghiệp đang hoạt động tăng 12,5% so với cùng kỳ năm trước"))
    run.font.name = ".VnTime"
    t = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "Chỉ tiêu", (0, 1): "Năm 2023", (1, 0): "Doanh nghiệp thành lập mới",
                         (1, 1): "1.250"}.items():
        t.cell(r, c).paragraphs[0].add_run(legacy(text)).font.name = ".VnTime"
    buf = io.BytesIO()
    document.save(buf)
    src = read_bytes(buf.getvalue(), "cu.docx", ReadOptions())
    assert src.text.startswith("Số doanh nghiệp đang hoạt động tăng 12,5% so với cùng kỳ năm trước")
    assert [c.text for c in src.tables[0].cells] == ["Chỉ tiêu", "Năm 2023", "Doanh nghiệp thành lập mới", "1.250"]
    assert all(src.text[c.start:c.end] == c.text for c in src.tables[0].cells)
    assert "tcvn3" in src.conversion.lower()


def test_docx_mixing_a_capital_legacy_font_with_the_body_font_keeps_the_body_in_lower_case():
    from extractor.readers.encodings import encode

    document = docx.Document()
    title = document.add_paragraph().add_run(encode("BÁO CÁO TÌNH HÌNH KINH TẾ", "tcvn3").decode("cp1252"))
    title.font.name = ".VnTimeH"
    body = document.add_paragraph().add_run(encode("Số doanh nghiệp thành lập mới tăng 12,5%", "tcvn3").decode("cp1252"))
    body.font.name = ".VnTime"
    buf = io.BytesIO()
    document.save(buf)
    src = read_bytes(buf.getvalue(), "cu.docx", ReadOptions())
    assert "Số doanh nghiệp thành lập mới tăng 12,5%" in src.text


def test_clean_docx_is_not_converted(report):
    assert report.conversion == ""


def test_docx_part_too_big_to_parse_is_refused(monkeypatch):
    import extractor.readers.docx as reader

    document = docx.Document()
    document.add_paragraph(INTRO * 400)
    buf = io.BytesIO()
    document.save(buf)
    monkeypatch.setattr(reader, "MAX_XML_BYTES", 20_000)
    with pytest.raises(ReadError, match=r"word/document.xml of \d+ bytes is more than can be parsed"):
        read_bytes(buf.getvalue(), "dai.docx", ReadOptions())


def test_docx_tracked_changes_read_as_accepted():
    document = docx.Document()
    p = document.add_paragraph("Tổng thu ngân sách đạt ")
    p._p.append(parse_xml(f'<w:del xmlns:w="{W}" w:id="1" w:author="a"><w:r><w:delText>3.100</w:delText></w:r>'
                          '</w:del>'))
    p._p.append(parse_xml(f'<w:ins xmlns:w="{W}" w:id="2" w:author="a"><w:r><w:t>3.370</w:t></w:r></w:ins>'))
    p.add_run(" tỷ đồng.")
    buf = io.BytesIO()
    document.save(buf)
    assert read_bytes(buf.getvalue(), "sua.docx", ReadOptions()).text == "Tổng thu ngân sách đạt 3.370 tỷ đồng."


def test_docx_letterhead_table_is_read_as_paragraphs():
    document = docx.Document()
    head = document.add_table(rows=2, cols=2)
    head.cell(0, 0).text, head.cell(0, 1).text = "UBND TỈNH BÌNH ĐỊNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    head.cell(1, 0).text, head.cell(1, 1).text = "Số: 125/BC-UBND", "Bình Định, ngày 15 tháng 10 năm 2023"
    document.add_paragraph(INTRO)
    data = document.add_table(rows=2, cols=2)
    data.cell(0, 0).text, data.cell(0, 1).text = "Chỉ tiêu", "Năm 2023"
    data.cell(1, 0).text, data.cell(1, 1).text = "GRDP (tỷ đồng)", "125.430"
    buf = io.BytesIO()
    document.save(buf)
    src = read_bytes(buf.getvalue(), "bc.docx", ReadOptions())
    assert len(src.tables) == 1 and src.tables[0].grid()[1][1].text == "125.430"
    assert src.text.startswith("UBND TỈNH BÌNH ĐỊNH\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố: 125/BC-UBND\n\n"
                               "Bình Định, ngày 15 tháng 10 năm 2023\n\n" + INTRO)
    assert [b.kind for b in src.blocks] == ["paragraph", "table"]
