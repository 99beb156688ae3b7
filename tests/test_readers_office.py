"""Word 97, ODT and RTF readers: documents built here from the sample reports give the same facts as
the same text given as UTF-8; merged table cells come back as spans; bad files give a reason."""
from __future__ import annotations

import io
import re
import shutil
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

import pytest

from extractor import extract
from extractor.pipeline import extract_source
from extractor.readers import ReadError, read_bytes
from extractor.readers import office
from extractor.readers.encodings import encode

from .conftest import SAMPLES, need
from .officefix import rtf_unicode
from .wordfix import word97

SAMPLE = "bao-cao-thu-chi-ngan-sach-quang-nam-6-thang-2024.txt"


def paragraphs(name: str = SAMPLE) -> list[str]:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    return [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def facts(text_or_doc) -> list[tuple]:
    found = text_or_doc.facts if hasattr(text_or_doc, "facts") else extract(text_or_doc)
    return [(f.kind, f.value, f.value_max, f.unit, f.date, f.qualifier, f.direction, f.basis, f.status, f.period,
             f.metric, f.text) for f in found]


# --- ODT ------------------------------------------------------------------------------------

_ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" office:version="1.2"')


def _odt_paragraph(text: str, tag: str = "text:p") -> str:
    """A paragraph as LibreOffice writes it: runs of spaces as text:s, line breaks as text:line-break."""
    lines = []
    for line in text.split("\n"):
        line = escape(line)
        line = re.sub(r" {2,}", lambda m: f' <text:s text:c="{len(m.group()) - 1}"/>', line)
        lines.append(line)
    return f"<{tag}>" + "<text:line-break/>".join(lines) + f"</{tag.split()[0]}>"


def build_odt(body_xml: str, header: str = "", footer: str = "") -> bytes:
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODF_NS}>'
               f"<office:body><office:text>{body_xml}</office:text></office:body></office:document-content>")
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {_ODF_NS} '
              'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"><office:master-styles>'
              '<style:master-page style:name="Standard">'
              + (f"<style:header>{_odt_paragraph(header)}</style:header>" if header else "")
              + (f"<style:footer>{_odt_paragraph(footer)}</style:footer>" if footer else "")
              + "</style:master-page></office:master-styles></office:document-styles>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
        zf.writestr("content.xml", content.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("styles.xml", styles.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_odt_paragraphs_give_the_facts_of_the_same_text():
    paras = paragraphs()
    body = _odt_paragraph(paras[0], "text:h text:outline-level=\"1\"") + "".join(_odt_paragraph(p) for p in paras[1:])
    source = read_bytes(build_odt(body), "bao-cao.odt")
    clean = "\n\n".join(paras)
    assert source.format == "odt"
    assert source.text == clean
    assert facts(extract_source(source)) == facts(clean)
    assert len(facts(clean)) > 40


def test_odt_spans_lists_text_boxes_and_footnotes():
    body = (
        '<text:p>Tổng thu ngân sách <text:span>ước đạt</text:span> 3.370 tỷ đồng'
        '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body>'
        '<text:p>Số liệu sơ bộ đến ngày 15/6/2024.</text:p></text:note-body></text:note>, tăng 17,7% so với cùng kỳ.'
        '</text:p>'
        '<text:list><text:list-item><text:p>Thu nội địa 2.950 tỷ đồng.</text:p></text:list-item></text:list>'
        '<text:p><draw:frame><draw:text-box><text:p>Giải ngân 1.245 tỷ đồng.</text:p></draw:text-box></draw:frame>'
        '</text:p>'
        '<text:tracked-changes><text:changed-region><text:deletion><text:p>Đã xóa 99 tỷ đồng.</text:p>'
        '</text:deletion></text:changed-region></text:tracked-changes>'
        '<office:annotation><text:p>Ghi chú 77 tỷ đồng</text:p></office:annotation>'
    )
    source = office.read_odt(build_odt(body, header="SỞ TÀI CHÍNH QUẢNG NAM", footer="Trang 3"), "r.odt")
    assert source.text.split("\n\n") == [
        "SỞ TÀI CHÍNH QUẢNG NAM",
        "Tổng thu ngân sách ước đạt 3.370 tỷ đồng, tăng 17,7% so với cùng kỳ.",
        "Thu nội địa 2.950 tỷ đồng.",
        "Giải ngân 1.245 tỷ đồng.",
        "Số liệu sơ bộ đến ngày 15/6/2024.",
        "Trang 3",
    ]
    assert [b.kind for b in source.blocks] == ["header", "paragraph", "note", "footer"]
    values = [f.value for f in extract_source(source).facts if f.kind == "money"]
    assert values == [3_370_000_000_000, 2_950_000_000_000, 1_245_000_000_000]  # nothing deleted or commented


def test_odt_table_spans_and_covered_cells():
    row = "<table:table-row>{}</table:table-row>"

    def cell(text, cols=1, rows=1):
        span = (f' table:number-columns-spanned="{cols}"' if cols > 1 else "") + \
               (f' table:number-rows-spanned="{rows}"' if rows > 1 else "")
        return f"<table:table-cell{span}><text:p>{escape(text)}</text:p></table:table-cell>"

    covered = "<table:covered-table-cell/>"
    table = (
        '<table:table table:name="Bieu1"><table:table-column table:number-columns-repeated="4"/>'
        "<table:table-header-rows>"
        + row.format(cell("Chỉ tiêu", rows=2) + cell("Năm 2023", cols=2) + covered + cell("So cùng kỳ (%)", rows=2))
        + row.format(covered + cell("Kế hoạch") + cell("Thực hiện") + covered)
        + "</table:table-header-rows>"
        + row.format(cell("Thu nội địa (tỷ đồng)") + cell("5.200") + cell("5.438,6") + cell("104,6"))
        + "</table:table>"
    )
    source = office.read_odt(build_odt("<text:p>Biểu 1. Thu ngân sách</text:p>" + table), "b.odt")
    (grid,) = source.tables
    assert (grid.n_rows, grid.n_cols) == (3, 4)
    spans = {(c.row, c.col): (c.text, c.rowspan, c.colspan) for c in grid.cells if c.text}
    assert spans[(0, 0)] == ("Chỉ tiêu", 2, 1)
    assert spans[(0, 1)] == ("Năm 2023", 1, 2)
    assert spans[(0, 3)] == ("So cùng kỳ (%)", 2, 1)
    assert spans[(1, 1)] == ("Kế hoạch", 1, 1) and spans[(1, 2)] == ("Thực hiện", 1, 1)
    assert spans[(2, 2)] == ("5.438,6", 1, 1)
    assert all(source.text[c.start:c.end] == c.text for c in grid.cells)
    assert [c.header for c in grid.cells if c.row == 0][0] is True


@pytest.mark.parametrize("data,reason", [
    (b"PK\x03\x04 not really a zip", "not a readable OpenDocument file"),
    (None, "without content.xml"),
])
def test_odt_bad_files_give_a_reason(data, reason):
    if data is None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zf:
            zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        data = out.getvalue()
    with pytest.raises(ReadError, match=reason):
        office.read_odt(data, "x.odt")


def test_odt_bomb_is_refused_before_inflating(monkeypatch):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", b" " * (40 << 20))
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("a member was inflated"))
    with pytest.raises(ReadError, match="bomb"):
        office.read_odt(out.getvalue(), "bomb.odt")


# --- RTF ------------------------------------------------------------------------------------

def rtf_bytes(data: bytes) -> bytes:
    r"""8-bit text as \'hh escapes (the way RTF writers store code-page text), line breaks as \line."""
    return b"".join(b"\\'%02x" % b if b > 127 else b"\\line " if b == 10 else
                    (b"\\" + bytes([b]) if b in b"\\{}" else bytes([b])) for b in data)


_RTF_HEAD = (r"{\rtf1\ansi\ansicpg1252\deff0\nouicompat{\fonttbl{\f0\fnil\fcharset0 Times New Roman;}"
             r"{\f1\fswiss\fcharset0{\*\panose 020b0604020202020204}Arial;}}"
             r"{\colortbl ;\red0\green0\blue0;}{\*\generator Riched20 10.0.19041}"
             r"{\info{\title B\u225?o c\u225?o 99 t\u7927?}{\author Nguy\u7877?n V\u259?n A}}"
             r"\viewkind4\uc1 ")


@pytest.mark.parametrize("uc", [1, 2, 0])
def test_rtf_unicode_escapes_give_the_facts_of_the_same_text(uc):
    paras = paragraphs()
    body = "".join(r"\pard\sa200\f0\fs26 " + rtf_unicode(p, uc) + r"\par" + "\n" for p in paras)
    data = (_RTF_HEAD + rf"\uc{uc} " + body + "}").encode("ascii")
    source = read_bytes(data, "bao-cao.rtf")
    clean = "\n\n".join(paras)
    assert source.format == "rtf"
    assert source.text == clean
    assert facts(extract_source(source)) == facts(clean)


def test_rtf_windows_1258_bytes_and_a_vntime_run():
    paras = paragraphs("bao-cao-y-te-thai-binh-9-thang-2023.txt")[5:9]
    heading = "KẾT QUẢ THỰC HIỆN 9 THÁNG NĂM 2023"
    data = (rb"{\rtf1\ansi\ansicpg1258\deff0{\fonttbl{\f0\froman\fcharset163 Times New Roman;}"
            rb"{\f1\fnil\fcharset0 .VnTime;}{\f2\fnil\fcharset0 .VnTimeH;}}\uc1"
            + rb"\pard\f2 " + rtf_bytes(encode(heading.lower(), "tcvn3")) + rb"\par"
            + rb"\pard\f0 " + rtf_bytes(encode(paras[0], "cp1258")) + rb"\par"
            + rb"\pard{\f1 " + rtf_bytes(encode(paras[1], "tcvn3")) + rb"}\par"
            + b"".join(rb"\pard " + rtf_bytes(encode(p, "cp1258")) + rb"\par" for p in paras[2:]) + b"}")
    source = office.read_rtf(data, "cu.rtf")
    clean = "\n\n".join([heading] + paras)
    assert source.text == clean
    assert "tcvn3" in source.encoding and "tcvn3" in source.conversion
    assert facts(extract_source(source)) == facts(clean)


def test_rtf_table_with_merged_cells_and_skipped_destinations():
    def row(defs, cells):
        return (r"\trowd\trgaph108" + "".join(defs) + r"\pard\intbl "
                + "".join(rtf_unicode(c) + r"\cell " for c in cells) + r"\row" + "\n")

    data = (_RTF_HEAD
            + r"{\header\pard Trang 12 c\u7911?a 40\par}"
            + r"{\*\shppict{\pict\pngblip 89504e470d0a1a0a0000000d49484452}}"
            + r"\pard " + rtf_unicode("Bảng 2. Kết quả thu ngân sách") + r"\par" + "\n"
            + row([r"\clvmgf\cellx2000", r"\clmgf\cellx4000", r"\clmrg\cellx6000"], ["Chỉ tiêu", "Năm 2024", ""])
            + row([r"\clvmrg\cellx2000", r"\cellx4000", r"\cellx6000"], ["", "Dự toán", "Ước thực hiện"])
            + row([r"\cellx2000", r"\cellx4000", r"\cellx6000"], ["Thu nội địa (tỷ đồng)", "5.200", "5.438,6"])
            + r"\pard " + rtf_unicode("Nguồn: ") + r"{\field{\*\fldinst HYPERLINK \"http://x\"}{\fldrslt "
            + rtf_unicode("Sở Tài chính") + r"}} " + rtf_unicode("tổng hợp, chi 1.245 tỷ đồng")
            + r"{\footnote\pard\chftn " + rtf_unicode("Số liệu sơ bộ 6 tháng.") + r"}.\par" + "}").encode("ascii")
    source = office.read_rtf(data, "bang.rtf")
    assert "Báo cáo" not in source.text and "89504e" not in source.text  # document info, picture data
    assert source.blocks[0].kind == "header"
    assert source.text[source.blocks[0].start:source.blocks[0].end] == "Trang 12 của 40"
    assert "HYPERLINK" not in source.text
    (table,) = source.tables
    cells = {(c.row, c.col): (c.text, c.rowspan, c.colspan) for c in table.cells if c.text}
    assert cells == {(0, 0): ("Chỉ tiêu", 2, 1), (0, 1): ("Năm 2024", 1, 2), (1, 1): ("Dự toán", 1, 1),
                     (1, 2): ("Ước thực hiện", 1, 1), (2, 0): ("Thu nội địa (tỷ đồng)", 1, 1),
                     (2, 1): ("5.200", 1, 1), (2, 2): ("5.438,6", 1, 1)}
    assert all(source.text[c.start:c.end] == c.text for c in table.cells)
    tail = source.text[table.end:]
    assert "Nguồn: Sở Tài chính tổng hợp, chi 1.245 tỷ đồng." in tail
    assert source.blocks[-1].kind == "note"
    assert source.text[source.blocks[-1].start:source.blocks[-1].end] == "Số liệu sơ bộ 6 tháng."
    assert "Số liệu sơ bộ" not in source.text[:source.blocks[-1].start]  # never mid-sentence


@pytest.mark.parametrize("data,reason", [
    (b"Just some text 3.370 ty dong", "not a readable RTF"),
    (rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}{\*\generator x}}", "no text"),
])
def test_rtf_bad_files_give_a_reason(data, reason):
    with pytest.raises(ReadError, match=reason):
        office.read_rtf(data, "x.rtf")


