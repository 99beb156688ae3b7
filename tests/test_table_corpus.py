"""End to end on the table corpus (``tests/tables/``): every table is rendered as HTML, DOCX, PDF and XLSX
(``tests/tablefix.py``), read by ``extractor.readers``, extracted by ``extractor.pipeline.extract_source``,
and its facts matched one-to-one to the annotation.

A fact matches when kind, value, value_max and unit agree (money: the unit starts with the currency code;
quantity: the unit is the annotated one or starts with it and a space or "/", and is not compared where the
table writes no unit; percent: "%" or nothing); a matched table fact must then have the annotated period,
status, basis and qualifier, a metric sharing at least half its tokens (Dice >= 0.5) with the annotated one,
and its span inside the cell it came from (its digits among the cell's digits). Negative tables must give
no table fact at all.

``pytest tests/test_table_corpus.py -s -k scores`` prints precision, recall and F1 per format.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from tests import tablefix
from tests.tablefix import FORMATS, Spec

SPECS = tablefix.corpus()
ATTRS = ("period", "status", "basis", "qualifier")
_HALVES = {("01", "06"): "H1", ("07", "12"): "H2", ("01", "03"): "Q1", ("04", "06"): "Q2", ("07", "09"): "Q3",
           ("10", "12"): "Q4"}


# --- reading -----------------------------------------------------------------------------------------

class Outcome:
    """What the tool made of one table in one format: the read text and facts, or why it could not.
    A ReadError is the reader's answer (the case fails with its reason); any other exception is kept
    and raised again by the case, with its traceback."""

    def __init__(self, spec: Spec, fmt: str, folder: Path, **variant):
        from extractor.pipeline import extract_source  # noqa: PLC0415
        from extractor.readers import ReadError, read  # noqa: PLC0415

        self.spec, self.fmt = spec, fmt
        self.error, self.crash = "", None
        self.text, self.facts, self.table, self.prose = "", [], [], []
        path = tablefix.build(spec, fmt, folder, **variant)
        try:
            source = read(path)
            doc = extract_source(source, doc_id=path.name)
        except ReadError as exc:
            self.error = f"ReadError: {exc.reason}"
            return
        except Exception as exc:  # noqa: BLE001  (raised again by the case; the scores count it as misses)
            self.error, self.crash = f"{exc.__class__.__name__}: {exc}", exc
            return
        self.text = source.text
        self.facts = list(doc.facts)
        self.table = [as_dict(f) for f in doc.facts if f.table is not None]
        self.prose = [as_dict(f) for f in doc.facts if f.table is None]


def as_dict(f) -> dict:
    d = f.as_dict()
    for k in ("value", "value_max"):
        d[k] = None if d[k] is None else Decimal(d[k])
    return d


@pytest.fixture(scope="session")
def outcomes(tmp_path_factory):
    cache: dict[tuple[str, str], Outcome] = {}

    def get(spec: Spec, fmt: str) -> Outcome:
        key = (spec.id, fmt)
        if key not in cache:
            cache[key] = Outcome(spec, fmt, tmp_path_factory.mktemp(f"{spec.id}-{fmt}"))
        return cache[key]

    return get


# --- matching -----------------------------------------------------------------------------------------

def norm_period(s: str) -> str:
    s = (s or "").strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})", s)
    if m and m.group(1) == m.group(3) and (m.group(2), m.group(4)) in _HALVES:
        return f"{m.group(1)}-{_HALVES[(m.group(2), m.group(4))]}"
    return s


def same_number(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = Decimal(str(a)), Decimal(str(b))
    return a == b or abs(a - b) <= Decimal("1e-6") * max(abs(a), abs(b))


def unit_ok(kind: str, expected, got: str) -> bool:
    got = (got or "").strip().lower()
    options = expected if isinstance(expected, list) else [expected or ""]
    for e in options:
        e = e.strip().lower()
        if e == "*":
            return True
        if kind == "money" and got.startswith(e):
            return True
        if kind == "quantity" and (e == "" or got == e or got.startswith(e + " ") or got.startswith(e + "/")):
            return True
        if kind == "percent" and got in ("%", ""):
            return True
        if kind in ("year", "date", "period"):
            return True
    return False


def compatible(e: dict, p: dict) -> bool:
    if e["kind"] != p["kind"]:
        return False
    if e["kind"] in ("year", "date", "period"):
        if e.get("date", "") != "*" and norm_period(e.get("date", "")) != norm_period(p["date"]):
            return False
        return e["kind"] != "year" or "value" not in e or same_number(e["value"], p["value"])
    return same_number(e.get("value"), p["value"]) and same_number(e.get("value_max"), p["value_max"]) \
        and unit_ok(e["kind"], e.get("unit", ""), p["unit"])


def tokens(s: str) -> list[str]:
    s = unicodedata.normalize("NFC", (s or "").lower())
    return re.sub(r"[^\w%/\s]", " ", s).split()


def dice(a: str, b: str) -> float:
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    if not ta and not tb:
        return 1.0
    if not ta or not tb:
        return 0.0
    return 2 * sum((ta & tb).values()) / (sum(ta.values()) + sum(tb.values()))


def _inside(span: str, cell: str) -> bool:
    """The span's digits are the cell's digits or part of them (a sheet holds "1.014.825" as the
    number 1014825, so a reader writes its own digits; separators are not compared)."""
    digits = re.sub(r"\D", "", span)
    return bool(digits) and digits in re.sub(r"\D", "", cell)


def attr_errors(e: dict, p: dict) -> list[str]:
    """How a matched table fact differs from its annotation (empty when it is right)."""
    out = []
    want = {"period": e.get("period", ""), "status": e.get("status", "actual"), "basis": e.get("basis", ""),
            "qualifier": e.get("qualifier", "")}
    for a in ATTRS:
        got = p[a] or ("actual" if a == "status" else "")
        if (norm_period(got) if a == "period" else got) != (norm_period(want[a]) if a == "period" else want[a]):
            out.append(f"{a} {got!r} (expected {want[a]!r})")
    if e.get("metric") and dice(e["metric"], p["metric"]) < 0.5:
        out.append(f"metric {p['metric']!r} (expected {e['metric']!r})")
    if "text" in e and not _inside(p["text"], e["text"]):
        out.append(f"span {p['text']!r} is not inside the cell {e['text']!r}")
    return out


def agreement(e: dict, p: dict) -> float:
    return -len(attr_errors(e, p)) + dice(e.get("metric", ""), p.get("metric", ""))


def match(expected: list[dict], predicted: list[dict]) -> dict[int, int]:
    """One-to-one: the best-agreeing pairs first, then augmenting paths so that as many match as can."""
    cand = {i: [j for j, p in enumerate(predicted) if compatible(e, p)] for i, e in enumerate(expected)}
    pairs = sorted(((agreement(expected[i], predicted[j]), i, j) for i in cand for j in cand[i]),
                   key=lambda x: (-x[0], x[1], x[2]))
    e2p: dict[int, int] = {}
    p2e: dict[int, int] = {}
    for _, i, j in pairs:
        if i not in e2p and j not in p2e:
            e2p[i], p2e[j] = j, i

    def augment(i: int, seen: set[int]) -> bool:
        for j in cand[i]:
            if j not in seen:
                seen.add(j)
                if j not in p2e or augment(p2e[j], seen):
                    e2p[i], p2e[j] = j, i
                    return True
        return False

    for i in cand:
        if i not in e2p:
            augment(i, set())
    return e2p


def describe(f: dict) -> str:
    where = f" r{f['row']}c{f['column']}" if f.get("row") is not None else ""
    vmax = f"-{f['value_max']}" if f.get("value_max") is not None else ""
    return f"{f['kind']} {f.get('value', '')}{vmax} {f.get('unit', '')!r} {f.get('date', '')}{where} " \
           f"text={f.get('text', '')!r}"


class Result:
    """Expected facts against extracted ones for one table in one format."""

    def __init__(self, outcome: Outcome):
        spec = outcome.spec
        self.n_expected = len(spec.facts)
        self.problems: list[str] = []
        self.tp = self.fp = 0
        self.n_attr = self.metric_ok = self.cell_ok = 0
        self.attr_ok = Counter()
        if outcome.error:
            self.problems.append(f"not read: {outcome.error}")
            return
        if spec.negative and outcome.table:
            self.problems += [f"negative table gave a table fact: {describe(p)}" for p in outcome.table]
        leftovers = []
        for expected, predicted in ((spec.table_facts, outcome.table), (spec.prose_facts, outcome.prose)):
            leftovers += self._compare(list(expected), predicted)
        # numbers inside labels, captions and ambiguous cells may be reported, on either side, at no cost
        excused = match(list(spec.optional), leftovers)
        self.fp += len(leftovers) - len(excused)
        taken = set(excused.values())
        self.problems += [f"not expected: {describe(p)}" for j, p in enumerate(leftovers) if j not in taken]

    def _compare(self, expected: list[dict], predicted: list[dict]) -> list[dict]:
        """Match one side (table cells or prose); returns the predictions nothing expected matched."""
        e2p = match(expected, predicted)
        self.tp += len(e2p)
        for i, e in enumerate(expected):
            if i not in e2p:
                self.problems.append(f"missed: {describe(e)}")
                continue
            if "row" not in e:
                continue
            p = predicted[e2p[i]]
            errs = attr_errors(e, p)
            self.n_attr += 1
            self.cell_ok += (p["row"], p["column"]) == (e["row"], e["column"])
            for a in ATTRS:
                self.attr_ok[a] += not any(x.startswith(a + " ") for x in errs)
            self.metric_ok += not any(x.startswith("metric ") for x in errs)
            if errs:
                self.problems.append(f"wrong at {describe(e)}: " + "; ".join(errs))
        used = set(e2p.values())
        return [p for j, p in enumerate(predicted) if j not in used]


# --- the tests ------------------------------------------------------------------------------------------

def _case(spec: Spec, fmt: str):
    marks = [pytest.mark.xfail(strict=True, reason=spec.xfail[fmt])] if fmt in spec.xfail else []
    return pytest.param(spec, fmt, id=f"{spec.id}-{fmt}", marks=marks)


@pytest.mark.timeout(120)
@pytest.mark.parametrize(("spec", "fmt"), [_case(s, f) for s in SPECS for f in FORMATS])
def test_table(spec: Spec, fmt: str, outcomes):
    outcome = outcomes(spec, fmt)
    if outcome.crash is not None:
        raise outcome.crash
    for f in outcome.facts:
        assert outcome.text[f.start:f.end] == f.text, f"offsets of {f.text!r} do not point at its text"
    result = Result(outcome)
    assert not result.problems, f"{spec.id} as {fmt}:\n  " + "\n  ".join(result.problems)


LONG = ("vinhphuc_danso_2019", "quangngai_yte_2016", "quangngai_cpi_2016", "quangngai_cosoyte_huyen_2016")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("table_id", LONG)
def test_pdf_table_continued_over_pages(table_id, tmp_path):
    """A yearbook table that runs over two or three pages, its header rows repeated on each (pages
    110 mm high): the same facts as on one page, section rows and group rows carried over the break."""
    spec = tablefix.load(tablefix.TABLES / f"{table_id}.json")
    outcome = Outcome(spec, "pdf", tmp_path, page_height_mm=110)
    import pdfplumber  # noqa: PLC0415

    with pdfplumber.open(tmp_path / f"{table_id}.pdf") as pdf:
        assert len(pdf.pages) >= 2
    if outcome.crash is not None:
        raise outcome.crash
    result = Result(outcome)
    assert not result.problems, f"{spec.id} over pages:\n  " + "\n  ".join(result.problems)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("table_id", ("vra_caosu_2010_2017", "qdnd_chitieu_2019", "quangngai_cosoyte_huyen_2016",
                                      "thanhhoa_lichcongtac_2025"))
def test_html_table_inside_a_portal_page(table_id, tmp_path):
    """The same page set inside a portal's menu, breadcrumb, stamp, related-news list (titles with
    dates), sidebar counters and footer (phones, a licence number and date): the same facts, none
    from the furniture."""
    folder = tablefix.TABLES / "negative" if table_id.startswith("thanhhoa") else tablefix.TABLES
    spec = tablefix.load(folder / f"{table_id}.json")
    outcome = Outcome(spec, "html", tmp_path, portal=True)
    assert "Tin liên quan" in (tmp_path / f"{table_id}.html").read_text(encoding="utf-8")
    if outcome.crash is not None:
        raise outcome.crash
    result = Result(outcome)
    assert not result.problems, f"{spec.id} in a portal page:\n  " + "\n  ".join(result.problems)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("table_id", ("vinhphuc_danso_2019", "constructed_chitieu_2023", "atlasnn_lua_tinh"))
def test_xlsx_numbers_typed_as_text(table_id, tmp_path):
    """A sheet whose numbers are text cells ("1.014.825", "7,329,200", "Khoảng 4"): the same facts."""
    spec = tablefix.load(tablefix.TABLES / f"{table_id}.json")
    outcome = Outcome(spec, "xlsx", tmp_path, numbers_as_text=True)
    if outcome.crash is not None:
        raise outcome.crash
    result = Result(outcome)
    assert not result.problems, f"{spec.id} with numbers as text:\n  " + "\n  ".join(result.problems)


@pytest.mark.timeout(600)
def test_scores(outcomes):
    """Per-format precision/recall/F1 over the whole corpus (shown with -s), with the attributes, the
    metric and the body row/column (reported, not required: a reader may count header rows otherwise)
    on matched cells. The figures are quoted in notes; the per-table tests are the pass/fail checks."""
    lines = []
    for fmt in FORMATS:
        results = [Result(outcomes(s, fmt)) for s in SPECS]
        tp = sum(r.tp for r in results)
        fp = sum(r.fp for r in results)
        n = sum(r.n_expected for r in results)
        p = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / n if n else 0.0
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        n_attr = sum(r.n_attr for r in results)
        attrs = ", ".join(f"{a} {sum(r.attr_ok[a] for r in results) / n_attr:.3f}" if n_attr else f"{a} -"
                          for a in ATTRS)
        metric = f"{sum(r.metric_ok for r in results) / n_attr:.3f}" if n_attr else "-"
        cell = f"{sum(r.cell_ok for r in results) / n_attr:.3f}" if n_attr else "-"
        unread = sum(1 for r in results if r.problems and r.problems[0].startswith("not read"))
        lines.append(f"{fmt:5s} P {p:.3f} R {rc:.3f} F1 {f1:.3f} (tp {tp}, fp {fp}, expected {n}; "
                     f"{unread} of {len(SPECS)} files not read) | on {n_attr} matched cells: {attrs}, "
                     f"metric dice>=0.5 {metric}, row/column as annotated {cell}")
    print("\ntable corpus, %d tables (%d negative):\n" % (len(SPECS), sum(s.negative for s in SPECS))
          + "\n".join(lines))
    assert len(lines) == len(FORMATS)


# --- the corpus and the builder themselves -----------------------------------------------------------------

def test_corpus_shape():
    ids = [s.id for s in SPECS]
    assert len(ids) == len(set(ids))
    positive = [s for s in SPECS if not s.negative]
    assert len([s for s in positive if s.source != "constructed"]) >= 12
    assert len([s for s in SPECS if s.negative]) >= 4
    for s in positive:
        assert s.table_facts, f"{s.id}: a positive table annotates its cells"
    for s in SPECS:
        if s.negative:
            assert not s.table_facts, f"{s.id}: a negative table annotates no cell"


def test_loader_rejects_unknown_keys(tmp_path):
    bad = tmp_path / "t.json"
    bad.write_text('{"id": "t", "source": "constructed", "header_rows": 1, "rows": [["Năm", "2023"]], '
                   '"facts": [], "colour": "red"}', encoding="utf-8")
    with pytest.raises(tablefix.CorpusError, match="unknown keys"):
        tablefix.load(bad)
    bad.write_text('{"id": "t", "source": "constructed", "header_rows": 1, "rows": [["", "Tổng số"], ["2023", "5"]], '
                   '"facts": [{"kind": "quantity", "value": 5, "row": 0, "column": 1, "text": "5", "cell": "r0c1"}]}',
                   encoding="utf-8")
    with pytest.raises(tablefix.CorpusError, match="unknown fact keys"):
        tablefix.load(bad)


def test_loader_checks_the_cell_text(tmp_path):
    bad = tmp_path / "t.json"
    bad.write_text('{"id": "t", "source": "constructed", "header_rows": 1, "rows": [["", "Tổng số"], ["2023", "1.234"]], '
                   '"facts": [{"kind": "quantity", "value": 1243, "row": 0, "column": 1, "text": "1.243"}]}',
                   encoding="utf-8")
    with pytest.raises(tablefix.CorpusError, match="holds '1.234'"):
        tablefix.load(bad)


def test_grid_places_spans_like_html():
    spec = tablefix.load(tablefix.TABLES / "namdinh_grdp_2022.json")
    at = {(p.row, p.col): p.text for p in tablefix.placed(spec)}
    assert at[(0, 2)] == "Chia ra"
    assert at[(1, 2)] == "Nông, lâm nghiệp và thủy sản" and at[(1, 5)] == "Dịch vụ"
    assert at[(2, 3)] == "Tổng số" and at[(2, 4)] == "Trong đó: Công nghiệp"
    assert tablefix.shape(spec) == (12, 7)


def test_sheet_numbers():
    assert tablefix.sheet_number("1.014.825") == (1014825.0, "#,##0")
    assert tablefix.sheet_number("101,45") == (101.45, "0.00")
    assert tablefix.sheet_number("-0,109") == (-0.109, "0.000")
    assert tablefix.sheet_number("7,329,200", "en") == (7329200.0, "#,##0")
    assert tablefix.sheet_number("48.9", "en") == (48.9, "0.0")
    for text in ("Khoảng 4", "6,6-6,8", "-", "Xuất siêu", "1.2345"):
        assert tablefix.sheet_number(text) is None


def test_pdf_table_is_ruled(tmp_path):
    """The PDF's table is drawn with rules, so a ruled-table finder sees the grid with its numbers."""
    pdfplumber = pytest.importorskip("pdfplumber")
    spec = tablefix.load(tablefix.TABLES / "vra_caosu_2010_2017.json")
    with pdfplumber.open(tablefix.build(spec, "pdf", tmp_path)) as pdf:
        page = pdf.pages[0]
        tables = page.extract_tables()
        text = page.extract_text()
    assert len(tables) == 1
    grid = tables[0]
    assert len(grid) == 10 and len(grid[0]) == 5
    assert grid[2] == ["2010", "748.700", "439.100", "751.700", "1.712"]
    assert grid[1][4] == "(kg/ha/năm)"
    assert text.startswith("Diện tích, sản lượng và năng suất cây cao su tại Việt Nam")


