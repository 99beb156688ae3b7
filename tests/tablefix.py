"""Fixture builder for the table corpus (``tests/tables/``): loads one corpus table and renders it as an
HTML page, a DOCX document, a text-layer PDF with a ruled table, or an XLSX sheet, with the table's
title paragraphs above it and its notes below, as a provincial portal or a yearbook file would.

Files are written at test time into a folder the caller gives (pytest's ``tmp_path``); nothing binary
is kept in the repository. The corpus format is described in ``tests/tables/README.md``.
"""
from __future__ import annotations

import html as htmllib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

TABLES = Path(__file__).resolve().parent / "tables"
FORMATS = ("html", "docx", "pdf", "xlsx")

SPEC_KEYS = {"id", "source", "title", "caption", "after", "header_rows", "label_cols", "grouping", "rows",
             "facts", "optional", "xfail", "negative", "note"}
REQUIRED = {"id", "source", "rows", "header_rows", "facts"}
CELL_KEYS = {"text", "rowspan", "colspan", "header", "indent", "bold"}
FACT_KEYS = {"kind", "value", "value_max", "unit", "date", "qualifier", "direction", "basis", "status",
             "period", "metric", "row", "column", "text"}
KINDS = {"quantity", "money", "percent", "year", "date", "period"}


class CorpusError(ValueError):
    """A corpus file that does not follow the format (named, with the reason)."""


@dataclass(frozen=True)
class Placed:
    """A cell at its grid position (top-left of its span)."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    indent: int = 0
    bold: bool = False


@dataclass(frozen=True)
class Spec:
    """One corpus table, as loaded from its JSON file."""

    id: str
    source: str
    title: tuple[str, ...]
    caption: str
    after: tuple[str, ...]
    header_rows: int
    label_cols: int
    grouping: str
    rows: tuple
    facts: tuple[dict, ...]
    optional: tuple[dict, ...]
    xfail: dict
    negative: bool
    path: Path

    @property
    def table_facts(self) -> tuple[dict, ...]:
        return tuple(f for f in self.facts if "row" in f)

    @property
    def prose_facts(self) -> tuple[dict, ...]:
        return tuple(f for f in self.facts if "row" not in f)


# --- loading ---------------------------------------------------------------------------------------

def _check_fact(where: str, f: dict, in_table: bool = True) -> None:
    if not isinstance(f, dict):
        raise CorpusError(f"{where}: a fact must be an object, not {f!r}")
    unknown = set(f) - FACT_KEYS
    if unknown:
        raise CorpusError(f"{where}: unknown fact keys {sorted(unknown)}")
    if f.get("kind") not in KINDS:
        raise CorpusError(f"{where}: kind must be one of {sorted(KINDS)}, not {f.get('kind')!r}")
    if ("row" in f) != ("column" in f):
        raise CorpusError(f"{where}: a table fact gives both row and column")
    if "row" in f and "text" not in f:
        raise CorpusError(f"{where}: a table fact gives the cell's text")


def _check_cell(where: str, c) -> None:
    if isinstance(c, str):
        return
    if not isinstance(c, dict) or "text" not in c:
        raise CorpusError(f"{where}: a cell is a string or an object with 'text', not {c!r}")
    unknown = set(c) - CELL_KEYS
    if unknown:
        raise CorpusError(f"{where}: unknown cell keys {sorted(unknown)}")


def load(path: Path | str) -> Spec:
    """Read one corpus file; any key the format does not know is an error."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise CorpusError(f"{path.name}: not JSON ({exc})") from exc
    unknown = set(raw) - SPEC_KEYS
    if unknown:
        raise CorpusError(f"{path.name}: unknown keys {sorted(unknown)}")
    missing = REQUIRED - set(raw)
    if missing:
        raise CorpusError(f"{path.name}: missing keys {sorted(missing)}")
    if raw["id"] != path.stem:
        raise CorpusError(f"{path.name}: id {raw['id']!r} differs from the file name")
    for i, row in enumerate(raw["rows"]):
        for j, c in enumerate(row):
            _check_cell(f"{path.name} row {i} cell {j}", c)
    for k in ("facts", "optional"):
        for i, f in enumerate(raw.get(k, [])):
            _check_fact(f"{path.name} {k}[{i}]", f)
    bad = set(raw.get("xfail", {})) - set(FORMATS)
    if bad:
        raise CorpusError(f"{path.name}: xfail names unknown formats {sorted(bad)}")
    if raw.get("grouping", "vi") not in ("vi", "en"):
        raise CorpusError(f"{path.name}: grouping is 'vi' or 'en'")
    spec = Spec(raw["id"], raw["source"], tuple(raw.get("title", ())), raw.get("caption", ""),
                tuple(raw.get("after", ())), int(raw["header_rows"]), int(raw.get("label_cols", 1)),
                raw.get("grouping", "vi"), tuple(tuple(r) for r in raw["rows"]), tuple(raw["facts"]),
                tuple(raw.get("optional", ())), dict(raw.get("xfail", {})), bool(raw.get("negative", False)),
                path)
    _check_positions(spec)
    return spec