def test_rtf_unbalanced_and_stray_bytes_do_not_crash():
    data = rb"{\rtf1\ansi \'zz T\u7893?ng thu 3.370 t\u7927? \u273?\u7891?ng}}} \par {\b 5 ha \u-9999999999?\u-10179?x"
    source = office.read_rtf(data, "x.rtf")
    assert "Tổng thu 3.370 tỷ đồng" in source.text and "5 ha" in source.text
    assert source.text.encode("utf-8")  # no lone surrogate, no code point out of range


def test_rtf_nested_too_deep_gives_a_reason():
    with pytest.raises(ReadError, match="nested deeper"):
        office.read_rtf(b"{\\rtf1 " + b"{" * 100_000 + b"x", "sau.rtf")


# --- .doc -----------------------------------------------------------------------------------

def test_doc_that_is_really_rtf_is_read_as_rtf():
    data = (_RTF_HEAD + r"\pard " + rtf_unicode("Tổng thu ngân sách ước đạt 3.370 tỷ đồng.") + r"\par}").encode()
    assert office.read_doc(data, "cu.doc").text == "Tổng thu ngân sách ước đạt 3.370 tỷ đồng."
    assert read_bytes(data, "cu.doc").format == "rtf"


def test_doc_that_is_really_html_is_routed_by_content():
    pytest.importorskip("lxml")
    page = "<html><body><p>Tổng thu ngân sách ước đạt 3.370 tỷ đồng, tăng 17,7% so với cùng kỳ.</p></body></html>"
    source = read_bytes(page.encode("utf-8"), "web.doc")
    assert source.format == "html"
    assert [f.value for f in extract_source(source).facts] == [3_370_000_000_000, Decimal("17.7")]


