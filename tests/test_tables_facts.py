"""The table reader end to end on small grids written for these tests (shaped like the tables of
provincial yearbooks, budget reports and department reports): which cells give facts, and the unit,
scale, period, status, basis, qualifier and metric each fact gets (the TABLES convention)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extractor.model import Cell, Table
from extractor.tables import table_facts


def grid(rows, caption: str = "", index: int = 0):
    """A Table and its document text from rows of cells: a cell is its text or a dict with ``text``
    and any of rowspan, colspan, header, indent. Positions under a merged cell are skipped, as a
    reader lays them out; each cell's characters sit in the text at its offsets."""
    parts, pos, cells, taken, n_cols = [], 0, [], set(), 0
    for r, row in enumerate(rows):
        c = 0
        for item in row:
            spec = item if isinstance(item, dict) else {"text": item}
            while (r, c) in taken:
                c += 1
            text = spec["text"]
            start = pos
            parts.append(text)
            pos += len(text)
            cells.append(Cell(r, c, text, start, pos, spec.get("rowspan", 1), spec.get("colspan", 1),
                              spec.get("header", False), spec.get("indent", 0)))
            parts.append(" | ")
            pos += 3
            for i in range(r, r + spec.get("rowspan", 1)):
                for k in range(c, c + spec.get("colspan", 1)):
                    taken.add((i, k))
            c += spec.get("colspan", 1)
            n_cols = max(n_cols, c)
        parts.append("\n")
        pos += 1
    text = "".join(parts)
    return Table(index, len(rows), n_cols, tuple(cells), 0, len(text), caption), text


def facts_of(rows, context=(), caption=""):
    table, text = grid(rows, caption)
    got = table_facts(table, text, tuple(context))
    if got:
        for f in got:
            assert text[f.start:f.end] == f.text
    return got


def by_text(facts):
    return {f.text: f for f in facts}


BUDGET = [
    ["STT", "Chỉ tiêu", "ĐVT", "Kế hoạch năm 2024", "Ước thực hiện năm 2024", "So với KH (%)"],
    ["I", "Tổng thu ngân sách trên địa bàn", "Tỷ đồng", "5.200", "5.480,5", "105,4"],
    ["1", "Thu nội địa", "Tỷ đồng", "4.350", "4.610,2", "106,0"],
    ["", "- Trong đó: Thu tiền sử dụng đất", "Tỷ đồng", "1.100", "1.250", "113,6"],
    ["II", "Số doanh nghiệp thành lập mới", "Doanh nghiệp", "Khoảng 900", "Trên 950", "x"],
    ["III", "Tỷ lệ hộ nghèo", "%", "2,5-3", "2,8", "-"],
]


def test_tables_budget_units_scale_status_and_basis():
    got = facts_of(BUDGET, ["Kết quả thực hiện dự toán thu ngân sách năm 2024"])
    f = by_text(got)
    # the unit column's "Tỷ đồng" scales the cell; the Kế hoạch column is a target
    assert (f["5.200"].kind, f["5.200"].value, f["5.200"].unit) == ("money", Decimal("5200000000000"), "VND")
    assert (f["5.200"].status, f["5.200"].period, f["5.200"].qualifier) == ("target", "2024", "")
    # Ước thực hiện: actual, approximate
    assert (f["5.480,5"].value, f["5.480,5"].status, f["5.480,5"].qualifier) == \
        (Decimal("5480500000000"), "actual", "approx")
    # the comparison column holds a percent whatever the unit column says
    assert (f["105,4"].kind, f["105,4"].value, f["105,4"].unit, f["105,4"].basis) == \
        ("percent", Decimal("105.4"), "%", "plan")
    assert f["105,4"].status == "actual"


