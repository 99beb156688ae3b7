"""The review page from records alone: the data it carries, the escaping of report text, the chart,
the summary. The browser tests (test_review_browser.py) check what a person sees."""
from __future__ import annotations

import json
import re
from decimal import Decimal

from extractor.model import Block, Cell, Document, Edit, Fact, Source, Table
from extractor.pipeline import extract_document
from extractor.review import document_data, page_of, summary
from extractor.review.chart import facts_per_period
from extractor.review.data import display_value


def _payload(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


def _fact(**kw) -> Fact:
    base = dict(kind="money", value=Decimal("80000000000"), value_max=None, unit="VND", date="", qualifier="",
                direction="", basis="", status="actual", period="2023", metric="thu ngân sách", text="80 tỷ đồng",
                start=0, end=10, sentence="", repaired=False)
    base.update(kw)
    return Fact(**base)


def test_review_data_values_are_as_in_the_table_and_dates_for_time_facts():
    assert display_value(_fact()) == "80000000000"
    assert display_value(_fact(kind="percent", value=Decimal("102.70"))) == "102.70"
    assert display_value(_fact(kind="period", value=None, date="2024-Q1")) == "2024-Q1"
    assert display_value(_fact(kind="year", value=Decimal(2023), date="2023")) == "2023"


def test_review_data_keeps_repairs_with_their_original_characters_and_rule():
    doc = extract_document("Tổng thu đạt 80 t đồng trong năm 2023.", doc_id="ocr.txt")
    data = document_data(doc)
    assert data["text"] == doc.raw
    [money] = [f for f in data["facts"] if f["kind"] == "money"]
    assert money["repaired"] and money["display"] == "80000000000"
    assert any(r["before"] == "t" and r["after"] == "tỷ" and r["rule"].startswith("scale.") for r in data["repairs"])


def test_review_page_escapes_report_text_so_no_markup_or_script_can_start():
    text = 'Lãi 5 tỷ đồng </script><script>alert(1)</script> <img src=x onerror="alert(2)"> & 7%'
    html = page_of([extract_document(text, doc_id="hostile.txt")])
    block = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert html.count("<script") == 2  # the data block and the page's own script, nothing from the report
    assert _payload(html)["docs"][0]["text"] == text


def test_review_page_is_self_contained_and_forbids_every_request():
    html = page_of([extract_document("Năm 2023 xuất khẩu đạt 1,5 tỷ USD.", doc_id="a.txt")])
    assert not re.search(r"(?i)(src|href)\s*=\s*[\"']?(https?:|//)", html)
    assert not re.search(r"(?i)<link|@import|url\(", html)
    assert "default-src 'none'" in html


def test_review_summary_counts_kinds_failures_and_periods():
    docs = [document_data(extract_document(
        "Năm 2023, thu ngân sách đạt 6.150 tỷ đồng, bằng 98,5% dự toán; quý I/2024 tăng 5%.", doc_id="a.txt"))]
    s = summary(docs, [{"path": "b.doc", "status": "failed", "error": "not a Word 97 file"},
                       {"path": "a.txt", "status": "ok", "error": ""}])
    assert s["documents"] == 1 and s["facts"] == len(docs[0]["facts"])
    assert s["by_kind"]["percent"] == 2 and s["by_kind"]["money"] == 1
    assert s["problems"] == [{"path": "b.doc", "status": "failed", "error": "not a Word 97 file"}]
    assert dict(s["periods"]) == {"2023": 3, "2024": 2}


def test_review_chart_is_inline_svg_with_escaped_labels():
    svg = facts_per_period([("2022", 4), ("<b>", 8)])
    assert svg.startswith("<svg") and svg.count("<rect") == 2
    assert "<b>" not in svg and "&lt;b&gt;" in svg


def test_review_data_carries_table_grids_and_table_coordinates():
    text = "Chỉ tiêu | 2023\nThu ngân sách | 125.430"
    cells = (Cell(0, 0, "Chỉ tiêu", 0, 8, header=True), Cell(0, 1, "2023", 11, 15, header=True),
             Cell(1, 0, "Thu ngân sách", 16, 29), Cell(1, 1, "125.430", 32, 39))
    table = Table(0, 2, 2, cells, 0, len(text), caption="Đơn vị: tỷ đồng", origin="html")
    src = Source("t.html", "html", text, (Block("table", 0, len(text), 0),), (table,))
    fact = _fact(value=Decimal("125430000000000"), text="125.430", start=32, end=39, table=0, row=0, column=1,
                 row_label="Thu ngân sách", column_label="2023")
    doc = Document("t.html", text, text, (), (), (fact,), source=src)
    data = document_data(doc)
    assert data["tables"][0]["cells"][3] == [1, 1, 1, 1, 32, 39, False]
    assert data["facts"][0]["table"] == 0 and data["facts"][0]["row_label"] == "Thu ngân sách"
    payload = _payload(page_of([doc]))
    assert payload["fields"][0] == "kind" and payload["docs"][0]["facts"][0][0] == "money"


def test_review_data_lists_no_normalising_edit_as_a_repair():
    doc = Document("x", "Cafe\u0301", "Café", (Edit(3, 5, "e\u0301", "é", "unicode.nfc"),))
    assert document_data(doc)["repairs"] == []


def test_extract_writes_the_review_page_beside_the_table_with_the_manifest_problems(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text("Năm 2023, thu ngân sách đạt 6.150 tỷ đồng, bằng 98,5% dự toán.", encoding="utf-8")
    (folder / "b.docx").write_bytes(b"PK\x03\x04 not really a document")
    (folder / "c.xyz").write_text("?", encoding="utf-8")
    out, page = tmp_path / "out" / "facts.csv", tmp_path / "out" / "review.html"
    res = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(folder), "-o", str(out),
                          "--review", str(page), "--quiet"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 1, res.stderr
    payload = _payload(page.read_text(encoding="utf-8"))
    [doc] = payload["docs"]
    assert doc["id"] == "reports/a.txt" and len(doc["facts"]) == 3
    problems = {p["path"].rsplit("/", 1)[-1]: p["status"] for p in payload["summary"]["problems"]}
    assert problems == {"b.docx": "failed", "c.xyz": "skipped"}


def test_a_review_page_written_inside_the_input_folder_reads_what_the_batch_reads(tmp_path):
    """Output, manifest and page written under the folder being read are not documents of the page
    (they were read as three documents of 14 facts before; the batch read one)."""
    import subprocess
    import sys

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text("Năm 2023, thu ngân sách đạt 6.150 tỷ đồng, bằng 98,5% dự toán.", encoding="utf-8")
    out, page = folder / "facts.csv", folder / "review.html"
    for _ in range(2):  # the second run finds the first run's table, manifest and page in the folder
        res = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(folder), "-o", str(out),
                              "--review", str(page), "--quiet"], capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, res.stderr
        assert [d["id"] for d in _payload(page.read_text(encoding="utf-8"))["docs"]] == ["reports/a.txt"]