@pytest.fixture()
def _antiword():
    need(shutil.which("antiword") is not None, "antiword (Debian package)")


needs_antiword = pytest.mark.usefixtures("_antiword")


def lines(name: str) -> list[str]:
    """The sample's lines: in a Word document every line of such a report is its own paragraph."""
    return [line.strip() for line in (SAMPLES / name).read_text(encoding="utf-8").split("\n") if line.strip()]


@needs_antiword
@pytest.mark.parametrize("name", [SAMPLE, "bao-cao-tong-ket-ldtbxh-2023.txt"])
def test_word97_document_gives_the_facts_of_the_same_text(name):
    paras = lines(name)
    source = read_bytes(word97(paras), "bao-cao.doc")
    clean = "\n\n".join(paras)
    assert source.format == "doc" and "antiword" in source.conversion
    assert source.text == clean
    assert facts(extract_source(source)) == facts(clean)


@needs_antiword
@pytest.mark.parametrize("name", [SAMPLE, "bao-cao-y-te-thai-binh-9-thang-2023.txt"])
def test_word97_line_breaks_inside_a_paragraph_keep_the_paragraph(name):
    # antiword's text layout writes a manual line break (Word's vertical tab) like a paragraph end;
    # its DocBook reading tells which lines were one paragraph, so a paragraph's opening still frames them
    paras = paragraphs(name)
    source = office.read_doc(word97(paras), "bao-cao.doc")
    clean = "\n\n".join(paras)
    assert source.text == clean
    assert facts(extract_source(source)) == facts(clean)