def test_tables_budget_labels_numbering_and_children():
    got = facts_of(BUDGET)
    f = by_text(got)
    # numbering (I, 1) and the unit column give nothing; the child's metric drops "- Trong đó:"
    assert {x.text for x in got} >= {"5.200", "4.350", "1.100"}
    assert not any(x.column in (0, 2) for x in got)
    assert f["1.100"].metric == "Thu tiền sử dụng đất"
    assert f["4.350"].metric == "Thu nội địa"
    assert f["1.100"].row == 2 and f["1.100"].column == 3
    assert f["1.100"].column_label == "Kế hoạch năm 2024"


def test_tables_cell_words_win_over_the_column():
    f = by_text(facts_of(BUDGET))
    assert (f["Khoảng 900"].value, f["Khoảng 900"].unit, f["Khoảng 900"].qualifier) == \
        (Decimal("900"), "doanh nghiệp", "approx")
    assert f["Trên 950"].qualifier == "over"  # not the Ước column's approx
    assert (f["2,5-3"].value, f["2,5-3"].value_max, f["2,5-3"].kind) == (Decimal("2.5"), Decimal("3"), "percent")
    assert "x" not in f and "-" not in f


YEARS_AS_ROWS = [
    [{"text": "", "rowspan": 2}, {"text": "Diện tích (ha)", "rowspan": 2}, {"text": "Sản lượng", "colspan": 2}],
    ["Tổng số (tấn)", "Trong đó: Lúa mùa (tấn)"],
    ["2020", "41.250", "245.130", "98.400"],
    ["2021", "40.980", "247.600", "99.120"],
    ["Sơ bộ 2022", "40.515", "-", "97.850"],
]


def test_tables_years_as_rows_give_periods_and_column_metrics():
    got = facts_of(YEARS_AS_ROWS, ["Diện tích và sản lượng lúa"])
    f = by_text(got)
    # the year cells of the first column are row headers, not facts
    assert {x.text for x in got} == {"41.250", "245.130", "98.400", "40.980", "247.600", "99.120", "40.515",
                                      "97.850"}
    assert (f["41.250"].unit, f["41.250"].period, f["41.250"].metric) == ("ha", "2020", "Diện tích")
    assert (f["40.515"].period, f["97.850"].period) == ("2022", "2022")
    # a "Tổng số" under a group is the group's; "Trong đó: Lúa mùa" is "Lúa mùa"
    assert (f["245.130"].metric, f["245.130"].unit) == ("Sản lượng", "tấn")
    assert f["98.400"].metric == "Lúa mùa"
    assert f["98.400"].column_label == "Sản lượng / Trong đó: Lúa mùa (tấn)"


MONTHS = [
    ["", "Năm 2021", "Năm 2022"],
    [{"text": "Tháng trước = 100", "colspan": 3}],
    ["Tháng 1", "100,25", "101,04"],
    ["Tháng 2", "99,87", "100,62"],
    ["Bình quân tháng", "100,11", "100,30"],
    ["Năm trước = 100", "101,86", "103,15"],
]


def test_tables_months_by_years():
    got = facts_of(MONTHS, ["Chỉ số giá sản xuất hàng công nghiệp các tháng", "Đơn vị tính: %"])
    f = by_text(got)
    assert (f["100,25"].kind, f["100,25"].period, f["100,25"].basis) == ("percent", "2021-01", "previous_month")
    assert f["100,62"].period == "2022-02"
    # both row and column are times: the title names the measure
    assert f["100,25"].metric == "Chỉ số giá sản xuất hàng công nghiệp"
    # a row that is no time keeps its label; a row's own base wins over the section's
    assert (f["100,11"].metric, f["100,11"].period, f["100,11"].basis) == ("Bình quân tháng", "2021",
                                                                            "previous_month")
    assert (f["103,15"].basis, f["103,15"].period) == ("previous_year", "2022")
    # the section row's "= 100" is no fact
    assert not any(x.text.endswith("100") and x.value == 100 for x in got)


SECTIONS = [
    ["", "2019", "2020", "2021"],
    [{"text": "Nghìn người", "colspan": 4}],
    ["Tổng số", "1.250,4", "1.262,1", "1.270,8"],
    ["Thành thị", "402,7", "410,3", "415,0"],
    [{"text": "Cơ cấu (%)", "colspan": 4}],
    ["Tổng số", "100,0", "100,0", "100,0"],
    ["Thành thị", "32,2", "32,5", "32,7"],
]


