"""HTML pages keep their structure: paragraphs and tables in order, merged cells once with their
spans, captions, nested tables; page furniture and publication stamps left out."""
from __future__ import annotations

import pytest

from extractor.readers import read, read_bytes
from extractor.readers.layout import Grid, GridCell, Layout
from extractor.readers.limits import ReadOptions

pytest.importorskip("lxml")

PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Tin kinh tế</title>
<script>var x = "2023";</script></head><body>
<nav><a href="/">Trang chủ</a> <a href="/kt">Kinh tế</a> <a href="/xh">Xã hội</a></nav>
<div class="main-menu"><a href="/1">Giới thiệu</a><a href="/2">Tin tức năm 2022</a><a href="/3">Liên hệ</a></div>
<article>
<h1>Tình hình kinh tế - xã hội tháng 10 năm 2023</h1>
<p class="post-date">Cập nhật: 15/02/2023</p>
<p>Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng tháng 10 ước đạt 4.520 tỷ đồng,
tăng 12,3% so với cùng kỳ năm trước.</p>
<table>
<caption>Doanh thu bán lẻ hàng hóa tháng 10 năm 2023</caption>
<thead>
<tr><th rowspan="2">Chỉ tiêu</th><th colspan="2">Năm 2023 (tỷ đồng)</th><th rowspan="2">So với cùng kỳ (%)</th></tr>
<tr><th>Tháng 10</th><th>10 tháng</th></tr>
</thead>
<tbody>
<tr><td><b>Tổng số</b></td><td>4.520</td><td>42.130,5</td><td>112,3</td></tr>
<tr><td style="padding-left:24px">Bán lẻ hàng hóa</td><td>3.100</td><td>29.012</td><td>110,8</td></tr>
<tr><td style="padding-left:24px">Dịch vụ lưu trú, ăn uống</td><td>610</td><td>5.871,2</td><td>118,4</td></tr>
</tbody>
</table>
<p>Lượt xem: 1.234</p>
<p>Chỉ số giá tiêu dùng bình quân 10 tháng tăng 3,2%.</p>
</article>
<ul class="tin-lien-quan"><li><a href="/x">Kinh tế tháng 9 năm 2023 tăng 8%</a></li></ul>
<footer>Bản quyền 2023 Cổng thông tin điện tử tỉnh</footer>
</body></html>"""


@pytest.fixture()
def page(tmp_path):
    path = tmp_path / "tin.html"
    path.write_text(PAGE, encoding="utf-8")
    return read(path)


def test_html_table_grid_with_merged_header_cells(page):
    (table,) = page.tables
    assert (table.n_rows, table.n_cols, table.origin) == (5, 4, "html")
    head = {(c.row, c.col): c for c in table.cells if c.header}
    assert (head[0, 0].text, head[0, 0].rowspan) == ("Chỉ tiêu", 2)
    assert (head[0, 1].text, head[0, 1].colspan) == ("Năm 2023 (tỷ đồng)", 2)
    assert (head[0, 3].rowspan, head[1, 1].text, head[1, 2].text) == (2, "Tháng 10", "10 tháng")
    grid = table.grid()
    assert grid[1][0] is head[0, 0] and grid[0][2] is head[0, 1]  # merged cells cover, written once
    assert [c.text for c in grid[3]] == ["Bán lẻ hàng hóa", "3.100", "29.012", "110,8"]
    assert len(table.cells) == 3 + 2 + 12  # every position once, no repeats


def test_html_cells_point_at_their_characters(page):
    for table in page.tables:
        for c in table.cells:
            assert page.text[c.start:c.end] == c.text
        assert page.text[table.start:table.end].startswith("Chỉ tiêu")


def test_html_hints_bold_indent_caption(page):
    (table,) = page.tables
    cells = {c.text: c for c in table.cells}
    assert cells["Tổng số"].bold and not cells["Bán lẻ hàng hóa"].bold
    assert cells["Bán lẻ hàng hóa"].indent == 2 and cells["Tổng số"].indent == 0
    assert table.caption == "Doanh thu bán lẻ hàng hóa tháng 10 năm 2023"


def test_html_body_order_and_blank_lines_around_the_table(page):
    kinds = [b.kind for b in page.blocks]
    assert kinds == ["paragraph", "table", "paragraph"]
    text = page.text
    assert text.index("4.520 tỷ đồng") < text.index("Doanh thu bán lẻ hàng hóa tháng 10") < text.index("Chỉ tiêu") \
        < text.index("3,2%")
    table = page.tables[0]
    assert text[table.start - 2:table.start] == "\n\n" and text[table.end:table.end + 2] == "\n\n"


def test_html_leaves_out_stamps_menus_related_lists_and_scripts(page):
    for gone in ("Cập nhật", "15/02/2023", "Lượt xem", "1.234", "Trang chủ", "Tin tức năm 2022",
                 "tháng 9 năm 2023", "Bản quyền", "var x"):
        assert gone not in page.text, gone
    assert "1 publication stamp" not in " ".join(page.notes) and "2 publication stamp(s) left out" in page.notes


def test_html_stamp_words_inside_prose_are_kept(tmp_path):
    body = ("<p>Cập nhật số liệu đến ngày 15/02/2023, toàn tỉnh có 1.250 doanh nghiệp thành lập mới, "
            "tăng 8,5% so với cùng kỳ năm trước, vốn đăng ký đạt 12.400 tỷ đồng.</p>"
            "<p>Cập nhật: 16/02/2023 08:15</p>")
    src = read_bytes(f"<html><body>{body}</body></html>".encode(), "t.html", ReadOptions())
    assert "1.250 doanh nghiệp" in src.text and "16/02/2023" not in src.text


def test_html_nested_table_is_laid_out_after_its_table(tmp_path):
    html = ("<html><body><table><tr><td>Huyện</td><td>Số xã</td></tr>"
            "<tr><td>Phù Cát<table><tr><td>Thị trấn</td><td>2</td></tr></table></td><td>16</td></tr>"
            "</table></body></html>")
    src = read_bytes(html.encode(), "n.html", ReadOptions())
    outer, inner = src.tables
    assert [c.text for c in outer.cells] == ["Huyện", "Số xã", "Phù Cát", "16"]
    assert [c.text for c in inner.cells] == ["Thị trấn", "2"]
    assert outer.end < inner.start
    assert [b.kind for b in src.blocks] == ["table", "table"]


def test_html_cell_with_paragraphs_is_one_line(tmp_path):
    html = ("<html><body><table><tr><td><p>Thu nội địa</p><p>(không kể dầu thô)</p></td>"
            "<td>1.234<br>tỷ đồng</td></tr></table></body></html>")
    src = read_bytes(html.encode(), "p.html", ReadOptions())
    assert [c.text for c in src.tables[0].cells] == ["Thu nội địa (không kể dầu thô)", "1.234 tỷ đồng"]
    assert "\n" not in src.text


def test_html_ragged_rows_are_padded_and_empty_tables_dropped():
    html = ("<html><body><p>Bảng 1. Số trường học năm học 2023-2024</p><table></table>"
            "<table><tr><td>Tiểu học</td><td>120</td><td>118</td></tr><tr><td>THCS</td><td>85</td></tr></table>"
            "<table><tr><td> </td></tr></table></body></html>")
    src = read_bytes(html.encode(), "r.html", ReadOptions())
    (table,) = src.tables
    assert (table.n_rows, table.n_cols) == (2, 3)
    assert [c.text for c in table.grid()[1]] == ["THCS", "85", ""]
    assert src.notes == ("table 1 dropped: empty", "table 3 dropped: empty")
    assert "Bảng 1. Số trường học" in src.text


def test_html_over_wide_table_is_read_as_prose():
    cells = "".join(f"<td>{k}</td>" for k in range(300))
    html = f"<html><body><p>Mã số các xã.</p><table><tr>{cells}</tr></table><p>Hết.</p></body></html>"
    src = read_bytes(html.encode(), "w.html", ReadOptions())
    assert src.tables == () and "table 1 read as prose: 300 columns" in src.notes
    assert "0 | 1 | 2" in src.text and src.text.endswith("Hết.")


def test_html_huge_spans_do_not_blow_up():
    html = ('<html><body><table><tr><td rowspan="65534" colspan="99999">Tổng</td><td>5</td></tr>'
            '<tr><td>6</td></tr></table></body></html>')
    src = read_bytes(html.encode(), "s.html", ReadOptions())
    assert "Tổng" in src.text and "5" in src.text and "6" in src.text


def test_html_deeply_nested_divs_are_read(tmp_path):
    depth = 20_000
    html = "<html><body>" + "<div>" * depth + "<p>Sản lượng lúa đạt 1.234 tấn.</p>" + "</div>" * depth + \
        "<p>Diện tích gieo trồng 560 ha.</p></body></html>"
    src = read_bytes(html.encode(), "deep.html", ReadOptions())
    assert "1.234 tấn" in src.text and "560 ha" in src.text  # below the parser's depth limit: flattened, kept
    assert any("nested too deeply" in n for n in src.notes)


def test_layout_offsets_for_prose_and_tables():
    lay = Layout()
    lay.paragraph("Năm 2024, tỉnh phấn đấu tăng trưởng 8%.")
    lay.table(Grid((GridCell(0, 0, "Chỉ tiêu"), GridCell(0, 1, "KH 2024"), GridCell(1, 0, "GRDP\n(tỷ đồng)"),
                    GridCell(1, 1, " 125.430 "))))
    lay.paragraph("Ghi chú: số liệu sơ bộ.", kind="note")
    src = lay.source("x", "html")
    assert src.text == "Năm 2024, tỉnh phấn đấu tăng trưởng 8%.\n\nChỉ tiêu | KH 2024\nGRDP (tỷ đồng) | 125.430" \
                       "\n\nGhi chú: số liệu sơ bộ."
    assert [b.kind for b in src.blocks] == ["paragraph", "table", "note"]
    for b in src.blocks:
        assert src.text[b.start:b.end].strip() == src.text[b.start:b.end]
    assert all(src.text[c.start:c.end] == c.text for c in src.tables[0].cells)


PORTAL = """<html><head><meta charset="utf-8"></head><body>
<div id="header"><div class="logo">Cổng thông tin điện tử tỉnh</div>
<ul class="nav-top"><li><a href="/">Trang chủ</a></li><li><a href="/gt">Giới thiệu</a></li></ul></div>
<div class="container"><div class="col-left">
<div class="box-weather">Thời tiết Quy Nhơn: 28°C, độ ẩm 80%</div>
<div class="ty-gia">USD 24.500 đồng</div>
<div class="counter">Lượt truy cập: 12.345.678</div>
</div>
<div class="news-detail"><h1>Kinh tế tỉnh 9 tháng năm 2023</h1>
<div class="meta">Ngày đăng: 03/10/2023 08:15 | Lượt xem: 2.104</div>
<p>Tổng sản phẩm trên địa bàn 9 tháng ước tăng 6,1% so với cùng kỳ.</p>
<div class="tin-cung-chuyen-muc"><h3>Tin cùng chuyên mục</h3>
<a href="/1">Kinh tế 6 tháng tăng 5%</a> <a href="/2">Xuất khẩu đạt 1,2 tỷ USD</a> <a href="/3">Thu ngân sách 2022</a></div>
</div></div><div id="footer">Bản quyền © 2023. Điện thoại: 0256 3822 001</div></body></html>"""


def test_html_portal_widgets_and_lists_are_left_out():
    src = read_bytes(PORTAL.encode(), "portal.html", ReadOptions())
    assert src.text == "Kinh tế tỉnh 9 tháng năm 2023\n\nTổng sản phẩm trên địa bàn 9 tháng ước tăng 6,1% so với cùng kỳ."


def test_html_layout_table_is_read_as_the_page_it_holds():
    article = "".join(f"<p>Đoạn {k}: sản lượng thủy sản đạt {k},5 nghìn tấn, tăng {k}% so với cùng kỳ.</p>"
                      for k in range(1, 5))
    html = ("<html><body><table width='100%'><tr><td class='left'><a href='/'>Trang chủ</a></td><td>"
            f"<h2>Tình hình sản xuất tháng 10</h2>{article}"
            "<table><tr><td>Huyện</td><td>Sản lượng (tấn)</td></tr><tr><td>Phù Mỹ</td><td>1.250</td></tr></table>"
            "</td></tr></table></body></html>")
    src = read_bytes(html.encode(), "cu.html", ReadOptions())
    assert [b.kind for b in src.blocks] == ["paragraph", "table"]
    (table,) = src.tables
    assert [c.text for c in table.grid()[1]] == ["Phù Mỹ", "1.250"]
    assert "Đoạn 1: sản lượng thủy sản đạt 1,5 nghìn tấn, tăng 1% so với cùng kỳ.\n\nĐoạn 2:" in src.text


def test_br_breaks_the_line_not_the_paragraph_and_a_stamp_line_is_left_out():
    from extractor.pipeline import extract_source

    page = ("<html><body><article><p>Năm 2024, tỉnh phấn đấu giải quyết việc làm cho 25.500 lao động.<br>"
            "Thu ngân sách đạt 6.150 tỷ đồng.<br>Cập nhật: 15/02/2023</p>"
            "<p>Tỷ lệ hộ nghèo giảm 1,2%.</p></article></body></html>").encode("utf-8")
    src = read_bytes(page, "bao-cao.html", ReadOptions())
    assert src.text.startswith("Năm 2024, tỉnh phấn đấu giải quyết việc làm cho 25.500 lao động.\n"
                               "Thu ngân sách đạt 6.150 tỷ đồng.\n\nTỷ lệ hộ nghèo")
    assert "Cập nhật" not in src.text
    money = [f for f in extract_source(src).facts if f.kind == "money"]
    assert [(f.status, f.period) for f in money] == [("target", "2024")]  # the opening still frames it
