"""The lexicon is checked when it is built: each test hands ``lexicon.build`` the real patterns/ with
one realistic mistake in it and expects the mistake to be refused, by name."""
from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from extractor import extract, resources
from extractor.lexicon import build, lexicon
from extractor.resources import PatternError


def _with(change):
    """``load`` of the real patterns/ files, with ``change(name, data)`` applied to a deep copy."""
    def load(name: str) -> dict:
        data = copy.deepcopy(resources.load(name))
        change(name, data)
        return data
    return load


def test_the_real_patterns_build():
    lex = build()
    assert lex.units.currencies.entries[("đồng",)] == "VND"
    assert lex.units.measures.entries[("mw",)] == "MW"
    assert lex.times.quarter >= {"quý", "qui"}


def _add(file: str, path: tuple, words) -> "callable":
    """A change of the TOML ``file``: ``words`` appended to the list at ``path`` (a new key when absent)."""
    def change(name, data):
        if name == file:
            table = data
            for key in path[:-1]:
                table = table[key]
            table.setdefault(path[-1], []).extend(words) if isinstance(words, list) else \
                table.__setitem__(path[-1], words)
    return change


def _drop(file: str, path: tuple):
    def change(name, data):
        if name == file:
            table = data
            for key in path[:-1]:
                table = table[key]
            del table[path[-1]]
    return change


@pytest.mark.parametrize("change,refusal", [
    # a group added in TOML used to be ignored: `qualifiers.roughly` read nothing and said nothing
    pytest.param(_add("context", ("qualifiers", "roughly"), ["chừng"]), "roughly", id="unknown-qualifier-group"),
    pytest.param(_add("units", ("measure",), {"ha": ["ha"]}), r"units\.measure\b", id="key-nobody-reads"),
    pytest.param(_add("context", ("qualifiers", "over"), ["hơn"]), "hơn", id="twice-with-the-same-label"),
    # `Đồng` beside `đồng` is dead weight: the case policy reads Đồng already
    pytest.param(_add("currencies", ("VND", "surfaces"), ["Đồng"]), "Đồng", id="case-form-read-anyway"),
    pytest.param(_add("nouns", ("counted", "things"), ["tấn"]),  # a measure already
                 "tấn.*units.measures.*nouns.counted|tấn.*nouns.counted.*units", id="two-roles"),
    pytest.param(_drop("numerals", ("two_roles", "k")), "'k'", id="two-roles-undeclared"),
    pytest.param(_add("temporal", ("words", "month"), ["quý"]), "quý", id="time-word-two-roles"),
])
def test_the_lexicon_refuses_a_mistake(change, refusal):
    with pytest.raises(PatternError, match=refusal):
        build(_with(change))


def test_a_symbol_in_another_case_is_a_different_entry():
    # `mW` (milliwatt) beside `MW` is a new symbol, not a duplicate
    lex = build(_with(_add("units", ("measures", "mW"), ["mW"])))
    assert lex.units.measures.match_at(["mw"], 0, ["mW"]) == (1, "mW")
    assert lex.units.measures.match_at(["mw"], 0, ["MW"]) == (1, "MW")


# --- one list, every reader: what the review found, as regression tests ---------------------------

@pytest.mark.parametrize("text,expected", [
    ("Thu hơn 80 t đồng.", (Decimal(80_000_000_000), "VND")),
    ("Thu hơn 80 t Đồng.", (Decimal(80_000_000_000), "VND")),
    ("Thu hơn 80 t VNĐ.", (Decimal(80_000_000_000), "VND")),
    ("Thu hơn 80 t ₫.", (Decimal(80_000_000_000), "VND")),
    ("Thu hơn 80 t vnđ.", (Decimal(80_000_000_000), "VND")),
    ("Kim ngạch đạt 3 t USD.", (Decimal(3_000_000_000), "USD")),
])
def test_ocr_cut_scale_word_before_any_currency_the_lexicon_knows(text, expected):
    facts = [(f.value, f.unit) for f in extract(text) if f.kind == "money"]
    assert facts == [expected]