def _check_positions(spec: Spec) -> None:
    """Every table fact names a body cell whose text is the fact's text (a typo in either is caught)."""
    at = {(p.row, p.col): p for p in placed(spec)}
    for f in spec.facts + spec.optional:
        if "row" not in f:
            continue
        p = at.get((f["row"] + spec.header_rows, f["column"]))
        if p is None:
            raise CorpusError(f"{spec.path.name}: no cell at body row {f['row']}, column {f['column']}")
        if p.text != f["text"]:
            raise CorpusError(f"{spec.path.name}: cell r{f['row']}c{f['column']} holds {p.text!r}, "
                              f"the fact says {f['text']!r}")


def corpus(folder: Path = TABLES) -> list[Spec]:
    """Every corpus table, positive ones first, each group by file name."""
    return [load(p) for p in sorted(folder.glob("*.json"))] + \
        [load(p) for p in sorted((folder / "negative").glob("*.json"))]


# --- the grid --------------------------------------------------------------------------------------

def placed(spec: Spec) -> list[Placed]:
    """Cells at their grid positions, HTML style: a spanned position is skipped in later rows."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(spec.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            d = {"text": cell} if isinstance(cell, str) else cell
            p = Placed(r, c, d["text"], int(d.get("rowspan", 1)), int(d.get("colspan", 1)),
                       bool(d.get("header", r < spec.header_rows)), int(d.get("indent", 0)), bool(d.get("bold", False)))
            out.append(p)
            for rr in range(r, r + p.rowspan):
                for cc in range(c, c + p.colspan):
                    taken.add((rr, cc))
            c += p.colspan
    return out


def shape(spec: Spec) -> tuple[int, int]:
    cells = placed(spec)
    return (max(p.row + p.rowspan for p in cells), max(p.col + p.colspan for p in cells))


# --- numbers for sheets ----------------------------------------------------------------------------

_VI = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?")
_EN = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")


def sheet_number(text: str, grouping: str = "vi") -> tuple[float, str] | None:
    """A body cell a spreadsheet would hold as a number: (value, Excel number format), else None."""
    t = text.strip()
    m = (_EN if grouping == "en" else _VI).fullmatch(t)
    if not m:
        return None
    if grouping == "en":
        value = float(t.replace(",", ""))
    else:
        value = float(t.replace(".", "").replace(",", "."))
    decimals = len(m.group(1) or "")
    grouped = ("," in t) if grouping == "en" else ("." in t)
    fmt = ("#,##0" if grouped else "0") + ("." + "0" * decimals if decimals else "")
    return value, fmt


# --- renderers -------------------------------------------------------------------------------------

def build(spec: Spec, fmt: str, folder: Path, page_height_mm: float | None = None, portal: bool = False,
          numbers_as_text: bool = False) -> Path:
    """Write ``spec`` as ``folder/<id>.<fmt>`` and return the path. ``page_height_mm`` (PDF only) makes
    pages that short, so a long table continues over pages with its header rows repeated; ``portal``
    (HTML only) sets the article inside a provincial portal's furniture (see :func:`portal_page`);
    ``numbers_as_text`` (XLSX only) types every number as text ("1.014.825"), as sheets made on a
    machine with another number locale often hold them."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{spec.id}.{fmt}"
    if fmt == "pdf":
        _pdf(spec, path, page_height_mm)
    elif fmt == "html":
        path.write_text(portal_page(spec) if portal else html_text(spec), encoding="utf-8")
    elif fmt == "xlsx":
        _xlsx(spec, path, numbers_as_text)
    else:
        _docx(spec, path)
    return path


def _above(spec: Spec) -> list[str]:
    return list(spec.title) + ([spec.caption] if spec.caption else [])


