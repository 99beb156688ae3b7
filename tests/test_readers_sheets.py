"""Spreadsheets and CSV files: each sheet a table with its merged ranges, the sheet name as the
caption, title rows and notes as paragraphs, numbers written as the sheet shows them."""
from __future__ import annotations

import io
import zipfile

import pytest

from extractor.readers import ReadError, read, read_bytes
from extractor.readers.limits import ReadOptions
from extractor.readers.sheets import number_text

xlsxwriter = pytest.importorskip("xlsxwriter")
pytest.importorskip("python_calamine")


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "niengiam.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Biểu 19")
    ws.write_string(0, 0, "Dân số trung bình phân theo giới tính năm 2023")
    ws.write_string(1, 0, "Đơn vị tính: Người")
    # row 2 blank, column A blank below the title: trimmed
    ws.merge_range(3, 0, 4, 0, "Huyện, thị xã")
    ws.merge_range(3, 1, 3, 2, "Phân theo giới tính")
    ws.write_string(4, 1, "Nam")
    ws.write_string(4, 2, "Nữ")
    ws.write_string(5, 0, "Tuy Phước")
    ws.write_number(5, 1, 90215)
    ws.write_number(5, 2, 92340.0)
    ws.write_string(6, 0, "Phù Cát")
    ws.write_number(6, 1, 87012.5)
    ws.write_number(6, 2, 0.1 + 0.2)
    ws.write_string(8, 0, "Nguồn: Cục Thống kê tỉnh Bình Định.")
    other = wb.add_worksheet("Tốc độ tăng")
    other.write_row(0, 0, ["Chỉ tiêu", "2022", "2023"])
    other.write_row(1, 0, ["GRDP (%)", 7.5, 6.2])
    wb.close()
    return read(path)


def test_sheet_merged_ranges_become_spans(workbook):
    table = workbook.tables[0]
    assert (table.n_rows, table.n_cols, table.origin, table.caption) == (4, 3, "sheet", "Biểu 19")
    at = {(c.row, c.col): c for c in table.cells}
    assert (at[0, 0].text, at[0, 0].rowspan) == ("Huyện, thị xã", 2)
    assert (at[0, 1].text, at[0, 1].colspan) == ("Phân theo giới tính", 2)
    assert (1, 0) not in at and (0, 2) not in at
    assert len(table.cells) == 2 + 2 + 6


def test_sheet_numbers_as_the_sheet_shows_them(workbook):
    grid = workbook.tables[0].grid()
    assert [c.text for c in grid[2]] == ["Tuy Phước", "90215", "92340"]
    assert [c.text for c in grid[3]] == ["Phù Cát", "87012,5", "0,3"]


def test_sheet_title_rows_and_notes_are_paragraphs(workbook):
    text = workbook.text
    table = workbook.tables[0]
    assert text[:table.start] == "Dân số trung bình phân theo giới tính năm 2023\n\nĐơn vị tính: Người\n\n"
    assert text[table.end:].startswith("\n\nNguồn: Cục Thống kê tỉnh Bình Định.")
    assert [b.kind for b in workbook.blocks] == ["paragraph", "table", "paragraph", "table"]


def test_every_sheet_is_a_table_with_exact_offsets(workbook):
    assert [t.caption for t in workbook.tables] == ["Biểu 19", "Tốc độ tăng"]
    assert [c.text for c in workbook.tables[1].grid()[1]] == ["GRDP (%)", "7,5", "6,2"]
    for t in workbook.tables:
        assert all(workbook.text[c.start:c.end] == c.text for c in t.cells)


