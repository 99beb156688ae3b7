"""One lexicon, many readers: every word a list of ``patterns/`` knows is known by every part of the code
that reads that concept.

The cases are generated FROM the lexicon (``extractor.resources``), so an entry added to a TOML file is
checked here by each of its readers at once: the OCR repair (``patterns/ocr.toml``), the prose scanner,
the attribute reader and the table reader. Each case is a short sentence or table shaped like the
provincial and ministry reports the project reads, with its reading stated as an analyst would state it
(FACTS.md): kind, value, unit, date, attributes. Every case also checks that nothing else was read.

A known gap is a strict xfail naming its cause (see ``_KNOWN``); it must fail until it is fixed.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import pytest

from extractor import extract, resources

from .test_tables_facts import facts_of

# --- helpers ---------------------------------------------------------------------------------------------

_LETTERS = re.compile(r"[^\W\d_]+")


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def policy_forms(surface: str) -> list[str]:
    """The spellings of a case-sensitive entry that the case policy accepts and reports write: as listed,
    its first word capitalised (a sentence start, a title) and every word in capitals (a header in
    capitals), each word changed only where :func:`resources.case_forms` allows it."""
    def each(fn):
        return _LETTERS.sub(lambda m: fn(m.group()) if fn(m.group()) in resources.case_forms(m.group())
                            else m.group(), surface)

    first = _LETTERS.search(surface)
    forms = [surface]
    if first and cap(first.group()) in resources.case_forms(first.group()):
        forms.append(surface[:first.start()] + cap(first.group()) + surface[first.end():])
    forms.append(each(str.upper))
    return list(dict.fromkeys(forms))


def word_forms(word: str) -> list[str]:
    """A word matched whatever its case, as reports write it: lower, capitalised, capitals."""
    return list(dict.fromkeys([word, cap(word), word.upper()]))


def read(text: str, kinds=("money", "quantity", "percent")):
    return [(f.kind, f.value, f.unit) for f in extract(text) if f.kind in kinds]


def table_read(rows, context=(), caption: str = "", attrs=("kind", "value", "unit")):
    got = facts_of(rows, context, caption)  # offsets checked there
    assert got is not None, "read as no data grid"
    return [tuple(getattr(f, a) for a in attrs) for f in got]


_GENERATED: set = set()  # every (concept, consumer, entry) a test was generated for


def cases(concept: str, consumer: str, entries):
    """pytest params ``(entry, *args)`` with id ``entry``, known gaps (``_KNOWN``) marked strict xfail."""
    out = []
    for e in entries:
        entry, args = (e[0], e[1:]) if isinstance(e, tuple) else (e, ())
        _GENERATED.add((concept, consumer, entry))
        reason = _KNOWN.get((concept, consumer, entry))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(entry, *args, marks=marks, id=entry))
    return out


# --- the lexicon ------------------------------------------------------------------------------------------

_CURRENCIES = resources.load("currencies")
_CODES = {code: body for code, body in _CURRENCIES.items() if code != "examples"}
# every spelling of a currency after a number: each listed surface in each form the case policy accepts
_CURRENCY_FORMS = list(dict.fromkeys((f, code) for code, body in _CODES.items() for s in body["surfaces"]
                                     for f in policy_forms(s)))
_LISTED_CURRENCIES = [(s, code) for code, body in _CODES.items() for s in body["surfaces"]]
_BEFORE_FORMS = list(dict.fromkeys((f, code) for code, body in _CODES.items() for s in body.get("before", ())
                                   for f in policy_forms(s)))

_NUMERALS = resources.load("numerals")
_SCALES = [(w, Decimal(v)) for w, v in _NUMERALS["scales"].items()]
_ABBREVIATIONS = [(w, Decimal(v)) for w, v in _NUMERALS["scale_abbreviations"].items()]

_UNITS = resources.load("units")
_MEASURES = [(f, symbol) for symbol, surfaces in _UNITS["measures"].items() for s in surfaces
             for f in policy_forms(s)]

_NOUNS = resources.load("nouns")
_COUNTED = [(w, w) for words in _NOUNS["counted"].values() for w in words]  # a counted noun is its own unit
_ABBREV_NOUNS = list(_NOUNS["abbreviations"].items())  # DN -> doanh nghiệp

_TEMPORAL = resources.load("temporal")
_QUARTERS = list(dict.fromkeys(f for w in _TEMPORAL["words"]["quarter"] for f in word_forms(w)))
_MONTHS = list(dict.fromkeys(f for w in _TEMPORAL["words"]["month"] for f in word_forms(w)))
_DAYS = list(dict.fromkeys(f for w in _TEMPORAL["words"]["day"] for f in word_forms(w)))

_OCR = resources.load("ocr")["rules"]
_YEAR_WORDS = list(dict.fromkeys(f for w in _TEMPORAL["words"]["year"] for f in word_forms(w)))
_SCALE_DAMAGE = [(bad, good) for table in ("truncated", "split", "unmarked")
                 for bad, good in _OCR["scale.truncated"][table].items()]
_SCALE_VALUE = {phrase: value for phrase, value in _SCALES}

_CONTEXT = resources.load("context")


# --- known gaps -------------------------------------------------------------------------------------------
# (concept, consumer, entry) -> the reason it fails today, with the code believed responsible. Each is a strict
# xfail: when it is fixed the test fails until its entry leaves this table.

# None today: the 73 found when this file was written (table headers read without the OCR rules, the syllable
# rules in the wrong order, capitals of words listed capitalised, currency symbols after an O, span cues missing
# from the repair, 'niên khóa' read as the ordinal 'khóa') were fixed.
_KNOWN: dict[tuple[str, str, str], str] = {}


def test_every_known_gap_names_a_generated_case():
    """A gap left in ``_KNOWN`` after its entry left the lexicon (or was renamed) would hide nothing and say
    something false."""
    assert sorted(set(_KNOWN) - _GENERATED) == []


# --- currencies -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("form,code", cases("currency", "prose", _CURRENCY_FORMS))
def test_currency_after_scale_word(form, code):
    assert read(f"Tổng thu ngân sách năm nay đạt 80 tỷ {form}.") == [("money", Decimal(80_000_000_000), code)]


@pytest.mark.parametrize("form,code", cases("currency", "ocr", _CURRENCY_FORMS))
def test_currency_after_ocr_cut_scale_word(form, code):
    # "80 t" is what OCR leaves of "80 tỷ": repaired before any currency the lexicon knows
    got = [f for f in extract(f"Thu hơn 80 t {form}.") if f.kind in ("money", "quantity")]
    assert [(f.kind, f.value, f.unit, f.qualifier, f.repaired) for f in got] == \
        [("money", Decimal(80_000_000_000), code, "over", True)]


@pytest.mark.parametrize("form,code", cases("currency", "table-header", _CURRENCY_FORMS))
def test_currency_in_a_column_header(form, code):
    rows = [["Chỉ tiêu", f"Giá trị (tỷ {form})"], ["Kim ngạch xuất khẩu", "80"]]
    assert table_read(rows) == [("money", Decimal(80_000_000_000), code)]


@pytest.mark.parametrize("form,code", cases("currency", "table-caption", _CURRENCY_FORMS))
def test_currency_in_a_unit_caption(form, code):
    rows = [["Chỉ tiêu", "Năm 2023"], ["Kim ngạch xuất khẩu", "80"]]
    assert table_read(rows, [f"Đơn vị tính: tỷ {form}"], attrs=("kind", "value", "unit", "period")) == \
        [("money", Decimal(80_000_000_000), code, "2023")]


# a header or a title set in capitals writes every letter in capitals (``GIÁ TRỊ (TỶ BẢNG ANH)``): whatever the
# case policy reads of each word, a reader of the report reads the currency
# (a symbol of one letter is left out: ``đ`` is not ``Đ``, the policy says so on purpose)
_CAPITALS = list(dict.fromkeys((s.upper(), code) for code, body in _CODES.items() for s in body["surfaces"]
                               if s.upper() != s and any(len(w) >= 2 for w in _LETTERS.findall(s))))


@pytest.mark.parametrize("form,code", cases("currency", "capitals", _CAPITALS))
def test_currency_in_a_title_in_capitals(form, code):
    assert read(f"TỔNG KIM NGẠCH XUẤT KHẨU ĐẠT 80 TỶ {form}.") == [("money", Decimal(80_000_000_000), code)]


@pytest.mark.parametrize("form,code", cases("currency", "table-header-capitals", _CAPITALS))
def test_currency_in_a_column_header_in_capitals(form, code):
    rows = [["CHỈ TIÊU", f"GIÁ TRỊ (TỶ {form})"], ["Kim ngạch xuất khẩu", "80"]]
    assert table_read(rows) == [("money", Decimal(80_000_000_000), code)]


@pytest.mark.parametrize("form,code", cases("currency", "before", _BEFORE_FORMS))
def test_currency_code_before_the_number(form, code):
    assert read(f"Vốn đầu tư nước ngoài đạt {form} 1,5 tỷ.") == [("money", Decimal(1_500_000_000), code)]


# --- scale words ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("scale,value", cases("scale", "prose", _SCALES))
def test_scale_word_before_a_currency(scale, value):
    assert read(f"Kinh phí hỗ trợ là 3 {scale} đồng.") == [("money", 3 * value, "VND")]


_BIG_SCALES = [s for s in _SCALES if s[1] >= Decimal(_NUMERALS["money"]["bare_scale"])]


@pytest.mark.parametrize("scale,value", cases("scale", "prose-bare", _BIG_SCALES))
def test_big_bare_scale_word_is_home_currency(scale, value):
    assert read(f"Lợi nhuận của doanh nghiệp đạt 3 {scale}.") == [("money", 3 * value, "VND")]


@pytest.mark.parametrize("scale,value", cases("scale", "table-header", _SCALES))
def test_scale_word_in_a_column_header(scale, value):
    rows = [["Chỉ tiêu", f"Giá trị ({scale} đồng)"], ["Thu ngân sách", "3"]]
    assert table_read(rows) == [("money", 3 * value, "VND")]


@pytest.mark.parametrize("scale,value", cases("scale", "table-caption", _SCALES))
def test_scale_word_in_a_unit_caption(scale, value):
    rows = [["Chỉ tiêu", "Năm 2023"], ["Thu ngân sách", "3"]]
    assert table_read(rows, [f"Đơn vị: {cap(scale)} đồng"]) == [("money", 3 * value, "VND")]


@pytest.mark.parametrize("abbr,value", cases("scale-abbreviation", "prose", _ABBREVIATIONS))
def test_scale_abbreviation_before_a_currency(abbr, value):
    assert read(f"Mức hỗ trợ 5 {abbr} đồng/người.") == [("money", 5 * value, "VND/người")]


@pytest.mark.parametrize("abbr,value", cases("scale-abbreviation", "table-header", _ABBREVIATIONS))
def test_scale_abbreviation_in_a_column_header(abbr, value):
    rows = [["Chỉ tiêu", f"Mức hỗ trợ ({abbr} đồng)"], ["Hộ nghèo", "5"]]
    assert table_read(rows) == [("money", 5 * value, "VND")]


_SCALE_DAMAGE_CASES = [(f"{bad} {form}", bad, form, code) for bad, _ in _SCALE_DAMAGE
                       for form, code in _LISTED_CURRENCIES]


@pytest.mark.parametrize("case,bad,form,code", cases("scale-damage", "ocr", _SCALE_DAMAGE_CASES))
def test_damaged_scale_word_before_a_currency(case, bad, form, code):
    good = dict(_SCALE_DAMAGE)[bad].strip()
    got = [f for f in extract(f"Tổng kinh phí 20 {bad} {form}.") if f.kind in ("money", "quantity")]
    assert [(f.kind, f.value, f.unit, f.repaired) for f in got] == \
        [("money", 20 * _SCALE_VALUE[good], code, True)]


# --- measures ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("form,symbol", cases("measure", "prose", _MEASURES))
def test_measure_after_a_number(form, symbol):
    assert read(f"Sản lượng năm nay đạt 12 {form}.") == [("quantity", Decimal(12), symbol)]


@pytest.mark.parametrize("form,symbol", cases("measure", "ocr-O", _MEASURES))
def test_measure_after_a_number_with_an_O_for_a_zero(form, symbol):
    got = [f for f in extract(f"Sản lượng năm nay đạt 46O {form}.") if f.kind in ("money", "quantity")]
    assert [(f.kind, f.value, f.unit, f.repaired) for f in got] == [("quantity", Decimal(460), symbol, True)]


@pytest.mark.parametrize("form,symbol", cases("measure", "table-caption", _MEASURES))
def test_measure_in_a_unit_caption(form, symbol):
    rows = [["Chỉ tiêu", "Năm 2023"], ["Sản lượng", "12"]]
    assert table_read(rows, [f"Đơn vị tính: {form}"]) == [("quantity", Decimal(12), symbol)]


@pytest.mark.parametrize("form,symbol", cases("measure", "table-header", _MEASURES))
def test_measure_in_a_column_header(form, symbol):
    rows = [["Chỉ tiêu", f"Năm 2023 ({form})"], ["Sản lượng", "12"]]
    assert table_read(rows) == [("quantity", Decimal(12), symbol)]


@pytest.mark.parametrize("form,symbol", cases("measure", "table-unit-column", _MEASURES))
def test_measure_in_the_unit_column(form, symbol):
    rows = [["Chỉ tiêu", "ĐVT", "Năm 2023"], ["Sản lượng", form, "12"]]
    assert table_read(rows) == [("quantity", Decimal(12), symbol)]


# --- counted nouns ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("noun,unit", cases("counted", "ocr-l", _COUNTED))
def test_counted_noun_after_an_l_for_a_one(noun, unit):
    got = [f for f in extract(f"Năm nay có l0 {noun} tham gia.") if f.kind in ("money", "quantity")]
    assert [(f.kind, f.value, f.unit, f.repaired) for f in got] == [("quantity", Decimal(10), unit, True)]


@pytest.mark.parametrize("noun,unit", cases("counted", "ocr-O", _COUNTED))
def test_counted_noun_after_an_O_for_a_zero(noun, unit):
    got = [f for f in extract(f"Năm nay có 46O {noun} tham gia.") if f.kind in ("money", "quantity")]
    assert [(f.kind, f.value, f.unit, f.repaired) for f in got] == [("quantity", Decimal(460), unit, True)]


@pytest.mark.parametrize("noun,unit", cases("counted", "table-unit-column", _COUNTED))
def test_counted_noun_in_the_unit_column(noun, unit):
    rows = [["Chỉ tiêu", "ĐVT", "Năm 2023"], ["Số lượng", cap(noun), "12"]]
    assert table_read(rows) == [("quantity", Decimal(12), unit)]


@pytest.mark.parametrize("noun,unit", cases("counted", "table-caption", _COUNTED))
def test_counted_noun_in_a_unit_caption(noun, unit):
    rows = [["Chỉ tiêu", "Năm 2023"], ["Số lượng", "12"]]
    assert table_read(rows, [f"Đơn vị tính: {noun}"]) == [("quantity", Decimal(12), unit)]


@pytest.mark.parametrize("abbr,unit", cases("counted-abbreviation", "prose", _ABBREV_NOUNS))
def test_counted_abbreviation_after_a_number(abbr, unit):
    assert read(f"Trong năm có 120 {abbr} tham gia.") == [("quantity", Decimal(120), unit)]


# --- quarters ---------------------------------------------------------------------------------------------

def _period_and_money(text):
    return [(f.kind, f.date if f.kind in ("period", "date", "year") else f.value, f.period)
            for f in extract(text) if f.kind in ("money", "period", "date", "year")]


_ROMAN_CASES = [("I", "1"), ("l", "1"), ("II", "2"), ("Il", "2"), ("III", "3"), ("IV", "4")]


@pytest.mark.parametrize("case,word,roman,q", cases("quarter", "prose-slash",
                                             [(f"{w} {r}", w, r, q) for w in _QUARTERS for r, q in _ROMAN_CASES]))
def test_quarter_word_with_a_slash_year(case, word, roman, q):
    assert _period_and_money(f"Doanh thu {word} {roman}/2024 đạt 80 tỷ đồng.") == \
        [("period", f"2024-Q{q}", ""), ("money", Decimal(80_000_000_000), f"2024-Q{q}")]


@pytest.mark.parametrize("case,word,roman", cases("quarter", "prose-year-word",
                                           [(f"{w} {r}", w, r) for w in _QUARTERS for r in ("I", "l")]))
def test_quarter_word_with_a_year_word(case, word, roman):
    assert _period_and_money(f"{cap(word)} {roman} năm 2024, doanh thu đạt 80 tỷ đồng.") == \
        [("period", "2024-Q1", ""), ("money", Decimal(80_000_000_000), "2024-Q1")]


@pytest.mark.parametrize("case,word,roman", cases("quarter", "table-header",
                                           [(f"{w} {r}", w, r) for w in _QUARTERS for r in ("I", "l")]))
def test_quarter_word_in_a_column_header(case, word, roman):
    rows = [["Chỉ tiêu", f"{word} {roman}/2024"], ["Doanh thu (tỷ đồng)", "80"]]
    assert table_read(rows, attrs=("kind", "value", "unit", "period")) == \
        [("money", Decimal(80_000_000_000), "VND", "2024-Q1")]


@pytest.mark.parametrize("case,word,roman", cases("quarter", "table-row-header",
                                           [(f"{w} {r}", w, r) for w in _QUARTERS for r in ("I", "l")]))
def test_quarter_word_as_a_row_header(case, word, roman):
    rows = [["Thời gian", "Doanh thu (tỷ đồng)"], [f"{word} {roman}/2024", "80"]]
    assert table_read(rows, attrs=("kind", "value", "unit", "period")) == \
        [("money", Decimal(80_000_000_000), "VND", "2024-Q1")]


# --- months, days, years with OCR damage --------------------------------------------------------------------

@pytest.mark.parametrize("case,word,damaged", cases("month", "ocr", [(f"{w} {d}", w, d) for w in _MONTHS
                                                                 for d in ("l2/2023", "1 2/2023", "l1/2023")]))
def test_month_word_before_a_damaged_month(case, word, damaged):
    month = "11" if damaged == "l1/2023" else "12"
    got = [(f.kind, f.date, f.repaired) for f in extract(f"Doanh thu {word} {damaged} đạt 80 tỷ đồng.")
           if f.kind in ("date", "period")]
    assert got == [("date", f"2023-{month}", True)]


@pytest.mark.parametrize("case,word,damaged,date", cases("day", "ocr", [
    (f"{w} {d}", w, d, iso) for w in _DAYS for d, iso in (("l5/3/2024", "2024-03-15"), ("3 0/6/2024", "2024-06-30"),
                                                           ("1O/l2/2023", "2023-12-10"))]))
def test_day_word_before_a_damaged_date(case, word, damaged, date):
    got = [(f.kind, f.date, f.repaired) for f in extract(f"Tính đến {word} {damaged}, đã giải ngân 80 tỷ đồng.")
           if f.kind in ("date", "period")]
    assert got == [("date", date, True)]


@pytest.mark.parametrize("word", cases("year", "ocr", _YEAR_WORDS))
def test_year_word_before_a_split_year(word):
    text = f"Tổng vốn đầu tư {word} 202 3 đạt 80 tỷ đồng."
    years = [(f.kind, f.value, f.value_max, f.repaired) for f in extract(text) if f.kind == "year"]
    assert years == [("year", Decimal(2023), None, True)]


_HALVES = [(w, f"H{1 if half == 'first' else 2}") for half, words in _TEMPORAL["halves"].items() for w in words] + \
          [(w, "Q1") for w in _TEMPORAL["quarters_by_months"]["first"]]


def _with_year(phrase: str) -> str:
    return f"{phrase} 2024" if phrase.endswith("năm") else f"{phrase} năm 2024"


@pytest.mark.parametrize("phrase,part", cases("half", "prose", _HALVES))
def test_half_year_phrase_in_prose(phrase, part):
    assert _period_and_money(f"Doanh thu {_with_year(phrase)} đạt 80 tỷ đồng.") == \
        [("period", f"2024-{part}", ""), ("money", Decimal(80_000_000_000), f"2024-{part}")]


@pytest.mark.parametrize("phrase,part", cases("half", "table-header", _HALVES))
def test_half_year_phrase_in_a_column_header(phrase, part):
    rows = [["Chỉ tiêu", cap(_with_year(phrase))], ["Doanh thu (tỷ đồng)", "80"]]
    assert table_read(rows, attrs=("kind", "value", "unit", "period")) == \
        [("money", Decimal(80_000_000_000), "VND", f"2024-{part}")]


_MONTH_SPANS = list(_TEMPORAL["month_spans"]["lead"])


@pytest.mark.parametrize("lead", cases("month-span", "prose", _MONTH_SPANS))
def test_months_of_a_year_in_prose(lead):
    assert _period_and_money(f"Doanh thu 9 {_with_year(lead)} đạt 80 tỷ đồng.") == \
        [("period", "2024-01/2024-09", ""), ("money", Decimal(80_000_000_000), "2024-01/2024-09")]


@pytest.mark.parametrize("lead", cases("month-span", "table-header", _MONTH_SPANS))
def test_months_of_a_year_in_a_column_header(lead):
    rows = [["Chỉ tiêu", f"9 {_with_year(lead)}"], ["Doanh thu (tỷ đồng)", "80"]]
    assert table_read(rows, attrs=("kind", "value", "unit", "period")) == \
        [("money", Decimal(80_000_000_000), "VND", "2024-01/2024-09")]


# --- attributes: qualifiers, directions, bases, status ------------------------------------------------------

_QUALIFIERS = [(w, label) for label in ("approx", "nearly", "over", "under", "at_least", "at_most")
               for w in _CONTEXT["qualifiers"][label]]


@pytest.mark.parametrize("cue,label", cases("qualifier", "prose", _QUALIFIERS))
def test_qualifier_before_an_amount(cue, label):
    got = [(f.kind, f.value, f.unit, f.qualifier) for f in extract(f"Kinh phí thực hiện {cue} 80 tỷ đồng.")
           if f.kind in ("money", "quantity")]
    assert got == [("money", Decimal(80_000_000_000), "VND", label)]


@pytest.mark.parametrize("cue,label", cases("qualifier", "table-cell", _QUALIFIERS))
def test_qualifier_word_in_a_table_cell(cue, label):
    rows = [["Chỉ tiêu", "Năm 2023"], ["Số doanh nghiệp thành lập mới (doanh nghiệp)", f"{cap(cue)} 900"]]
    assert table_read(rows, attrs=("kind", "value", "unit", "qualifier")) == \
        [("quantity", Decimal(900), "doanh nghiệp", label)]


_DIRECTIONS = [(w, label) for label in ("increase", "decrease") for w in _CONTEXT["directions"][label]] + \
              [(w, "") for w in _CONTEXT["directions"]["level"]]


@pytest.mark.parametrize("verb,label", cases("direction", "prose", _DIRECTIONS))
def test_direction_verb_before_a_number(verb, label):
    got = [(f.kind, f.value, f.direction) for f in extract(f"Tổng mức bán lẻ hàng hóa {verb} 5,2%.")
           if f.kind in ("money", "quantity", "percent")]
    assert got == [("percent", Decimal("5.2"), label)]


_BASES = [(w, label) for label in ("plan", "same_period", "previous_year", "previous_month", "previous_quarter")
          for w in _CONTEXT["bases"][label]]


@pytest.mark.parametrize("base,label", cases("basis", "prose", _BASES))
def test_basis_after_so_voi(base, label):
    got = [(f.kind, f.value, f.direction, f.basis) for f in extract(f"Doanh thu tăng 5,2% so với {base}.")
           if f.kind in ("money", "quantity", "percent")]
    assert got == [("percent", Decimal("5.2"), "increase", label)]


@pytest.mark.parametrize("base,label", cases("basis", "table-header", _BASES))
def test_basis_in_a_comparison_column(base, label):
    rows = [["Chỉ tiêu", "Năm 2023 (tỷ đồng)", f"So với {base} (%)"], ["Thu ngân sách", "80", "105,2"]]
    assert table_read(rows, attrs=("kind", "value", "unit", "basis")) == \
        [("money", Decimal(80_000_000_000), "VND", ""), ("percent", Decimal("105.2"), "%", label)]


_PLAN_WORDS = list(_CONTEXT["bases"]["plan"])


@pytest.mark.parametrize("word", cases("status", "table-header", _PLAN_WORDS))
def test_plan_word_makes_a_target_column(word):
    rows = [["Chỉ tiêu", f"{cap(word)} năm 2024 (tỷ đồng)"], ["Thu ngân sách", "80"]]
    assert table_read(rows, attrs=("kind", "value", "status", "period")) == \
        [("money", Decimal(80_000_000_000), "target", "2024")]


_TARGET_CUES = [w for w in _CONTEXT["status"]["target"] if w != "đến năm"]


@pytest.mark.parametrize("cue", cases("status", "prose-target", _TARGET_CUES))
def test_goal_cue_makes_a_target(cue):
    got = [(f.kind, f.value, f.status) for f in extract(f"Năm 2025, {cue} thu ngân sách đạt 80 tỷ đồng.")
           if f.kind in ("money", "quantity", "percent")]
    assert got == [("money", Decimal(80_000_000_000), "target")]


@pytest.mark.parametrize("cue", cases("status", "prose-forecast", list(_CONTEXT["status"]["forecast"])))
def test_forecast_cue_makes_a_target(cue):
    text = f"{cap(cue)} 2025, thu ngân sách đạt 80 tỷ đồng." if cue.endswith("năm") else \
        f"Thu ngân sách năm 2025 {cue} đạt 80 tỷ đồng."
    got = [(f.kind, f.value, f.status) for f in extract(text)
           if f.kind in ("money", "quantity", "percent")]
    assert got == [("money", Decimal(80_000_000_000), "target")]


_ESTIMATE_WORDS = list(dict.fromkeys(resources.load("tables")["columns"]["estimate"]
                                     + _CONTEXT["qualifiers"]["clause_approx"]))


@pytest.mark.parametrize("word", cases("estimate", "table-header", _ESTIMATE_WORDS))
def test_estimate_word_makes_an_approximate_column(word):
    rows = [["Chỉ tiêu", f"{cap(word)} năm 2024 (tỷ đồng)"], ["Thu ngân sách", "80"]]
    assert table_read(rows, attrs=("kind", "value", "qualifier", "status", "period")) == \
        [("money", Decimal(80_000_000_000), "approx", "actual", "2024")]


_SIGNS = [(sign, label) for label, signs in resources.load("tables")["cells"]["qualifiers"].items() for sign in signs]


@pytest.mark.parametrize("sign,label", cases("qualifier-sign", "table-cell", _SIGNS))
def test_qualifier_sign_in_a_table_cell(sign, label):
    rows = [["Chỉ tiêu", "Năm 2023"], ["Tỷ lệ che phủ rừng (%)", f"{sign} 50"]]
    assert table_read(rows, attrs=("kind", "value", "unit", "qualifier")) == [("percent", Decimal(50), "%", label)]


_AFTER_QUALIFIERS = [(w, "at_least") for w in _CONTEXT["qualifiers"]["after_at_least"]] + \
                    [(w, "at_most") for w in _CONTEXT["qualifiers"]["after_at_most"]]


@pytest.mark.parametrize("cue,label", cases("qualifier-after", "prose", _AFTER_QUALIFIERS))
def test_qualifier_after_a_number(cue, label):
    got = [(f.kind, f.value, f.unit, f.qualifier) for f in extract(f"Đã hỗ trợ 120 người từ 60 tuổi {cue}.")
           if f.kind in ("money", "quantity")]
    assert got == [("quantity", Decimal(120), "người", ""), ("quantity", Decimal(60), "tuổi", label)]


# --- currencies with every scale word, glued symbols, rates -------------------------------------------------

@pytest.mark.parametrize("case,scale,value,form,code", cases("scale-currency", "prose", [
    (f"{scale} {form}", scale, value, form, code) for scale, value in _SCALES for form, code in _LISTED_CURRENCIES]))
def test_every_scale_word_before_every_currency(case, scale, value, form, code):
    assert read(f"Tổng vốn đăng ký đạt 3 {scale} {form}.") == [("money", 3 * value, code)]


def _glueable(surface: str) -> bool:
    """A symbol or code that reports write against the digits (``500.000đ``, ``20.000₫``, ``100USD``)."""
    return " " not in surface and (not surface.isalpha() or surface.upper() == surface or len(surface) <= 3
                                   and not any(ch in surface for ch in "ôồ"))


@pytest.mark.parametrize("form,code", cases("currency", "glued", [c for c in _CURRENCY_FORMS if _glueable(c[0])]))
def test_currency_symbol_against_the_digits(form, code):
    assert read(f"Mức học phí là 500.000{form}.") == [("money", Decimal(500_000), code)]


_RATES = list(_UNITS["rate_denominators"]["words"])


@pytest.mark.parametrize("denominator", cases("rate", "prose", _RATES))
def test_rate_after_a_currency(denominator):
    assert read(f"Mức hỗ trợ là 8.000 đồng/{denominator}.") == [("money", Decimal(8000), f"VND/{denominator}")]


@pytest.mark.parametrize("denominator", cases("rate", "table-header", _RATES))
def test_rate_in_a_column_header(denominator):
    rows = [["Chỉ tiêu", f"Mức hỗ trợ (đồng/{denominator})"], ["Năm 2023", "8.000"]]
    assert table_read(rows, attrs=("kind", "value", "unit")) == [("money", Decimal(8000), f"VND/{denominator}")]


_GLUED_MEASURES = [(f, s) for f, s in _MEASURES if " " not in f and len(f) <= 5]


@pytest.mark.parametrize("form,symbol", cases("measure", "glued", _GLUED_MEASURES))
def test_measure_against_the_digits(form, symbol):
    assert read(f"Diện tích gieo trồng đạt 3.160{form}.") == [("quantity", Decimal(3160), symbol)]


_DURATIONS = [(w, label) for label, words in _UNITS["durations"].items() for w in words]


@pytest.mark.parametrize("word,label", cases("duration", "prose", _DURATIONS))
def test_duration_after_a_number(word, label):
    assert read(f"Thời gian thực hiện dự án là 5 {word}.") == [("quantity", Decimal(5), label)]


# --- broken unit words (OCR split a unit syllable right after a number) -------------------------------------

def _one_syllable(word: str) -> bool:
    """A Vietnamese word of one syllable, in lower case (``tấn``, ``người``; not ``kilôgam``, not ``JPY``)."""
    bare = "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))
    return word.isalpha() and word.islower() and len(re.findall(r"[aeiouy]+", bare)) == 1


def _broken(word: str) -> str | None:
    """``tấn`` → ``tấ n``: a one-syllable word with its last letter cut off by a space, as OCR breaks it."""
    return f"{word[:-1]} {word[-1]}" if len(word) >= 3 and _one_syllable(word) else None


_UNIT_FIRST = {resources.phrase_key(s)[0] for s, _ in _LISTED_CURRENCIES} | \
              {resources.phrase_key(s)[0] for symbol, surfaces in _UNITS["measures"].items() for s in surfaces} | \
              {resources.phrase_key(n)[0] for n, _ in _COUNTED} | \
              {resources.phrase_key(s)[0] for s in _SCALE_VALUE}
# every unit phrase as listed whose first word is one syllable, that word broken; the rule joins only where
# the first piece starts no unit word itself (``ngư ời`` → ``người``, but ``5 ha lúa`` stays)
_BROKEN_UNITS = [(_broken(w) + rest, w + rest, unit, kind) for phrase, unit, kind in
                 [(s, c, "money") for s, c in _LISTED_CURRENCIES]
                 + [(s, symbol, "quantity") for symbol, surfaces in _UNITS["measures"].items() for s in surfaces]
                 + [(n, u, "quantity") for n, u in _COUNTED]
                 for w, rest in [(phrase.split(" ")[0], phrase[len(phrase.split(" ")[0]):])]
                 if _broken(w) and not any(p.startswith(w[:-1]) for p in _UNIT_FIRST if p != w)]


@pytest.mark.parametrize("case,whole,unit,kind", cases("broken-unit", "ocr", _BROKEN_UNITS))
def test_unit_word_broken_after_a_number(case, whole, unit, kind):
    scale = "triệu " if kind == "money" else ""
    got = [f for f in extract(f"Năm nay đạt 300 {scale}{case} mới.") if f.kind in ("money", "quantity")]
    value = Decimal(300_000_000) if kind == "money" else Decimal(300)
    assert [(f.kind, f.value, f.unit, f.repaired) for f in got] == [(kind, value, unit, True)]


# --- time words: day cues, span cues ------------------------------------------------------------------------

@pytest.mark.parametrize("cue", cases("day-cue", "prose", list(_TEMPORAL["words"]["day_cues"])))
def test_day_cue_makes_a_bare_day_month_a_date(cue):
    got = [(f.kind, f.date or f.value) for f in extract(f"{cap(cue)} 9/7, đoàn công tác đã trao 120 suất quà.")
           if f.kind in ("date", "period", "quantity")]
    assert got == [("date", "--07-09"), ("quantity", Decimal(120))]


_SPAN_CUES = list(_TEMPORAL["words"]["span_cues"]) + list(_TEMPORAL["words"]["span_cues_loose"])
# span cues that also begin other things (`vụ lúa`, `trong 20 ngày`): a year split after them is not joined
_LOOSE = set(_TEMPORAL["words"]["span_cues_loose"])


def _span(cue: str) -> tuple[str, int, int]:
    return ("2023 - 2024", 2023, 2024) if cue in {"năm học", "niên khóa", "niên vụ", "niên độ"} else \
        ("2021 - 2025", 2021, 2025)


@pytest.mark.parametrize("cue", cases("span-cue", "prose", _SPAN_CUES))
def test_span_cue_makes_one_year_range(cue):
    text, first, last = _span(cue)
    got = [(f.kind, f.value, f.value_max, f.date) for f in extract(f"Tổng vốn đầu tư {cue} {text} đạt 80 tỷ đồng.")
           if f.kind in ("year", "date", "period")]
    assert got == [("year", Decimal(first), Decimal(last), f"{first}/{last}")]


@pytest.mark.parametrize("cue", cases("span-cue", "ocr", [c for c in _SPAN_CUES if c not in _LOOSE]))
def test_span_cue_before_a_split_year(cue):
    text, first, last = _span(cue)
    split = f"{str(first)[:2]} {str(first)[2:]}-{last}"
    got = [(f.kind, f.value, f.value_max, f.repaired) for f in
           extract(f"Tổng vốn đầu tư {cue} {split} đạt 80 tỷ đồng.") if f.kind in ("year", "date", "period")]
    assert got == [("year", Decimal(first), Decimal(last), True)]


# --- the whole path: a small HTML page through the reader and the pipeline ----------------------------------

def _html_facts(caption: str, header: str, label: str, cell: str):
    from extractor.pipeline import extract_source  # noqa: PLC0415
    from extractor.readers import read_bytes  # noqa: PLC0415

    page = (f"<html><body><p>Báo cáo tình hình kinh tế - xã hội</p><p>{caption}</p><table>"
            f"<tr><th>Chỉ tiêu</th><th>{header}</th></tr><tr><td>{label}</td><td>{cell}</td></tr>"
            "</table></body></html>").encode()
    doc = extract_source(read_bytes(page, "bao-cao.html"), doc_id="bao-cao.html")
    return [(f.kind, f.value, f.unit, f.period) for f in doc.facts if f.table is not None]


@pytest.mark.parametrize("case,word,roman", cases("quarter", "html-header",
                                                [(f"{w} {r}", w, r) for w in _QUARTERS for r in ("I", "l")]))
def test_quarter_word_in_an_html_table_header(case, word, roman):
    assert _html_facts("Đơn vị tính: tỷ đồng", f"{word} {roman}/2024", "Doanh thu", "80") == \
        [("money", Decimal(80_000_000_000), "VND", "2024-Q1")]


@pytest.mark.parametrize("form,code", cases("currency", "html-caption", _CURRENCY_FORMS))
def test_currency_in_an_html_unit_line(form, code):
    assert _html_facts(f"Đơn vị tính: tỷ {form}", "Năm 2023", "Kim ngạch xuất khẩu", "80") == \
        [("money", Decimal(80_000_000_000), code, "2023")]


@pytest.mark.parametrize("form,symbol", cases("measure", "html-caption", _MEASURES))
def test_measure_in_an_html_unit_line(form, symbol):
    assert _html_facts(f"Đơn vị tính: {form}", "Năm 2023", "Sản lượng", "12") == \
        [("quantity", Decimal(12), symbol, "2023")]


# --- more readers of the same words: the OCR rules that look for a unit after a damaged number --------------

@pytest.mark.parametrize("scale,value", cases("scale", "ocr-split-zero", _SCALES))
def test_scale_word_after_a_zero_split_off(scale, value):
    # "8 0 tỷ": OCR put a space inside 80; a lone zero before a scale word is never its own number
    got = [f for f in extract(f"Tổng vốn đạt hơn 8 0 {scale} đồng.") if f.kind in ("money", "quantity")]
    assert [(f.kind, f.value, f.unit, f.qualifier, f.repaired) for f in got] == \
        [("money", 80 * value, "VND", "over", True)]


@pytest.mark.parametrize("scale,value", cases("scale", "ocr-O", _SCALES))
def test_scale_word_after_an_O_for_a_zero(scale, value):
    got = [f for f in extract(f"Tổng vốn đạt 46O {scale} đồng.") if f.kind in ("money", "quantity")]
    assert [(f.kind, f.value, f.unit, f.repaired) for f in got] == [("money", 460 * value, "VND", True)]


@pytest.mark.parametrize("form,code", cases("currency", "ocr-O", _LISTED_CURRENCIES))
def test_currency_after_an_O_for_a_zero(form, code):
    got = [f for f in extract(f"Mức hỗ trợ là 46O {form} mỗi tháng.") if f.kind in ("money", "quantity")]
    assert [(f.kind, f.value, f.unit, f.repaired) for f in got] == [("money", Decimal(460), code, True)]


# --- time words in table headers -------------------------------------------------------------------------

@pytest.mark.parametrize("word", cases("month", "table-header", _MONTHS))
def test_month_word_in_a_column_header(word):
    rows = [["Chỉ tiêu", f"{word} 12/2023"], ["Doanh thu (tỷ đồng)", "80"]]
    assert table_read(rows, attrs=("kind", "value", "unit", "period")) == \
        [("money", Decimal(80_000_000_000), "VND", "2023-12")]


@pytest.mark.parametrize("word", cases("month", "table-header-ocr", _MONTHS))
def test_month_word_with_an_l_in_a_column_header(word):
    rows = [["Chỉ tiêu", f"{word} l2/2023"], ["Doanh thu (tỷ đồng)", "80"]]
    assert table_read(rows, attrs=("kind", "value", "unit", "period")) == \
        [("money", Decimal(80_000_000_000), "VND", "2023-12")]


@pytest.mark.parametrize("word", cases("year", "table-header", [w for w in _YEAR_WORDS if w.lower() in
                                                                 {y.lower() for y in _TEMPORAL["words"]["year"]}]))
def test_year_word_in_a_column_header(word):
    rows = [["Chỉ tiêu", f"{word} 2023"], ["Doanh thu (tỷ đồng)", "80"]]
    assert table_read(rows, attrs=("kind", "value", "unit", "period")) == \
        [("money", Decimal(80_000_000_000), "VND", "2023")]


@pytest.mark.parametrize("word", cases("quarter", "table-header-year-word", _QUARTERS))
def test_quarter_word_with_a_year_word_in_a_column_header(word):
    rows = [["Chỉ tiêu", f"{word} II năm 2023"], ["Doanh thu (tỷ đồng)", "80"]]
    assert table_read(rows, attrs=("kind", "value", "unit", "period")) == \
        [("money", Decimal(80_000_000_000), "VND", "2023-Q2")]