def html_text(spec: Spec) -> str:
    e = htmllib.escape
    out = ['<!DOCTYPE html>', '<html lang="vi">', '<head>', '<meta charset="utf-8">',
           f'<title>{e(spec.title[0] if spec.title else spec.id)}</title>',
           '<style>table{border-collapse:collapse} th,td{border:1px solid #000;padding:2px 6px}</style>',
           '</head>', '<body>', '<div class="content">']
    for i, t in enumerate(spec.title):
        out.append(f'<p><b>{e(t)}</b></p>' if i == 0 else f'<p>{e(t)}</p>')
    if spec.caption:
        out.append(f'<p style="text-align:right"><i>{e(spec.caption)}</i></p>')
    out.append('<table>')
    by_row: dict[int, list[Placed]] = {}
    for p in placed(spec):
        by_row.setdefault(p.row, []).append(p)
    n_rows, _ = shape(spec)
    for r in range(n_rows):
        if r == 0 and spec.header_rows:
            out.append('<thead>')
        if r == spec.header_rows:
            out.append('<tbody>')
        cells = []
        for p in by_row.get(r, []):
            tag = "th" if p.header else "td"
            attrs = (f' rowspan="{p.rowspan}"' if p.rowspan > 1 else "") + \
                    (f' colspan="{p.colspan}"' if p.colspan > 1 else "") + \
                    (f' style="padding-left:{6 + 12 * p.indent}px"' if p.indent else "")
            body = e(p.text).replace("\n", "<br>")
            if p.bold and tag == "td":
                body = f"<b>{body}</b>"
            cells.append(f'<{tag}{attrs}>{body}</{tag}>')
        out.append('<tr>' + "".join(cells) + '</tr>')
        if r == spec.header_rows - 1:
            out.append('</thead>')
    if spec.header_rows < n_rows:
        out.append('</tbody>')
    out.append('</table>')
    for t in spec.after:
        out.append(f'<p><i>{e(t)}</i></p>')
    out += ['</div>', '</body>', '</html>']
    return "\n".join(out) + "\n"


# The furniture of a provincial portal page, modelled on such portals (written for the tests): a banner
# with a hotline, a menu, a breadcrumb, a publication stamp and a view counter, related articles whose
# titles carry dates, a sidebar counter and a footer with an address and phone numbers. None of it is
# content: a reader that keeps it invents dates and counts.
_PORTAL_TOP = """<header class="site-header"><div class="logo">CỔNG THÔNG TIN ĐIỆN TỬ TỈNH</div>
<div class="hotline">Đường dây nóng: 0236.3822.255</div></header>
<nav class="main-menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
<li><a href="/tin-tuc">Tin tức - Sự kiện</a></li><li><a href="/so-lieu">Số liệu thống kê</a></li>
<li><a href="/van-ban">Văn bản</a></li></ul></nav>
<div class="breadcrumb"><a href="/">Trang chủ</a> / <a href="/so-lieu">Số liệu thống kê</a></div>
<div class="layout"><main><article>"""
_PORTAL_STAMP = '<p class="post-date">Cập nhật: 14:32 05/01/2024 | Lượt xem: 1.254</p>'
_PORTAL_BOTTOM = """<div class="share-tools"><a href="#">Chia sẻ</a> <a href="#">In bài</a></div>
</article>
<div class="tin-lien-quan"><h3>Tin liên quan</h3><ul>
<li><a href="/a1">Tình hình kinh tế - xã hội tháng 9 năm 2023</a> (02/10/2023)</li>
<li><a href="/a2">Kết quả điều tra lao động việc làm quý III năm 2023</a> (15/10/2023)</li>
<li><a href="/a3">Họp báo công bố số liệu thống kê 6 tháng đầu năm 2023</a> (29/06/2023)</li></ul></div>
</main><aside class="sidebar"><div class="widget">Lượt truy cập: 1.234.567</div>
<div class="widget">Đang trực tuyến: 85</div></aside></div>
<footer class="site-footer"><p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh</p>
<p>Địa chỉ: 02 Trần Phú, Điện thoại: 0236.3822.255 - Fax: 0236.3826.211</p>
<p>Giấy phép số 05/GP-TTĐT ngày 12/3/2019</p></footer>"""