def test_tables_section_rows_set_unit_and_scale():
    got = facts_of(SECTIONS, ["Dân số trung bình phân theo thành thị, nông thôn"])
    f = {(x.row, x.column): x for x in got}
    assert (f[(1, 1)].kind, f[(1, 1)].value, f[(1, 1)].unit) == ("quantity", Decimal("1250400"), "người")
    assert (f[(1, 1)].period, f[(1, 1)].metric) == ("2019", "Tổng số")
    assert (f[(5, 3)].kind, f[(5, 3)].value, f[(5, 3)].basis) == ("percent", Decimal("32.7"), "")
    assert f[(5, 3)].period == "2021"
    assert len(got) == 12  # section rows and the year header give nothing


CHILDREN = [
    ["", "Tổng số", "Công lập", "Ngoài công lập"],
    ["Giường bệnh (Giường)", "2.140", "2.080", "60"],
    [{"text": "Bệnh viện", "indent": 1}, "1.850", "1.800", "50"],
    [{"text": "Trạm y tế xã", "indent": 1}, "290", "280", "10"],
    ["Bác sĩ (Người)", "715", "690", "25"],
]


def test_tables_children_inherit_the_unit_in_their_parents_label():
    f = {(x.row, x.column): x for x in facts_of(CHILDREN, ["Số giường bệnh và bác sĩ năm 2023"])}
    assert (f[(0, 1)].unit, f[(0, 1)].metric) == ("giường", "Giường bệnh")
    assert (f[(1, 2)].unit, f[(1, 2)].metric, f[(1, 2)].period) == ("giường", "Bệnh viện", "2023")
    assert f[(1, 2)].row_label == "Giường bệnh (Giường) / Bệnh viện"
    assert (f[(3, 3)].unit, f[(3, 3)].metric) == ("người", "Bác sĩ")


def test_tables_merged_header_cells_combine_their_times():
    rows = [
        [{"text": "Chỉ tiêu", "rowspan": 2}, {"text": "Năm 2023", "colspan": 2}, {"text": "Năm 2024", "colspan": 2}],
        ["Quý I", "6 tháng đầu năm", "Quý I", "Lũy kế 9 tháng"],
        ["Vốn đầu tư thực hiện (Tỷ đồng)", "3.120", "7.045", "3.480", "11.206"],
    ]
    f = by_text(facts_of(rows))
    assert [f[t].period for t in ("3.120", "7.045", "3.480", "11.206")] == \
        ["2023-Q1", "2023-H1", "2024-Q1", "2024-01/2024-09"]
    assert f["3.120"].column_label == "Năm 2023 / Quý I"
    assert f["3.120"].value == Decimal("3120000000000")


def test_tables_caption_gives_unit_and_period():
    rows = [["Huyện", "Tháng 9", "Tháng 10"], ["Huyện Tuy Phước", "125,6", "131,2"], ["Thị xã An Nhơn", "98,4", "102,7"]]
    f = by_text(facts_of(rows, ["Doanh thu dịch vụ lưu trú các tháng năm 2023", "ĐVT: Triệu đồng"]))
    assert (f["131,2"].kind, f["131,2"].value, f["131,2"].unit, f["131,2"].period) == \
        ("money", Decimal("131200000"), "VND", "2023-10")
    assert f["98,4"].metric == "Thị xã An Nhơn"


def test_tables_comparison_columns_and_negatives():
    rows = [
        ["Chỉ tiêu", "Tháng 10/2024", "So với tháng trước (%)", "So với cùng kỳ (%)", "2024/2023 (%)"],
        ["Chỉ số sản xuất công nghiệp", "108,2", "-0,45", "7,3", "106,9"],
    ]
    f = by_text(facts_of(rows))
    assert f["-0,45"].value == Decimal("-0.45")
    assert [f[t].basis for t in ("-0,45", "7,3", "106,9")] == ["previous_month", "same_period", "previous_year"]
    assert f["106,9"].period == "2024"
    assert f["7,3"].kind == "percent" and f["108,2"].kind == "quantity" and f["108,2"].unit == ""