@needs_antiword
@pytest.mark.parametrize("data,reason", [
    (b"not a word file at all", "no OLE2 header"),
    (office.OLE2_MAGIC + b"\x00" * 600, "not a readable Word document"),
    (word97(["Tổng thu 3.370 tỷ đồng."], encrypted=True), "[Ee]ncrypted"),
    (word97(["Tổng thu 3.370 tỷ đồng."])[:3000], "not a Word"),
])
def test_doc_bad_files_give_a_reason(data, reason):
    with pytest.raises(ReadError, match=reason) as err:
        office.read_doc(data, "hong.doc")
    assert "/tmp" not in err.value.reason and "input.doc" not in err.value.reason


BUDGET_TABLE = [["Chỉ tiêu", "Dự toán năm 2024", "Ước thực hiện 6 tháng", "So với dự toán (%)"],
                ["Tổng thu ngân sách nhà nước trên địa bàn (tỷ đồng)", "22.180", "9.866,4", "44,5"],
                ["Chi đầu tư phát triển của ngân sách địa phương (tỷ đồng)", "9.215", "3.128,7", "34,0"],
                ["Chi thường xuyên (tỷ đồng)", "13.652", "6.310,2", "46,2"]]


@needs_antiword
def test_word97_table_is_a_grid_with_the_facts_of_the_same_html_table():
    title = "Biểu 2. Kết quả thu, chi ngân sách 6 tháng đầu năm 2024"
    source = read_bytes(word97([title, BUDGET_TABLE, "Tổng thu nội địa tăng 12,4% so với cùng kỳ."]), "bieu.doc")
    (table,) = source.tables
    # the long labels are wrapped onto two lines in antiword's text layout: the grid is not
    assert [[c.text for c in table.cells if c.row == r] for r in range(table.n_rows)] == BUDGET_TABLE
    assert not source.notes
    rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in BUDGET_TABLE)
    html = (f"<html><body><p>{title}</p><table>{rows}</table><p>Tổng thu nội địa tăng 12,4% so với cùng kỳ.</p>"
            "</body></html>").encode("utf-8")
    same = read_bytes(html, "bieu.html")

    def table_facts(src):
        return [(f.kind, f.value, f.unit, f.row, f.column, f.row_label, f.column_label, f.status, f.basis)
                for f in extract_source(src).facts if f.table is not None]
    assert len(table_facts(source)) == 9  # three body rows, three numeric columns
    assert table_facts(source) == table_facts(same)