@pytest.mark.parametrize("quarter", sorted(lexicon().times.quarter))
def test_roman_one_read_as_l_after_every_quarter_word(quarter):
    for written in (quarter, quarter.capitalize()):
        facts = [f.date for f in extract(f"{written} l/2024, doanh thu đạt 50 tỷ đồng.") if f.kind == "period"]
        assert facts == ["2024-Q1"], written


def test_a_year_split_after_every_sure_span_cue_is_joined():
    for cue in lexicon().times.span_cues_before_year:
        facts = [f.date for f in extract(f"Kế hoạch {cue} 202 1 - 2025 đã được phê duyệt.")
                 if f.kind in ("year", "period")]
        assert facts and facts[0].startswith("2021"), (cue, facts)


def test_a_loose_span_cue_does_not_join_split_digits():
    # `trong 20 21 ngày` is no year 2021: `trong` is a span cue only before a written year range
    assert [f.date for f in extract("Hoàn thành trong 20 21 ngày.") if f.kind == "year"] == []


# --- adding a word is one line of data: a copy of patterns/ with one line added, read by a fresh process

_ADDED = r'''
import json, sys
from extractor import extract, extract_file
rows = {}
for name, text in [("prose_unit", "Sản lượng điện thương phẩm đạt 1.250 MWh."),
                   ("ocr_unit", "Sản lượng điện thương phẩm đạt 1.2O0 MWh."),
                   ("prose_currency", "Kim ngạch nhập khẩu từ Thái Lan đạt 350 triệu baht."),
                   ("before_currency", "Giá trị hợp đồng là THB 12 triệu."),
                   ("ocr_currency", "Giá trị hợp đồng hơn 80 t baht."),
                   ("cue", "Doanh thu du lịch đạt ngót 2.000 tỷ đồng.")]:
    rows[name] = [[f.kind, str(f.value), f.unit, f.qualifier] for f in extract(text)]
rows["table"] = [[f.kind, str(f.value), f.unit] for f in extract_file(sys.argv[1]).facts]
print(json.dumps(rows))
'''
_TABLE = ("<html><body><table><tr><th>Chỉ tiêu</th><th>Năm 2024 (MWh)</th><th>Giá trị (triệu baht)</th></tr>"
          "<tr><td>Điện thương phẩm</td><td>1.250</td><td>35</td></tr></table></body></html>")


def _run_with_patterns(tmp_path, edit):
    import json
    import os
    import shutil
    import subprocess
    import sys

    pdir = tmp_path / "patterns"
    shutil.copytree(resources.PATTERNS_DIR, pdir)
    edit(pdir)
    page = tmp_path / "bang.html"
    page.write_text(_TABLE, encoding="utf-8")
    env = {**os.environ, "VNEXTRACT_PATTERNS": str(pdir)}
    out = subprocess.run([sys.executable, "-c", _ADDED, str(page)], env=env, capture_output=True, text=True,
                         timeout=120, check=True)
    return json.loads(out.stdout)


def _append(path, after: str, line: str):
    text = path.read_text(encoding="utf-8")
    assert after in text
    path.write_text(text.replace(after, after + line, 1), encoding="utf-8")