def test_tables_english_grouping_when_the_table_uses_it_throughout():
    rows = [["Khoản mục", "Năm 2022", "Năm 2023"], ["Thu ngân sách", "1,512,300", "1,604,125"],
            ["Chi ngân sách", "1,798,450", "1,842,2"]]
    f = by_text(facts_of(rows, ["Đơn vị: Tỷ đồng"]))
    assert f["1,512,300"].value == Decimal("1512300000000000")
    rows_vn = [["Khoản mục", "Năm 2022", "Năm 2023"], ["Thu ngân sách", "1.512", "1.604,5"]]
    assert by_text(facts_of(rows_vn, ["Đơn vị: Tỷ đồng"]))["1.512"].value == Decimal("1512000000000")


def test_tables_percent_in_the_cell_and_units_in_the_cell():
    rows = [["Chỉ tiêu", "Năm 2023"], ["Tỷ lệ che phủ rừng", "57,2%"], ["Diện tích rừng trồng mới", "1.250 ha"]]
    f = by_text(facts_of(rows))
    assert (f["57,2%"].kind, f["57,2%"].value) == ("percent", Decimal("57.2"))
    assert (f["1.250 ha"].kind, f["1.250 ha"].unit, f["1.250 ha"].value) == ("quantity", "ha", Decimal("1250"))


def test_tables_text_cells_and_numbers_inside_text_give_nothing():
    rows = [["Chỉ tiêu", "Năm 2023", "Đánh giá"],
            ["Kim ngạch xuất khẩu (Triệu USD)", "1.245", "Tăng 5 lần so với năm 2015"],
            ["Số xã đạt chuẩn nông thôn mới", "Đạt", "Vượt"]]
    got = facts_of(rows)
    assert [(x.text, x.kind, x.value, x.unit) for x in got] == [("1.245", "money", Decimal("1245000000"), "USD")]


@pytest.mark.parametrize("rows", [
    # a phone list
    [["Đơn vị", "Điện thoại", "Fax"], ["Văn phòng UBND tỉnh", "0256.3822.501", "0256.3822.502"],
     ["Sở Tài chính", "0256 3822 610", "0256 3822 611"]],
    # a table of document numbers and dates
    [["STT", "Số, ký hiệu", "Ngày ban hành", "Trích yếu"],
     ["1", "123/QĐ-UBND", "12/3/2024", "Về việc phê duyệt kế hoạch"],
     ["2", "45/2024/NQ-HĐND", "05/7/2024", "Quy định mức chi"]],
    # a working schedule
    [["Thời gian", "Nội dung", "Địa điểm"], ["7h30 thứ Hai 14/10", "Họp giao ban", "Phòng họp số 2"],
     ["14:00 - 16:30", "Làm việc với huyện", "Trụ sở UBND huyện"]],
])
def test_tables_identifier_tables_give_no_fact(rows):
    assert facts_of(rows) == []


def test_tables_bad_input_never_crashes():
    one_col, text = grid([["Nội dung"], ["Năm 2023 toàn tỉnh có 1.250 doanh nghiệp"]])
    assert table_facts(one_col, text, ()) is None
    empty = Table(0, 0, 0, (), 0, 0)
    assert table_facts(empty, "", ()) is None
    header_only, text = grid([["Chỉ tiêu", "Năm 2022", "Năm 2023"]])
    assert not table_facts(header_only, text, ())
    # ragged rows: the short row is read as far as it goes
    ragged = facts_of([["Chỉ tiêu", "2022", "2023"], ["Lúa (tấn)", "1.200"], ["Ngô (tấn)", "300", "320", "15"]])
    assert {x.text for x in ragged} >= {"1.200", "300", "320"}
    # a layout table holding paragraphs is no data grid
    para = "Năm 2023, tổng sản phẩm trên địa bàn tỉnh tăng 7,2% so với cùng kỳ; " * 6
    layout, text = grid([["1.", para], ["2.", para]])
    assert table_facts(layout, text, ()) is None
    # offsets outside the text are skipped, not raised
    bad = Table(0, 2, 2, (Cell(0, 0, "Chỉ tiêu", 0, 8), Cell(0, 1, "2023", 9, 13), Cell(1, 0, "Lúa", 14, 17),
                          Cell(1, 1, "12", 500, 502)), 0, 20)
    assert table_facts(bad, "x" * 20, ()) == []