def test_antiword_text_tables_without_docbook_become_grids_with_a_note():
    # antiword writes a table row as |cell|cell| lines (its -w 0 layout); a long cell wraps
    text = ("Biểu 3. Lao động việc làm\n|Chỉ tiêu            |Năm 2023  |\n|Số lao động         |29.576    |\n"
            "\n\nĐạt 118% kế hoạch.\n")
    source = office.doc_layout(text).source("x.doc", "doc")
    (table,) = source.tables
    assert [(c.row, c.col, c.text) for c in table.cells] == [
        (0, 0, "Chỉ tiêu"), (0, 1, "Năm 2023"), (1, 0, "Số lao động"), (1, 1, "29.576")]
    assert source.text.endswith("Đạt 118% kế hoạch.")
    assert "wrapped cell" in source.notes[0]


@pytest.mark.parametrize("kind", ["rtf", "odt"])
def test_damaged_documents_give_reasons_never_tracebacks(kind):
    import random

    from .test_readers_archives import _mutations

    if kind == "rtf":
        seed, read = (_RTF_HEAD + r"\pard " + rtf_unicode(paragraphs()[12]) + r"\par}").encode(), office.read_rtf
    else:
        seed, read = build_odt(_odt_paragraph(paragraphs()[12]), header="Trang 1"), office.read_odt
    for data in _mutations(seed, 300, random.Random(kind)):
        try:
            read(data, f"hong.{kind}").text.encode("utf-8")
        except ReadError:
            pass
