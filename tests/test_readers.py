"""Reading report files: encodings, HTML, DOCX, PDF; a bad file is a ReadError naming it."""
from __future__ import annotations

import unicodedata

import pytest

from extractor import extract
from extractor.readers import ReadError, discover, read_text

SENTENCE = "Tổng thu ngân sách nhà nước ước đạt 3.370 tỷ đồng, tăng 17,7% so với cùng kỳ."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_text_in_common_encodings(tmp_path, encoding):
    path = tmp_path / "r.txt"
    path.write_bytes(SENTENCE.encode(encoding))
    assert read_text(path) == SENTENCE


def test_decomposed_text_is_read_and_facts_point_into_it(tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", SENTENCE), encoding="utf-8")
    text = read_text(path)
    facts = extract(text)
    assert [f.kind for f in facts] == ["money", "percent"]
    assert all(text[f.start:f.end] == f.text for f in facts)


def test_html_page(tmp_path):
    pytest.importorskip("trafilatura")
    path = tmp_path / "r.html"
    body = "".join(f"<p>{SENTENCE} Đoạn {k} của bản tin kinh tế xã hội tỉnh.</p>" for k in range(6))
    path.write_text(f"<html><head><title>Tin</title></head><body><article>{body}</article></body></html>",
                    encoding="utf-8")
    text = read_text(path)
    assert "3.370 tỷ đồng" in text
    assert any(f.kind == "money" and f.value == 3_370_000_000_000 for f in extract(text))


def test_docx_paragraphs_and_tables(tmp_path):
    docx = pytest.importorskip("docx")
    path = tmp_path / "r.docx"
    document = docx.Document()
    document.add_paragraph(SENTENCE)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Số lao động được giải quyết việc làm"
    table.rows[0].cells[1].text = "29.576 lao động"
    document.save(str(path))
    text = read_text(path)
    assert SENTENCE in text and "29.576 lao động" in text


def test_pdf_without_text_layer_is_named(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    path = tmp_path / "scan.pdf"
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(ReadError, match="no text layer"):
        read_text(path)


@pytest.mark.parametrize("name,content,reason", [
    ("bin.txt", b"\x00\x01\x02\x03", "binary"),
    ("empty.txt", b"   \n", "empty"),
    ("broken.docx", b"not a zip", "not a readable .docx"),
    ("broken.pdf", b"%PDF-1.4 garbage", "not a readable PDF"),
])
def test_bad_files_raise_a_named_error(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError) as err:
        read_text(path)
    assert reason in str(err.value) and name in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(ReadError, match="khong-co.txt"):
        read_text(tmp_path / "khong-co.txt")


def test_discover_walks_folders_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/2.txt", "1.txt", "b/3.html", "notes.csv", "README.md", "b/.hidden.txt", "c.exe"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])] == \
        ["1.txt", "b/2.txt", "b/3.html", "notes.csv"]


def test_library_read_and_extract_file(tmp_path):
    import extractor

    path = tmp_path / "bang.html"
    path.write_text("<html><body><p>Thu ngân sách năm 2023 đạt 3.370 tỷ đồng.</p><table>"
                    "<tr><th>Chỉ tiêu</th><th>Đơn vị tính</th><th>Năm 2023</th></tr>"
                    "<tr><td>Số doanh nghiệp thành lập mới</td><td>Doanh nghiệp</td><td>1.250</td></tr>"
                    "</table></body></html>", encoding="utf-8")
    source = extractor.read(path)
    assert source.format == "html" and source.tables[0].grid()[1][2].text == "1.250"
    doc = extractor.extract_file(path)
    assert doc.source is not None and all(doc.raw[f.start:f.end] == f.text for f in doc.facts)
    cell = [f for f in doc.facts if f.table == 0]
    assert [(f.text, f.value) for f in cell] == [("1.250", 1250)]
    assert any(f.text.startswith("3.370") and f.table is None for f in doc.facts)


def test_header_without_body_is_kept_as_a_table(tmp_path):
    path = tmp_path / "dau.html"
    path.write_text("<html><body><table><thead><tr><th>Huyện</th><th>Năm 2022</th><th>Năm 2023</th></tr></thead>"
                    "</table></body></html>", encoding="utf-8")
    import extractor

    assert read_text(path) == "Huyện | Năm 2022 | Năm 2023"
    assert all(c.header for c in extractor.read(path).tables[0].cells)
    assert extractor.extract_file(path).facts == ()  # header years are no facts