def portal_page(spec: Spec) -> str:
    """``html_text(spec)`` with its content set inside a portal's furniture."""
    page = html_text(spec)
    head, rest = page.split('<div class="content">', 1)
    body, tail = rest.rsplit("</div>", 1)
    title_end = body.index("</p>") + len("</p>") if spec.title else 0
    body = body[:title_end] + "\n" + _PORTAL_STAMP + body[title_end:]
    return head + _PORTAL_TOP + body + _PORTAL_BOTTOM + tail


def _docx(spec: Spec, path: Path) -> None:
    import docx  # noqa: PLC0415
    from docx.oxml import OxmlElement  # noqa: PLC0415
    from docx.oxml.ns import qn  # noqa: PLC0415
    from docx.shared import Pt  # noqa: PLC0415

    doc = docx.Document()
    for i, t in enumerate(_above(spec)):
        para = doc.add_paragraph()
        para.add_run(t).bold = i == 0
    n_rows, n_cols = shape(spec)
    table = doc.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    for p in placed(spec):
        cell = table.cell(p.row, p.col)
        if p.rowspan > 1 or p.colspan > 1:
            cell = cell.merge(table.cell(p.row + p.rowspan - 1, p.col + p.colspan - 1))
        lines = p.text.split("\n")
        para = cell.paragraphs[0]
        for k, line in enumerate(lines):
            run = para.add_run(line)
            run.bold = p.bold or (p.header and p.row < spec.header_rows)
            if k < len(lines) - 1:
                run.add_break()
        if p.indent:
            para.paragraph_format.left_indent = Pt(10 * p.indent)
    for r in range(spec.header_rows):  # header rows repeat on each page, as Word marks them
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        tr_pr.append(el)
    for t in spec.after:
        doc.add_paragraph(t)
    doc.save(str(path))


def font_file(bold: bool = False) -> str:
    """DejaVu Sans (bold), located through fontconfig or at its standard Debian path."""
    style = "Bold" if bold else "Book"
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(["fc-match", f"DejaVu Sans:style={style}", "--format=%{file}"],
                                 capture_output=True, text=True, timeout=10).stdout.strip()
            if out and Path(out).exists() and "DejaVuSans" in Path(out).name:
                return out
        except (OSError, subprocess.SubprocessError):
            pass
    return f"/usr/share/fonts/truetype/dejavu/DejaVuSans{'-Bold' if bold else ''}.ttf"


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415

    if "VnSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("VnSans", font_file()))
        pdfmetrics.registerFont(TTFont("VnSans-Bold", font_file(bold=True)))
    return "VnSans", "VnSans-Bold"


def _pdf(spec: Spec, path: Path, page_height_mm: float | None = None) -> None:
    from reportlab.lib import colors  # noqa: PLC0415
    from reportlab.lib.pagesizes import A4, landscape  # noqa: PLC0415
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415
    from reportlab.lib.units import mm  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: PLC0415

    regular, bold = _fonts()
    n_rows, n_cols = shape(spec)
    page = landscape(A4) if n_cols > 6 else A4
    if page_height_mm:
        page = (page[0], page_height_mm * mm)
    size = 8 if n_cols > 6 else 9
    doc = SimpleDocTemplate(str(path), pagesize=page, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title=spec.title[0] if spec.title else spec.id)
    body = ParagraphStyle("body", fontName=regular, fontSize=size + 1, leading=size + 4)
    head = ParagraphStyle("head", parent=body, fontName=bold, fontSize=size + 2, leading=size + 6)
    cell_style = ParagraphStyle("cell", fontName=regular, fontSize=size, leading=size + 2)
    cell_bold = ParagraphStyle("cellb", parent=cell_style, fontName=bold)
    story = [Paragraph(htmllib.escape(t), head if i == 0 else body) for i, t in enumerate(_above(spec))]
    story.append(Spacer(1, 3 * mm))
    width = page[0] - 30 * mm
    first = min(width * 0.38, 62 * mm) if spec.label_cols == 1 else 12 * mm
    widths = [first] if spec.label_cols == 1 else [12 * mm, min(width * 0.34, 58 * mm)]
    rest = (width - sum(widths)) / max(1, n_cols - len(widths))
    widths += [rest] * (n_cols - len(widths))
    grid: list[list] = [[""] * n_cols for _ in range(n_rows)]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for p in placed(spec):
        st = cell_bold if (p.bold or p.row < spec.header_rows) else cell_style
        if p.indent:  # indented as a word processor does it: the text starts further right
            st = ParagraphStyle(f"{st.name}-{p.indent}", parent=st, leftIndent=8 * p.indent)
        text = htmllib.escape(p.text).replace("\n", "<br/>")
        grid[p.row][p.col] = Paragraph(text, st)
        if p.rowspan > 1 or p.colspan > 1:
            style.append(("SPAN", (p.col, p.row), (p.col + p.colspan - 1, p.row + p.rowspan - 1)))
    story.append(Table(grid, colWidths=widths, repeatRows=spec.header_rows, style=TableStyle(style)))
    story.append(Spacer(1, 3 * mm))
    story += [Paragraph(htmllib.escape(t), body) for t in spec.after]
    doc.build(story)