def test_tables_ten_thousand_columns_stay_fast():
    import time
    # a sheet's runaway row: a header over the first columns only, figures in 10,000 of them
    head = ["Chỉ tiêu", "Năm 2022", "Năm 2023"]
    body = ["Sản lượng (tấn)"] + [str(k + 1) for k in range(10_000)]
    table, text = grid([head, body])
    t0 = time.perf_counter()
    got = table_facts(table, text, ())
    assert len(got) == 10_000 and got[-1].value == Decimal("10000") and got[-1].unit == "tấn"
    assert (got[0].period, got[1].period, got[2].period) == ("2022", "2023", "")
    assert time.perf_counter() - t0 < 20


def test_tables_time_rows_say_plan_and_estimate_like_headers():
    rows = [["Năm", "Sản lượng điện (Triệu kWh)", "Tỷ lệ hộ dùng điện (%)"],
            ["2022", "1.845,2", "99,6"], ["Ước tính 2023", "1.910", "99,7"], ["Kế hoạch 2024", "2.000", "≥ 99,8"]]
    f = by_text(facts_of(rows))
    assert (f["1.845,2"].value, f["1.845,2"].unit, f["1.845,2"].status) == (Decimal("1845200000"), "kWh", "actual")
    assert (f["1.910"].qualifier, f["1.910"].period, f["1.910"].status) == ("approx", "2023", "actual")
    assert (f["2.000"].status, f["2.000"].period, f["2.000"].metric) == ("target", "2024", "Sản lượng điện")
    assert (f["≥ 99,8"].kind, f["≥ 99,8"].qualifier, f["≥ 99,8"].value) == ("percent", "at_least", Decimal("99.8"))


def test_tables_unit_column_after_the_figures():
    rows = [["Chỉ tiêu", "Năm 2022", "Năm 2023", "ĐVT"], ["Diện tích gieo trồng lúa", "52.310", "51.980", "Ha"],
            ["Số trang trại", "412", "436", "Trang trại"]]
    f = by_text(facts_of(rows))
    assert (f["52.310"].unit, f["436"].unit) == ("ha", "trang trại")
    assert not any(x.column == 3 for x in f.values())


def test_tables_a_percent_column_wins_over_the_rows_unit():
    rows = [["Chỉ tiêu", "2021", "2022", "Tốc độ tăng bình quân 2021-2022 (%)"],
            ["1- Số doanh nghiệp đang hoạt động (Doanh nghiệp)", "4.780", "5.102", "6,3"]]
    f = by_text(facts_of(rows))
    assert (f["5.102"].kind, f["5.102"].unit) == ("quantity", "doanh nghiệp")
    assert (f["6,3"].kind, f["6,3"].unit, f["6,3"].basis, f["6,3"].period) == ("percent", "%", "", "2021/2022")
    assert f["6,3"].metric == "Số doanh nghiệp đang hoạt động"


_PIECES = ["(*)", "(2)", "~", "+", "Tổng số", "Năm 2022", "Quý I", "Tháng 10/2023", "1.234,5", "-0,5", "Khoảng 4", "x", "-", "", "ĐVT",
           "Tỷ đồng", "%", "So với cùng kỳ (%)", "Kế hoạch", "Trong đó:", "(Người)", "STT", "I", "a)", "Tăng 5 lần",
           "0914123456", "12/3/2024", "Cơ cấu (%)", "Năm trước = 100", "1,512,300", "≥", "\n", "ƯTH 2024"]