def test_a_unit_a_currency_and_a_cue_added_as_data_are_read_everywhere(tmp_path):
    before = _run_with_patterns(tmp_path / "a", lambda p: None)

    def add(p):
        _append(p / "units.toml", '"GWh" = ["GWh"]\n', '"MWh" = ["MWh"]\n')
        _append(p / "currencies.toml", "[USD]\n", "")  # the file has the table the new one goes before
        text = (p / "currencies.toml").read_text(encoding="utf-8")
        (p / "currencies.toml").write_text(text.replace("[USD]\n", '[THB]\nsurfaces = ["baht", "bạt"]\n'
                                                        'before = ["THB"]\n\n[USD]\n', 1), encoding="utf-8")
        _append(p / "context.toml", 'nearly = ["gần", ', '"ngót", ')  # ngót 2.000: just under 2.000

    after = _run_with_patterns(tmp_path / "b", add)
    assert before["prose_unit"] == []
    assert before["prose_currency"] == [["quantity", "350000000", "baht", ""]]  # the tagger's noun, no money
    assert after["prose_unit"] == [["quantity", "1250", "MWh", ""]]
    assert after["ocr_unit"] == [["quantity", "1200", "MWh", ""]]  # the OCR repair knows the new unit
    assert after["prose_currency"] == [["money", "350000000", "THB", ""]]
    assert after["before_currency"] == [["money", "12000000", "THB", ""]]
    assert after["ocr_currency"] == [["money", "80000000000", "THB", "over"]]  # and the new currency
    assert after["cue"] == [["money", "2000000000000", "VND", "nearly"]]
    assert before["cue"] == [["money", "2000000000000", "VND", ""]]
    assert sorted(after["table"]) == [["money", "35000000", "THB"], ["quantity", "1250", "MWh"]]


# --- a new kind of fact is one module and one data section ----------------------------------------

_RANK_MODULE = '''"""A place in a ranking: ``xếp thứ 12/63 tỉnh`` is rank 12 of 63."""
from decimal import Decimal

from extractor.facts.draft import Draft
from extractor.lexicon import lexicon

KIND = "rank"


def read(cursor, i):
    cue = lexicon().kinds[KIND]["cues"].match_before(cursor.w, i)
    tok = cursor.t[i]
    if cue is None or not tok.text.isdigit():
        return None
    end, of = i + 1, None
    after = cursor.tok(i + 2)
    if cursor.is_punct(i + 1, "/") and after is not None and after.text.isdigit():
        end, of = i + 3, Decimal(after.text)
    return end, [Draft(KIND, i - cue[0], end, value=Decimal(tok.text), value_max=of, vi=i)]
'''

_RANK_RUN = r'''
import json
from extractor import extract
text = "Năm 2023, chỉ số PCI của tỉnh xếp thứ 12/63 tỉnh, thành phố, tăng 5 bậc; thu ngân sách đạt 5.234 tỷ đồng."
print(json.dumps([[f.kind, str(f.value), str(f.value_max), f.unit, f.text, f.period] for f in extract(text)]))
'''


def test_a_new_kind_is_one_module_and_one_data_section(tmp_path):
    """`rank` added to a copy of the package: a module in extractor/facts/kinds/ and a table in
    patterns/kinds.toml; the scanner reads it, the attributes come as for any fact, nothing else moves."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    from .conftest import ROOT

    shutil.copytree(ROOT / "extractor", tmp_path / "extractor", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "patterns", tmp_path / "patterns")
    (tmp_path / "extractor" / "facts" / "kinds" / "rank.py").write_text(_RANK_MODULE, encoding="utf-8")
    with open(tmp_path / "patterns" / "kinds.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[rank]\ncues = ["xếp thứ", "đứng thứ", "xếp hạng thứ"]\n')
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}

    def run():
        out = subprocess.run([sys.executable, "-c", _RANK_RUN], env=env, cwd="/", capture_output=True, text=True,
                             timeout=120, check=True)
        return json.loads(out.stdout)

    with_rank = run()
    assert ["rank", "12", "63", "", "xếp thứ 12/63", "2023"] in with_rank
    (tmp_path / "extractor" / "facts" / "kinds" / "rank.py").unlink()
    (tmp_path / "patterns" / "kinds.toml").write_text((ROOT / "patterns" / "kinds.toml").read_text(encoding="utf-8"),
                                                      encoding="utf-8")
    without = run()
    assert [f for f in with_rank if f[0] != "rank"] == without  # the other facts are the same
    assert not any(f[0] == "rank" for f in without)