def _xlsx(spec: Spec, path: Path, numbers_as_text: bool = False) -> None:
    import xlsxwriter  # noqa: PLC0415

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    n_rows, n_cols = shape(spec)
    title_fmt = wb.add_format({"bold": True})
    head_fmt = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"})
    text_fmt = wb.add_format({"border": 1, "text_wrap": True})
    bold_fmt = wb.add_format({"border": 1, "bold": True})
    num_fmts: dict[tuple[str, int], object] = {}
    top = 0
    for i, t in enumerate(_above(spec)):
        ws.write_string(top, 0, t, title_fmt if i == 0 else None)
        top += 1
    if top:
        top += 1  # a blank row between the title and the grid, as yearbook sheets have
    ws.set_column(0, 0, 40 if spec.label_cols == 1 else 6)
    if spec.label_cols > 1:
        ws.set_column(1, 1, 40)
    ws.set_column(spec.label_cols, max(spec.label_cols, n_cols - 1), 12)
    for p in placed(spec):
        r, c = top + p.row, p.col
        header = p.row < spec.header_rows
        number = None
        if not header and c >= spec.label_cols and p.colspan == 1 and not numbers_as_text:
            number = sheet_number(p.text, spec.grouping)
        if number is not None:
            value, nf = number
            key = (nf, p.indent)
            if key not in num_fmts:
                num_fmts[key] = wb.add_format({"border": 1, "num_format": nf})
            cf = num_fmts[key]
        else:
            cf = head_fmt if header else (bold_fmt if p.bold else text_fmt)
            if p.indent and not header:
                cf = wb.add_format({"border": 1, "indent": p.indent, "bold": p.bold})
        if p.rowspan > 1 or p.colspan > 1:
            ws.merge_range(r, c, r + p.rowspan - 1, c + p.colspan - 1, p.text, cf)
        elif number is not None:
            ws.write_number(r, c, number[0], cf)
        else:
            ws.write_string(r, c, p.text, cf)
    row = top + n_rows + 1
    for t in spec.after:
        ws.write_string(row, 0, t)
        row += 1
    wb.close()


# --- the corpus as files, for the command-line scorer -------------------------------------------------

def _scorer_fact(f: dict) -> dict:
    """A corpus fact in the scorer's gold format: one unit string ('' where any unit is accepted),
    attributes spelled out, table cells named 'r<row>c<column>'."""
    unit = f.get("unit", "")
    unit = unit[0] if isinstance(unit, list) else unit
    out = {"kind": f["kind"], "value": f.get("value"), "value_max": f.get("value_max"),
           "unit": "" if unit == "*" else unit, "date": f.get("date", ""), "qualifier": f.get("qualifier", ""),
           "direction": f.get("direction", ""), "basis": f.get("basis", ""), "status": f.get("status", "actual"),
           "period": f.get("period", ""), "metric": f.get("metric", "")}
    if "row" in f:
        out.update(cell=f"r{f['row']}c{f['column']}", text=f["text"])
    return out


def write_corpus(folder: Path, formats=FORMATS) -> Path:
    """Every corpus table as files of ``formats`` in ``folder``, with ``gold.jsonl`` for the scorer of
    the development tables (``score.py --gold FOLDER/gold.jsonl --files FOLDER``)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for spec in corpus():
        for fmt in formats:
            build(spec, fmt, folder)
        lines.append(json.dumps({"id": spec.id, "source": spec.source,
                                 "facts": [_scorer_fact(f) for f in spec.facts],
                                 "optional": [_scorer_fact(f) for f in spec.optional]}, ensure_ascii=False))
    gold = folder / "gold.jsonl"
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return gold


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.tablefix OUTPUT_FOLDER")
    print(write_corpus(Path(sys.argv[1])))