def test_number_text():
    assert [number_text(v) for v in (125430.0, 3, 1234.5, 1e-4, 2.5e20)] == \
        ["125430", "3", "1234,5", "0,0001", "250000000000000000000"]


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Lớp học">
<table:table-row><table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>Số lớp học</text:p>
</table:table-cell><table:covered-table-cell/><table:table-cell office:value-type="string"><text:p>2022</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Tiểu học</text:p></table:table-cell>
<table:table-cell office:value-type="string"><text:p>Công lập</text:p></table:table-cell>
<table:table-cell office:value-type="float" office:value="4512"><text:p>4512</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>""".replace(">\n<", "><")


def _ods() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", ODS_CONTENT)
        z.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
                   'xmlns:manifest:1.0"/>')
    return buf.getvalue()


def test_ods_sheet_by_content():
    src = read_bytes(_ods(), "lop-hoc", ReadOptions())
    assert src.format == "ods" and src.tables[0].caption == "Lớp học"
    assert [c.text for c in src.tables[0].grid()[1]] == ["Tiểu học", "Công lập", "4512"]


def test_ods_merged_cells():
    cell = read_bytes(_ods(), "lop-hoc.ods", ReadOptions()).tables[0].cells[0]
    assert (cell.text, cell.colspan) == ("Số lớp học", 2)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_is_sniffed(delimiter):
    rows = [["Tháng", "Doanh thu (tỷ đồng)", "So với cùng kỳ (%)"], ["Tháng 9", "4.120,5", "110,2"],
            ["Tháng 10", "4.520", "112,3"]]
    data = "\r\n".join(delimiter.join(f'"{t}"' if delimiter in t else t for t in r) for r in rows).encode("utf-8")
    src = read_bytes(data, "banle.csv", ReadOptions())
    (table,) = src.tables
    assert table.origin == "csv" and (table.n_rows, table.n_cols) == (3, 3)
    assert [c.text for c in table.grid()[1]] == ["Tháng 9", "4.120,5", "110,2"]
    assert all(src.text[c.start:c.end] == c.text for c in table.cells)


def test_csv_ragged_rows_are_padded():
    src = read_bytes("Xã,Số hộ,Số khẩu\nPhước Lộc,1.234\nPhước Thuận,2.001,8.120\n".encode(), "x.csv", ReadOptions())
    assert [c.text for c in src.tables[0].grid()[1]] == ["Phước Lộc", "1.234", ""]


def test_csv_of_ten_thousand_columns_is_prose():
    header = ",".join(f"Cột {k}" for k in range(10_000))
    values = ",".join(str(k) for k in range(10_000))
    src = read_bytes(f"{header}\n{values}\n".encode(), "wide.csv", ReadOptions())
    assert src.tables == () and "table 1 read as prose: 10000 columns" in src.notes
    assert "Cột 9999" in src.text and "| 9999" in src.text


def test_xlsx_bomb_fails_fast(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b" " * (300 * 1024 * 1024))
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(ReadError, match="expanding"):
        read(path)


def test_default_sheet_names_give_no_caption():
    from extractor.readers.sheets import sheet_caption

    assert [sheet_caption(n) for n in ("Sheet1", "Trang tính 2", "Biểu 19", "Năm 2023", "Sheet")] == \
        ["", "", "Biểu 19", "Năm 2023", "Sheet"]


def test_xlsx_number_formats_indent_and_bold(tmp_path):
    path = tmp_path / "ngansach.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["Chỉ tiêu", "Dự toán 2024", "Tỷ lệ"])
    ws.write_string(1, 0, "Tổng thu ngân sách", wb.add_format({"bold": True}))
    ws.write_number(1, 1, 12340.25, wb.add_format({"num_format": "#,##0.0"}))
    ws.write_number(1, 2, 0.1234, wb.add_format({"num_format": "0.0%"}))
    ws.write_string(2, 0, "Thu nội địa", wb.add_format({"indent": 2}))
    ws.write_number(2, 1, 9800, wb.add_format({"num_format": "#,##0"}))
    ws.write_number(2, 2, 1.5, wb.add_format({"num_format": "0.00"}))
    wb.close()
    src = read(path)
    (table,) = src.tables
    assert table.caption == ""
    grid = table.grid()
    assert [c.text for c in grid[1]] == ["Tổng thu ngân sách", "12.340,3", "12,3%"]
    assert [c.text for c in grid[2]] == ["Thu nội địa", "9.800", "1,50"]
    assert grid[1][0].bold and not grid[2][0].bold and grid[2][0].indent == 2


def test_sheet_reaching_the_last_cell_is_skipped_before_it_is_loaded(tmp_path):
    """One value in XFD1048576 would make the sheet's dense grid 17 billion cells: refused from the XML."""
    path = tmp_path / "xa.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    good = wb.add_worksheet("Biểu 1")
    good.write_row(0, 0, ["Huyện", "Số hộ"])
    good.write_row(1, 0, ["Tuy Phước", 4512])
    far = wb.add_worksheet("Biểu 2")
    far.write(0, 0, "Huyện")
    far.write(1048575, 16383, "x")
    wb.close()
    src = read(path)
    assert [c.text for c in src.tables[0].grid()[1]] == ["Tuy Phước", "4512"]
    assert "sheet 'Biểu 2' skipped: 1048576 × 16384 cells, over the limit" in src.notes