def test_docx_merges_cells_once(tmp_path):
    docx = pytest.importorskip("docx")
    spec = tablefix.load(tablefix.TABLES / "namdinh_grdp_2022.json")
    document = docx.Document(str(tablefix.build(spec, "docx", tmp_path)))
    assert [p.text for p in document.paragraphs][0] == spec.title[0]
    table = document.tables[0]
    assert table.cell(0, 2)._tc is table.cell(0, 6)._tc  # "Chia ra" spans five columns
    assert table.cell(3, 0)._tc is table.cell(3, 6)._tc  # the section row "Triệu đồng"
    assert table.cell(4, 1).text == "46811173"


def test_xlsx_keeps_numbers_and_merges(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    spec = tablefix.load(tablefix.TABLES / "vinhphuc_danso_2019.json")
    ws = openpyxl.load_workbook(tablefix.build(spec, "xlsx", tmp_path)).active
    assert ws["A1"].value == spec.title[0]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A3:A4", "B3:B4", "C3:D3", "E3:F3", "A5:F5"} <= merged
    assert ws["B6"].value == 1014825 and ws["A6"].value == "2010"
    assert ws["B12"].value == 101.45 and ws["B12"].number_format == "0.00"
    assert ws["A10"].value == "Sơ bộ 2019"


def test_html_marks_headers_and_spans():
    spec = tablefix.load(tablefix.TABLES / "vinhphuc_danso_2019.json")
    page = tablefix.html_text(spec)
    assert '<th colspan="2">Phân theo giới tính</th>' in page
    assert '<th rowspan="2">Tổng số</th>' in page
    assert '<td colspan="6"><b>Người</b></td>' in page
    assert page.index("<thead>") < page.index("Nông thôn</th>") < page.index("</thead>")


def test_matching_rules():
    """The matcher itself: units by the scorer's rules, one prediction per expectation, attributes exact."""
    money = {"kind": "money", "value": 8015000000000, "unit": "VND", "period": "2015", "status": "actual",
             "metric": "Nhà nước", "row": 2, "column": 1, "text": "8.015"}
    got = {"kind": "money", "value": Decimal("8015000000000"), "value_max": None, "unit": "VND", "date": "",
           "period": "2015", "status": "actual", "basis": "", "qualifier": "", "metric": "Nhà nước",
           "text": "8.015", "row": 2, "column": 1}
    assert compatible(money, got) and attr_errors(money, got) == []
    assert not compatible(money, dict(got, value=Decimal("8015")))
    assert not compatible(money, dict(got, unit="USD"))
    assert attr_errors(money, dict(got, period="2018")) == ["period '2018' (expected '2015')"]
    assert attr_errors(money, dict(got, metric="Ngoài Nhà nước")) == []  # Dice 0.8
    assert attr_errors(money, dict(got, metric="Tổng số")) != []
    assert attr_errors(money, dict(got, text="015")) == []
    assert attr_errors(money, dict(got, text="2015")) != []
    quantity = {"kind": "quantity", "value": 748700, "unit": "ha"}
    assert compatible(quantity, {"kind": "quantity", "value": 748700, "value_max": None, "unit": "ha"})
    assert not compatible(quantity, {"kind": "quantity", "value": 748700, "value_max": None, "unit": "hat"})
    assert compatible(dict(quantity, unit=""), {"kind": "quantity", "value": 748700, "value_max": None, "unit": "x"})
    half = {"kind": "percent", "value": 106.9, "unit": "%", "period": "2024-01/2024-06", "status": "actual",
            "text": "106,9"}
    assert attr_errors(half, dict(got, kind="percent", value=Decimal("106.9"), unit="%", period="2024-H1",
                                  text="106,9", metric="")) == []
    one = [{"kind": "quantity", "value": 4, "unit": ""}] * 2
    four = dict(got, kind="quantity", value=Decimal(4), unit="", text="4")
    assert len(match(one, [four])) == 1
    assert len(match(one, [four, four])) == 2