def test_tables_any_grid_keeps_offsets_and_never_raises():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    cell_text = st.lists(st.sampled_from(_PIECES), max_size=3).map(" ".join)
    spans = st.sampled_from([0, 1, 1, 1, 2, 4])
    rows = st.lists(st.lists(st.tuples(cell_text, spans, spans, st.integers(0, 2)), max_size=6), max_size=7)

    @settings(max_examples=150, deadline=None)
    @given(rows, st.lists(st.sampled_from(_PIECES), max_size=3))
    def check(spec, context):
        table, text = grid([[{"text": t, "rowspan": rs, "colspan": cs, "indent": ind} for t, rs, cs, ind in row]
                            for row in spec])
        got = table_facts(table, text, tuple(context))
        for f in got or []:
            assert text[f.start:f.end] == f.text and f.text == f.text.strip() and f.text
            assert f.kind in ("quantity", "money", "percent") and f.direction == "" and f.date == ""

    check()


def _two_parts(first_rows, second_rows, between="\n12\n"):
    """Two tables in one text, as a reader lays out a table broken over a page (a page number
    between the parts)."""
    t1, text1 = grid(first_rows)
    t2, text2 = grid(second_rows, index=1)
    head = "Dân số trung bình phân theo giới tính năm 2015 - 2023\n"
    shift1, shift2 = len(head), len(head) + len(text1) + len(between)

    def moved(t, k):
        cells = tuple(Cell(c.row, c.col, c.text, c.start + k, c.end + k, c.rowspan, c.colspan) for c in t.cells)
        return Table(t.index, t.n_rows, t.n_cols, cells, t.start + k, t.end + k)

    return moved(t1, shift1), moved(t2, shift2), head + text1 + between + text2, (head.strip(),)


def test_tables_a_table_over_a_page_break_reads_on_under_its_section_row():
    header = [["", "Tổng số", "Nam", "Nữ"]]
    first = header + [[{"text": "Nghìn người", "colspan": 4}], ["2015", "1.012,3", "498,1", "514,2"],
                      [{"text": "Tỷ lệ tăng (%)", "colspan": 4}], ["2015", "0,52", "0,61", "0,43"]]
    second = header + [["2016", "0,48", "0,55", "0,41"]]
    t1, t2, text, context = _two_parts(first, second)
    assert by_text(table_facts(t1, text, context))["498,1"].value == Decimal("498100")
    alone = by_text(table_facts(t2, text, ()))
    assert alone["0,55"].kind == "quantity"  # read on its own, the part has no unit
    f = by_text(table_facts(t2, text, (), previous=(t1,)))
    assert (f["0,55"].kind, f["0,55"].period, f["0,55"].metric, f["0,55"].row) == ("percent", "2016", "Nam", 0)
    # a part with no header repeated takes the first part's columns
    t1, t2, text, context = _two_parts(first, [["2017", "0,45", "0,52", "0,38"]])
    f = by_text(table_facts(t2, text, (), previous=(t1,)))
    assert (f["0,52"].kind, f["0,52"].metric, f["0,52"].column_label) == ("percent", "Nam", "Nam")
    # a table after a paragraph of prose is a new table, not a continuation
    t1, t2, text, context = _two_parts(first, second, between="\n" + "Năm 2016, dân số tăng nhẹ. " * 5 + "\n")
    assert by_text(table_facts(t2, text, (), previous=(t1,)))["0,55"].kind == "quantity"


