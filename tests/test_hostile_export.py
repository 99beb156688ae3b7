"""Spreadsheet safety (issue 13): ``--excel`` CSV never starts a formula; the XLSX writer keeps
numbers as numbers and every text column as text."""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from extractor import extract
from extractor.export import TEXT_COLUMNS, CsvWriter, JsonlWriter, XlsxWriter, spreadsheet_safe

openpyxl = pytest.importorskip("openpyxl")

# a scraped page holding formula text, a list dash, a negative amount and dates without a year
REPORT = ('=HYPERLINK("http://example.invalid/?x=1","Xem chi tiết") tổng thu đạt 5 tỷ đồng.\n'
          "- Giải quyết việc làm cho 29.576 lao động.\n"
          "+ Kim ngạch xuất khẩu giảm -12,5 tỷ đồng.\n"
          "@Tháng 12/2023, tỷ lệ hộ nghèo giảm còn 2,5%.\n"
          "Ngày 29/12, thu ngân sách đạt 12345678901234567890 tỷ đồng.")
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _csv(excel: bool, doc_id: str = "=bao-cao.txt") -> list[dict]:
    buf = io.StringIO()
    CsvWriter(buf, excel=excel).write(extract(REPORT), doc_id)
    return list(csv.DictReader(io.StringIO(buf.getvalue())))


def test_excel_csv_cells_never_start_a_formula():
    rows = _csv(excel=True)
    assert len(rows) >= 5
    for row in rows:
        for col in TEXT_COLUMNS:
            assert not row[col].startswith(FORMULA), (col, row[col])
    # what was neutralised is the text with one leading apostrophe, nothing else changed
    sentences = {r["sentence"] for r in rows}
    assert "'- Giải quyết việc làm cho 29.576 lao động." in sentences
    assert any(s.startswith("'=HYPERLINK(") for s in sentences)
    assert rows[0]["doc_id"] == "'=bao-cao.txt"


def test_excel_csv_keeps_numbers_and_negative_values():
    values = [r["value"] for r in _csv(excel=True)]
    assert "-12500000000" in values and "29576" in values and "12345678901234567890000000000" in values


def test_plain_csv_and_jsonl_keep_the_text_exactly():
    rows = _csv(excel=False)
    assert "- Giải quyết việc làm cho 29.576 lao động." in {r["sentence"] for r in rows}
    buf = io.StringIO()
    JsonlWriter(buf).write(extract(REPORT), "=bao-cao.txt")
    first = json.loads(buf.getvalue().splitlines()[0])
    assert first["doc_id"] == "=bao-cao.txt" and first["sentence"].startswith("=HYPERLINK(")


@pytest.mark.parametrize("text, safe", [("=1+1", "'=1+1"), ("+84 90", "'+84 90"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
                                        ("\tx", "'\tx"), ("\rx", "'\rx"), ("Năm 2023", "Năm 2023"), ("", "")])
def test_spreadsheet_safe(text, safe):
    assert spreadsheet_safe(text) == safe


def _xlsx(tmp_path, facts, doc_id="=bao-cao.txt"):
    path = tmp_path / "facts.xlsx"
    w = XlsxWriter(str(path))
    w.write(facts, doc_id)
    w.close()
    return openpyxl.load_workbook(path)


def test_xlsx_typed_cells(tmp_path):
    facts = extract(REPORT)
    book = _xlsx(tmp_path, facts)
    ws = book["facts"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r)) for r in ws.iter_rows(min_row=2)]
    assert len(rows) == len(facts)
    by_text = {r["text"].value: r for r in rows}
    # numbers are numbers; an amount a double cannot hold exactly is its digits, as text
    assert by_text["29.576 lao động"]["value"].data_type == "n" and by_text["29.576 lao động"]["value"].value == 29576
    assert by_text["-12,5 tỷ đồng"]["value"].value == -12500000000
    big = by_text["12345678901234567890 tỷ đồng"]["value"]
    assert big.data_type == "s" and big.value == "12345678901234567890000000000"
    # dates and periods stay text, never spreadsheet dates; a formula-looking id is a string, not a formula
    month = next(r for r in rows if r["kind"].value == "date" and r["date"].value == "2023-12")
    assert month["date"].data_type == "s"
    day = next(r for r in rows if r["date"].value == "--12-29")
    assert day["date"].data_type == "s"
    assert all(r["doc_id"].data_type == "s" and r["doc_id"].value == "=bao-cao.txt" for r in rows)
    assert by_text["29.576 lao động"]["start"].data_type == "n"
    assert by_text["29.576 lao động"]["repaired"].data_type == "b"


def test_xlsx_starts_a_new_sheet_when_one_is_full(tmp_path, monkeypatch):
    monkeypatch.setattr(XlsxWriter, "MAX_ROWS", 3)  # header + 2 rows a sheet
    facts = extract(REPORT)
    book = _xlsx(tmp_path, facts)
    assert book.sheetnames[:2] == ["facts", "facts 2"]
    assert sum(ws.max_row - 1 for ws in book.worksheets) == len(facts)


def test_xlsx_cuts_a_text_longer_than_a_cell_with_a_mark(tmp_path):
    text = "Thu đạt 5 tỷ đồng " + "x" * 40_000
    facts = [f for f in extract(text)]
    long_fact = facts[0].__class__(**{**facts[0].as_dict(), "sentence": text})
    ws = _xlsx(tmp_path, [long_fact]).active
    sentence = ws.cell(row=2, column=1 + ["doc_id", *long_fact.as_dict()].index("sentence")).value
    assert len(sentence) == XlsxWriter.MAX_CHARS and sentence.endswith("…") and text.startswith(sentence[:-1])


def test_xlsx_amount_of_15_digits_is_a_number_and_of_16_text(tmp_path):
    base = extract("Thu đạt 5 tỷ đồng")[0]
    f15 = base.__class__(**{**base.as_dict(), "value": Decimal("123456789012345")})
    f16 = base.__class__(**{**base.as_dict(), "value": Decimal("1234567890123456")})
    ws = _xlsx(tmp_path, [f15, f16]).active
    assert ws.cell(row=2, column=3).value == 123456789012345
    assert ws.cell(row=3, column=3).value == "1234567890123456"
