"""The pieces of the table reader one by one: a cell's number, unit phrases, header times, status,
qualifier and basis from headers, row labels as metrics, and the header model of a grid."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extractor import resources
from extractor.tables.columns import read_column as _column
from extractor.tables.cells import grouping_of, read_cell
from extractor.tables.header import layout
from extractor.tables.labels import clean_label, title_measure
from extractor.tables.policy import basis, is_estimate, status_of
from extractor.tables.times import combine, is_time_only, time_of
from extractor.tables.units import caption_unit, header_unit, read_unit, split_label_unit
from extractor.lexicon import lexicon
from tests.test_tables_facts import grid


@pytest.mark.parametrize("text,value,value_max,qualifier,percent", [
    ("4736,0", "4736.0", None, "", False),
    ("1.487.640", "1487640", None, "", False),
    ("230 065", "230065", None, "", False),
    ("12 345,6", "12345.6", None, "", False),
    ("-0,109", "-0.109", None, "", False),
    ("−12,159", "-12.159", None, "", False),
    ("6,6-6,8", "6.6", "6.8", "", False),
    ("1 - 1,5", "1", "1.5", "", False),
    ("4,99%-5,59%", "4.99", "5.59", "", True),
    ("Khoảng 3.700", "3700", None, "approx", False),
    ("Trên 90", "90", None, "over", False),
    ("Dưới 3", "3", None, "under", False),
    ("Gần 1.000", "1000", None, "nearly", False),
    ("3.44%", "3.44", None, "", True),
    ("1.234*", "1234", None, "", False),
    ("Giảm 0,8-1", "0.8", "1", "", False),  # a plan's "Giảm 1": the figure, with no direction in a table
    ("Tăng khoảng 5", "5", None, "approx", False),
    ("+5,2", "5.2", None, "", False),
    ("~ 50", "50", None, "approx", False),
    ("> 50", "50", None, "over", False),
])
def test_tables_cell_numbers(text, value, value_max, qualifier, percent):
    r = read_cell(text)
    assert r is not None, text
    assert (r.value, r.value_max, r.qualifier, r.percent) == \
        (Decimal(value), Decimal(value_max) if value_max else None, qualifier, percent)


@pytest.mark.parametrize("text", ["-", "x", "…", "...", "", "Vượt", "Đạt", "Xuất siêu", "Tăng 5 lần so với",
                                  "123/QĐ-UBND", "0914123456", "0256.3822.501", "12/3/2024", "7:30", "7h30",
                                  "Bộ KHĐT", "2019-2018", "(*)", "(5)", "≥", "+", "%", "1 -"])
def test_tables_cells_that_are_no_number(text):
    assert read_cell(text) is None


def test_tables_english_grouping_only_when_nothing_contradicts_it():
    assert grouping_of(["1,512,300", "48.9", "2,104"])
    assert not grouping_of(["1,512,300", "4736,0"])  # a decimal comma: Vietnamese
    assert not grouping_of(["1.234.567", "12,5"])
    assert not grouping_of(["1.234", "12.5"])  # a dot decimal alone proves nothing: "1.234" stays 1234
    assert read_cell("2,104", english=True).value == Decimal("2104")
    assert read_cell("48.9", english=True).value == Decimal("48.9")
    assert read_cell("2,104").value == Decimal("2.104")


@pytest.mark.parametrize("phrase,kind,unit,scale", [
    ("Tỷ đồng", "money", "VND", "1000000000"),
    ("Triệu USD", "money", "USD", "1000000"),
    ("Nghìn người", "quantity", "người", "1000"),
    ("%", "percent", "%", "1"),
    ("Ha", "quantity", "ha", "1"),
    ("kg/ha/năm", "quantity", "kg/ha/năm", "1"),
    ("Lượt khách", "quantity", "lượt khách", "1"),
    ("Điểm %", "quantity", "điểm phần trăm", "1"),
    ("1000 USD", "money", "USD", "1000"),
    ("Đồng/người/tháng", "money", "VND/người/tháng", "1"),
])
def test_tables_unit_phrases_read_by_the_prose_lexicons(phrase, kind, unit, scale):
    u = read_unit(phrase)
    assert (u.kind, u.unit, u.scale) == (kind, unit, Decimal(scale))


@pytest.mark.parametrize("phrase", ["GDP", "Tỷ lệ", "Bình quân", "Năm trước = 100", "Kể cả tiến sĩ, thạc sĩ"])
def test_tables_phrases_that_are_no_unit(phrase):
    assert read_unit(phrase) is None


def test_tables_units_in_labels_headers_and_captions():
    assert split_label_unit("Bội chi so với GDP (%)")[1].kind == "percent"
    assert split_label_unit("Chỉ số phát triển (Năm trước = 100) - %") == \
        ("Chỉ số phát triển (Năm trước = 100)", read_unit("%"))
    assert split_label_unit("Dược sĩ (Kể cả tiến sĩ, thạc sĩ, chuyên khoa)")[1] is None
    assert header_unit("Bệnh viện") is None  # a counted noun names a column, not its unit
    assert header_unit("(Người)").unit == "người"
    assert header_unit("Tấn").unit == "tấn"
    assert header_unit("10 tháng") is None and read_unit("1000 USD").scale == 1000
    assert caption_unit("Đơn vị tính: Tỷ đồng").unit == "VND"
    assert caption_unit("(ĐVT: Nghìn tấn)").scale == Decimal(1000)
    assert caption_unit("Tỷ lệ hộ nghèo các huyện (%)").kind == "percent"
    assert caption_unit("So với cùng kỳ (%)", leads_only=True) is None
    assert caption_unit("Dân số trung bình năm 2023") is None


@pytest.mark.parametrize("header,date", [
    ("Năm 2023", "2023"), ("2023", "2023"), ("Sơ bộ 2023", "2023"), ("Kế hoạch năm 2019", "2019"),
    ("Tháng 10/2023", "2023-10"), ("tháng 10 năm 2023", "2023-10"), ("Quý I/2024", "2024-Q1"),
    ("quý I năm 2019", "2019-Q1"), ("6 tháng đầu năm 2024", "2024-H1"),
    ("Cộng dồn 6 tháng năm 2015", "2015-01/2015-06"), ("Lũy kế 10 tháng năm 2023", "2023-01/2023-10"),
    ("2018-2019", "2018/2019"), ("Tháng 7", "--07"), ("Quý II", "Q2"), ("10 tháng", "01/10"),
])
def test_tables_header_times(header, date):
    assert time_of(header) == date


def test_tables_times_combine_row_column_and_caption():
    assert combine("--07", "2018") == "2018-07"
    assert combine("Q1", "2008") == "2008-Q1"
    assert combine("", "2023-10", "2023") == "2023-10"
    assert combine("--12", "") == "--12"
    assert is_time_only("Sơ bộ 2019") and is_time_only("Năm học 2019-2020") and is_time_only("Quý I")
    assert not is_time_only("Tháng 12 năm báo cáo so với tháng 12 năm trước")
    assert not is_time_only("Dân số năm 2020")
    assert is_time_only("Cả năm") and not is_time_only("Kế hoạch") and not is_time_only("Bình quân tháng")


@pytest.mark.parametrize("header,expected", [
    (key, value) for key, value in lexicon().examples["tables"].items()])
def test_tables_header_examples_of_the_patterns_file(header, expected):
    status, qualifier, base, period = [x if x != "-" else "" for x in expected.split()]
    col = _column((header,))
    assert col.status == status
    assert ("approx" if col.estimate else "") == qualifier
    assert (col.basis if col.basis is not None else "") == ("" if base == "fixed" else base)
    assert col.comparison == bool(base)
    assert col.time == period


def test_tables_status_from_the_lowest_level_that_says_one():
    assert status_of(("Năm 2024", "Kế hoạch")) == "target"
    assert status_of(("Kế hoạch năm 2024", "Thực hiện 6 tháng")) == "actual"
    assert status_of(("Kế hoạch 2025 so với ước TH 2024 (%)",)) == "target"
    assert status_of(("Vốn chương trình mục tiêu quốc gia",)) == "actual"
    assert status_of(("Dự toán năm 2024", "Kinh phí thực hiện tự chủ")) == "target"
    assert status_of(("Dự toán năm 2024", "Thực hiện 9 tháng")) == "actual"
    assert is_estimate(("ƯTH năm 2024",)) and is_estimate(("Ước tính", "Tháng 11"))
    assert not is_estimate(("Thực hiện tháng 10",))


def test_tables_bases():
    assert basis("So cùng kỳ") == "same_period"
    assert basis("% KH năm") == "plan"
    assert basis("so với dự toán") == "plan"
    assert basis("Năm 2023 so với năm 2022 (%)") == "previous_year"
    assert basis("so với tháng 12 năm 2017") == ""  # a fixed base
    assert basis("2024/2021 (%)") == ""
    assert basis("TH 2023/TH 2022") == "previous_year"
    assert basis("Cùng kỳ năm trước") is None  # the base period's own level, no comparison
    assert basis("Cùng kỳ (%)", percent_hint=True) == "same_period"
    assert basis("Cơ cấu (%)", percent_hint=True) is None
    assert basis("Kế hoạch năm 2024 (%)", percent_hint=True) is None  # a plan in percent
    assert status_of(("Kế hoạch năm 2024 (%)",)) == "target"
    assert basis("So sánh ước thực hiện với dự toán (%)") == "plan"


@pytest.mark.parametrize("label,metric", [
    ("1. Lượt khách phục vụ (Lượt khách)", "Lượt khách phục vụ"),
    ("a) Thu nội địa", "Thu nội địa"),
    ("II. Chi thường xuyên", "Chi thường xuyên"),
    ("- Trong đó: Khách quốc tế", "Khách quốc tế"),
    ("+ Công lập", "Công lập"),
    ("Tốc độ tăng tổng sản phẩm trong nước (GDP)", "Tốc độ tăng tổng sản phẩm trong nước (GDP)"),
    ("Số giường bệnh trên 1 vạn dân", "Số giường bệnh trên 1 vạn dân"),
])
def test_tables_labels_as_metrics(label, metric):
    assert clean_label(label).text == metric


def test_tables_title_measure():
    assert title_measure("Biểu 12: Tổng sản phẩm trên địa bàn theo giá hiện hành phân theo khu vực kinh tế") == \
        "Tổng sản phẩm trên địa bàn"
    assert title_measure("Chỉ số giá tiêu dùng các tháng năm 2018") == "Chỉ số giá tiêu dùng"


def test_tables_header_rows_label_numbering_and_unit_columns():
    table, _ = grid([
        [{"text": "TT", "rowspan": 2}, {"text": "Chỉ tiêu", "rowspan": 2}, {"text": "Đơn vị tính", "rowspan": 2},
         {"text": "Năm 2023", "colspan": 2}],
        ["Kế hoạch", "Thực hiện"],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        [{"text": "Kinh tế", "colspan": 5}],
        ["1", "Sản lượng lương thực", "Nghìn tấn", "520", "534,6"],
    ])
    lay = layout(table, table.grid(), False)
    assert lay.header_rows == 3  # the row of column numbers is header; the section row "Kinh tế" is body
    assert lay.label_cols == (1,) and lay.numbering_cols == {0} and lay.unit_col == 2
    # without header words: a numbering column by its cells, a unit column by its units
    table, _ = grid([["", "", "", "2022", "2023"], ["1", "Dân số trung bình", "Nghìn người", "1.250", "1.262"],
                     ["2", "Tỷ lệ hộ nghèo", "%", "3,2", "2,6"]])
    lay = layout(table, table.grid(), False)
    assert (lay.header_rows, lay.label_cols, lay.numbering_cols, lay.unit_col) == (1, (1,), {0}, 2)


def test_tables_a_header_ending_in_so_voi_takes_its_base_from_the_sub_headers():
    head = "Tháng 12 năm 2023 so với"
    cols = [_column((head, sub)) for sub in ("Kỳ gốc (2019)", "Cùng kỳ năm trước", "Tháng 11 năm 2023")]
    assert [c.basis for c in cols] == ["", "same_period", ""]
    assert all(c.comparison and c.time == "2023-12" for c in cols)


def test_tables_a_scale_alone_is_a_unit_without_a_noun():
    assert (read_unit("Nghìn").kind, read_unit("Nghìn").unit, read_unit("Nghìn").scale) == ("quantity", "", 1000)
    assert read_unit("Triệu").scale == Decimal(10 ** 6)


@pytest.mark.parametrize("texts,numbers", [
    (("A", "B", "1", "2", "3=1+2"), True), (("(1)", "(2)", "(3)=(2)/(1)"), True), (("A", "B", "C", "1", "2", "4=3/2"), False),
    (("Lúa", "12", "13"), False), (("1", "5", "7"), False), (("2019", "2020"), False)])
def test_tables_rows_that_number_the_columns(texts, numbers):
    from extractor.model import Cell
    from extractor.tables.header import is_column_numbers
    assert is_column_numbers([Cell(0, k, t, 0, len(t)) for k, t in enumerate(texts)]) is numbers