def test_tables_a_blank_label_under_a_labelled_row_is_a_merged_cell():
    # a PDF's text layer loses the merge of "Lúa" over two rows; the second row's figures are still rice
    rows = [["Cây trồng", "Chỉ tiêu", "Năm 2023"], ["Lúa", "Diện tích (ha)", "41.250"], ["", "Sản lượng (tấn)", "245.130"],
            ["Ngô", "Diện tích (ha)", "5.120"]]
    f = by_text(facts_of(rows))
    assert (f["245.130"].unit, f["245.130"].metric, f["245.130"].row_label) == ("tấn", "Sản lượng", "Lúa / Sản lượng (tấn)")
    rows = [["Cây trồng", "Năm 2022", "Năm 2023"], ["Diện tích lúa (ha)", "41.250", "40.980"], ["", "41.300", "40.990"]]
    f = {(x.row, x.column): x for x in facts_of(rows)}
    assert (f[(1, 1)].metric, f[(1, 1)].unit) == ("Diện tích lúa", "ha")


def test_tables_section_rows_without_a_merge():
    # a word processor's table with the section label in the first cell and the others left blank
    rows = [["", "Tổng số", "Nam", "Nữ"], ["Nghìn người", "", "", ""], ["2022", "1.504,3", "747,9", "756,4"],
            ["Tỷ lệ tăng (%)", "", "", ""], ["2022", "-0,27", "0,68", "-1,18"]]
    f = by_text(facts_of(rows, ["Dân số trung bình", "Đơn vị tính: Người"]))
    assert (f["747,9"].value, f["747,9"].unit) == (Decimal("747900"), "người")
    assert (f["-1,18"].kind, f["-1,18"].value, f["-1,18"].metric, f["-1,18"].period) == \
        ("percent", Decimal("-1.18"), "Nữ", "2022")


def test_tables_title_row_inside_the_grid_and_introducing_paragraphs():
    rows = [[{"text": "Chỉ số giá tiêu dùng các tháng năm 2022", "colspan": 3}], ["", "Năm 2021", "Năm 2022"],
            ["Tháng 1", "100,25", "101,04"]]
    f = by_text(facts_of(rows, ["Kết quả cụ thể như sau:"]))
    assert (f["101,04"].metric, f["101,04"].period) == ("Chỉ số giá tiêu dùng", "2022-01")
    rows = [["", "Năm 2021", "Năm 2022"], ["Tháng 1", "100,25", "101,04"]]
    f = by_text(facts_of(rows, ["Chỉ số giá sản xuất các tháng", "Số liệu cụ thể như sau:"]))
    assert f["100,25"].metric == "Chỉ số giá sản xuất"


def test_tables_age_groups_in_the_header_are_no_figures():
    rows = [["", "Tổng số", "0-14 tuổi", "15-64 tuổi", "Từ 65 tuổi trở lên"],
            ["Năm 2019", "1.487,8", "352,1", "1.002,5", "133,2"]]
    got = facts_of(rows, ["Dân số phân theo nhóm tuổi", "Đơn vị tính: Nghìn người"])
    f = by_text(got)
    assert len(got) == 4 and (f["352,1"].value, f["352,1"].metric, f["352,1"].period) == \
        (Decimal("352100"), "0-14 tuổi", "2019")
    # figures that carry their unit are still found when no bare figure is written
    f = by_text(facts_of([["Chỉ tiêu", "Kết quả"], ["Diện tích lúa", "1.250 ha"], ["Sản lượng", "7.800 tấn"]]))
    assert (f["1.250 ha"].unit, f["7.800 tấn"].value) == ("ha", Decimal("7800"))


def test_tables_the_label_column_written_on_every_row_names_the_measure():
    rows = [["STT", "Tên dự án", "Địa điểm", "Tổng mức đầu tư (Tỷ đồng)"],
            ["1", "Đường ven biển đoạn Cát Tiến - Đề Gi", "Huyện Phù Cát", "1.250"],
            ["2", "Cầu Thị Nại 2", "TP. Quy Nhơn", "980,5"]]
    f = by_text(facts_of(rows))
    assert (f["980,5"].metric, f["980,5"].value) == ("Cầu Thị Nại 2", Decimal("980500000000"))
    assert f["980,5"].row_label == "Cầu Thị Nại 2 / TP. Quy Nhơn"
