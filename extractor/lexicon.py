"""The lexicon: every Vietnamese word of ``patterns/`` as one typed record, built and checked once.

``lexicon()`` reads the TOML files (through :mod:`extractor.resources`) and returns a frozen
:class:`Lexicon`: the number words, units (currencies, measures, durations, counted nouns), time
words, context cues, function words, table words and OCR rule settings, each as a
:class:`~extractor.resources.PhraseTable` or a frozenset. Repair, the prose scanner, the attribute
reader and the table reader all ask this one record, so a word added to a list is known to all of
them.

Checked on load (a :class:`~extractor.resources.PatternError` names the file and the key):

- a key no part of the lexicon reads is refused (a group added in TOML is never silently ignored);
- a group of a labelled table (qualifiers, directions, bases) must be a label the fact record knows
  (:data:`extractor.model.QUALIFIERS` …);
- no surface twice in one table, nor as a case form the case policy already reads
  (:func:`~extractor.resources.case_forms`);
- what may follow a number has one role: a surface is a scale word, a currency, a measure, a
  duration, a counted noun or a word that counts nothing, not two, unless ``numerals.toml``
  ``[two_roles]`` declares it;
- year, month, day and quarter words are four disjoint sets.

Case policy: currencies and measures are case-sensitive (``M`` is no metre, ``mw`` no MW), with a
word of letters also read capitalised or in capitals (``đồng``: ``Đồng``, ``ĐỒNG``); every other
table ignores case. Each TOML file's header says which policy its tables follow.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import cache
from itertools import combinations
from types import MappingProxyType
from typing import Any, Mapping

import regex

from . import resources
from .model import BASES, DIRECTIONS, QUALIFIERS
from .resources import PatternError, PhraseTable, case_forms


class _Table:
    """A TOML table that records which of its keys were read, so that a key no builder reads can be
    refused by :meth:`unread` (nested tables are tracked too)."""

    def __init__(self, data: dict, path: str):
        self._data, self._path, self._read, self._children = data, path, set(), {}

    def _wrap(self, key: str, value: Any) -> Any:
        if isinstance(value, dict):
            if key not in self._children:
                self._children[key] = _Table(value, f"{self._path}.{key}")
            return self._children[key]
        return value

    def __getitem__(self, key: str) -> Any:
        if key not in self._data:
            raise PatternError(f"{self._path}: missing key {key!r}")
        self._read.add(key)
        return self._wrap(key, self._data[key])

    def __contains__(self, key: str) -> bool:
        return key in self._data

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self._data else default

    def items(self):
        return [(k, self[k]) for k in self._data]

    def keys(self):
        return list(self._data)

    def plain(self) -> dict:
        """The whole table as plain data, every key counted as read."""
        return {k: (v.plain() if isinstance(v, _Table) else v) for k, v in self.items()}

    def unread(self):
        for key in self._data:
            if key not in self._read:
                yield f"{self._path}.{key}"
            elif key in self._children:
                yield from self._children[key].unread()


def _words(words, source: str, unique: bool = True) -> PhraseTable:
    return PhraseTable.build(((w, True) for w in words), source, unique=unique)


def _grouped(groups, source: str, labels: tuple[str, ...] | None = None, case_sensitive: bool = False) -> PhraseTable:
    """One phrase table of several groups (group name = label); with ``labels``, a group the fact record
    does not know is refused."""
    pairs = []
    for label, words in groups:
        if labels is not None and label not in labels:
            raise PatternError(f"{source}: group {label!r} is no label the fact record knows ({', '.join(labels)})")
        pairs += [(w, label) for w in words]
    return PhraseTable.build(pairs, source, case_sensitive=case_sensitive)


def _written_forms(phrase: str) -> list[str]:
    """Every way the case policy lets ``phrase`` be written, word by word (``nhân dân tệ``: …,
    ``Nhân dân tệ``, ``NHÂN DÂN TỆ``; ``bảng Anh``: ``BẢNG ANH``, ``Bảng Anh`` …), for a regex that
    must list them."""
    out = [""]
    for piece in regex.split(r"(\s+|-)", phrase):
        options = sorted(case_forms(piece)) if piece.strip(" -") else [piece]
        out = [o + p for o in out for p in options]
    return sorted(set(out))


def _lower_set(words) -> frozenset:
    return frozenset(w.lower() for w in words)


# --- records -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Numerals:
    """Number words (``hai mươi lăm``), scale words, signs (numerals.toml)."""

    words: Mapping[str, tuple[str, int | Decimal]]  # word -> (role, value): ("digit", 5), ("scale", 10**9) …
    scales: PhraseTable  # scale phrase -> Decimal multiplier
    abbreviations: PhraseTable  # tr, k -> multiplier
    bare_money_scale: Decimal  # from this scale on, a bare scaled number is money
    home_currency: str
    ambiguous_alone: frozenset
    negative: frozenset
    decimal_words: frozenset


@dataclass(frozen=True)
class Units:
    """What follows a number (currencies.toml, units.toml, nouns.toml)."""

    currencies: PhraseTable  # surface after a number -> ISO code (case-sensitive)
    currencies_before: PhraseTable  # code or symbol before a number -> ISO code (case-sensitive)
    currency_surfaces: tuple[str, ...]  # every written form the case policy reads after a number
    measures: PhraseTable  # measure -> symbol (case-sensitive)
    durations: PhraseTable
    rate_denominators: PhraseTable  # what may follow "/" after a unit
    counted_nouns: PhraseTable  # counted noun phrase -> the unit it gives
    not_counted: PhraseTable  # words after a number that count nothing
    words: frozenset  # first words of every unit phrase (scales included)
    symbols: frozenset  # first tokens of units and currencies that are no word (₫, $, €)
    second_words: frozenset  # (first, second) word of every unit phrase of 2+ words
    after_number: tuple[PhraseTable, ...]  # what may follow a number: scales, currencies, measures, nouns



@dataclass(frozen=True)
class Times:
    """Year, month, day and quarter words, cues and spans (temporal.toml); case ignored."""

    year: frozenset
    month: frozenset
    day: frozenset
    quarter: frozenset
    day_cues: PhraseTable
    span_cues: PhraseTable  # a year range after these is one period
    span_cues_before_year: tuple[str, ...]  # span cues always followed by a year (OCR repair joins a split year)
    roman: Mapping[str, int]
    halves: PhraseTable  # -> "first" | "second" | "q1"
    month_spans: PhraseTable


@dataclass(frozen=True)
class FunctionWords:
    """Single function words by their role in a sentence (context.toml ``[structure]``), lower case."""

    range_from: frozenset
    range_to: frozenset
    range_between: frozenset
    range_to_bare: frozenset
    and_: frozenset
    number_word: frozenset
    about: frozenset
    compare: frozenset
    of: frozenset
    start_of: frozenset
    bare_end: frozenset
    frame_blockers: frozenset
    cumulative_day: frozenset
    points_unit: str
    list_letters: frozenset
    capital_only: frozenset  # as written: case is the point


@dataclass(frozen=True)
class Cues:
    """Context cues of qualifier, direction, basis, status and identifiers (context.toml)."""

    qualifiers: PhraseTable
    clause_approx: PhraseTable
    after_qualifiers: PhraseTable
    linkers: PhraseTable
    directions: PhraseTable
    direction_between: PhraseTable
    level_markers: PhraseTable
    clause_blockers: PhraseTable
    bases: PhraseTable
    basis_introducers: PhraseTable
    target: PhraseTable
    forecast: PhraseTable
    not_target: PhraseTable
    actual: PhraseTable
    not_actual: PhraseTable
    assigned: PhraseTable
    assigned_blockers: frozenset
    assigned_beneficiary: frozenset
    report_verbs: PhraseTable
    cue_blockers: frozenset
    noun_heads: PhraseTable
    noun_like: PhraseTable
    identifiers: PhraseTable
    articles_capital: frozenset
    false_qualifiers: PhraseTable
    multipliers: PhraseTable
    vague_before: PhraseTable
    multiplier_before: PhraseTable
    points: PhraseTable
    percent_words: PhraseTable


@dataclass(frozen=True)
class TableWords:
    """Words of table headers, row labels, captions and cells (tables.toml)."""

    unit_leads: PhraseTable
    numbering_column: PhraseTable
    estimate: PhraseTable
    actual: PhraseTable
    title_cut: PhraseTable
    title_trailing: frozenset
    title_numbering: PhraseTable
    children: PhraseTable
    totals: PhraseTable
    beside_time: PhraseTable
    fixed_bases: PhraseTable
    compare: PhraseTable
    base_link: frozenset
    nothing: frozenset
    sign_qualifiers: Mapping[str, str]


@dataclass(frozen=True)
class Syllables:
    onsets: frozenset
    rhymes: frozenset
    stop_finals: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    numerals: Numerals
    units: Units
    times: Times
    cues: Cues
    words: FunctionWords
    tables: TableWords
    ocr: Mapping[str, Mapping[str, Any]]  # OCR rule id -> its settings (ocr.toml)
    abbreviations: tuple[str, ...]  # that a full stop does not end a sentence after (segment.toml)
    syllables: Syllables
    examples: Mapping[str, Any]  # file name -> its `examples` (replayed by the tests)
    kinds: Mapping[str, Mapping[str, PhraseTable]]  # kinds.toml: kind -> list name -> phrase table


# --- builders -------------------------------------------------------------------------------------

def _numerals(data: _Table) -> Numerals:
    words: dict = {}

    def put(w: str, role: str, value) -> None:
        if w in words:
            raise PatternError(f"numerals: {w!r} listed as {words[w][0]} and {role}")
        words[w] = (role, value)

    for w, v in data["digits"].items():
        put(w, "digit", v)
    for w, v in data["after_tens"].items():
        put(w, "after_tens", v)
    tens, hundreds = data["tens"], data["hundreds"]
    for role, table, key, value in (("ten", tens, "ten", 10), ("times_ten", tens, "times_ten", 10),
                                    ("hundred", hundreds, "hundred", 100), ("zero_tens", hundreds, "zero_tens", 0)):
        for w in table[key]:
            put(w, role, value)
    scales = PhraseTable.build(((w, Decimal(v)) for w, v in data["scales"].items()), "numerals.scales")
    for key, v in scales.entries.items():
        if len(key) == 1:
            put(key[0], "scale", v)
    abbrev = PhraseTable.build(((w, Decimal(v)) for w, v in data["scale_abbreviations"].items()),
                               "numerals.scale_abbreviations")
    return Numerals(MappingProxyType(words), scales, abbrev, Decimal(data["money"]["bare_scale"]),
                    data["money"]["home_currency"], frozenset(data["alone"]["ambiguous"]),
                    frozenset(data["signs"]["negative"]), frozenset(data["decimal_words"]["words"]))


def _units(currencies: _Table, units: _Table, nouns: _Table, numerals: Numerals) -> Units:
    codes = [(code, body) for code, body in currencies.items() if code != "examples"]
    after = PhraseTable.build([(s, code) for code, body in codes for s in body["surfaces"]], "currencies",
                              case_sensitive=True)
    before = PhraseTable.build([(s, code) for code, body in codes for s in body.get("before", ())],
                               "currencies.before", case_sensitive=True)
    listed = [s for _, body in codes for s in body["surfaces"]]
    forms = [f for s in listed for f in _written_forms(s)]
    measures = _grouped(units["measures"].items(), "units.measures", case_sensitive=True)
    durations = _grouped(units["durations"].items(), "units.durations")
    denominators = PhraseTable.build(((w, w) for w in units["rate_denominators"]["words"]), "units.rate")
    seen: dict = {}
    for group, words in nouns["counted"].items():
        for w in words:
            if w in seen:
                raise PatternError(f"nouns.counted: {w!r} listed in {seen[w]!r} and {group!r}")
            seen[w] = group
    counted = PhraseTable.build([(w, w) for w in seen] + list(nouns.get("abbreviations", {}).items()),
                                "nouns.counted")
    not_counted = _words(nouns["not_counted"]["words"], "nouns.not_counted")
    tables = (numerals.scales, after, measures, counted)
    return Units(after, before, tuple(dict.fromkeys(forms)), measures, durations, denominators, counted,
                 not_counted, frozenset(w for t in tables for w in t.firsts if w.isalpha()),
                 frozenset(w for t in tables for w in t.firsts if not any(c.isalnum() for c in w)),
                 frozenset(k[:2] for t in tables for k in t.entries if len(k) >= 2), tables)


def _times(data: _Table) -> Times:
    words = data["words"]
    year, month, day, quarter = (_lower_set(words[k]) for k in ("year", "month", "day", "quarter"))
    for (a, x), (b, y) in combinations((("year", year), ("month", month), ("day", day), ("quarter", quarter)), 2):
        if x & y:
            raise PatternError(f"temporal.words: {sorted(x & y)} listed as {a} and {b} words")
    loose = set(words["span_cues_loose"])
    return Times(year, month, day, quarter,
                 _words(words["day_cues"], "temporal.day_cues"),
                 _words(list(words["span_cues"]) + sorted(loose), "temporal.span_cues"),
                 tuple(words["span_cues"]),
                 MappingProxyType({k.lower(): v for k, v in data["roman"].items()}),
                 _grouped(list(data["halves"].items()) + [("q1", data["quarters_by_months"]["first"])],
                          "temporal.halves"),
                 _words(data["month_spans"]["lead"], "temporal.month_spans"))


def _function_words(data: _Table) -> FunctionWords:
    out = {}
    for f in fields(FunctionWords):
        key = f.name.rstrip("_")
        value = data[key]
        out[f.name] = value if isinstance(value, str) else (
            frozenset(value) if key == "capital_only" else _lower_set(value))
    return FunctionWords(**out)


def _cues(data: _Table) -> Cues:
    quals, dirs, status, bases = data["qualifiers"], data["directions"], data["status"], data["bases"]
    after = ("after_at_least", "after_at_most")
    ident = data["identifiers"]
    not_counts = data["not_counts"]
    return Cues(
        qualifiers=_grouped([(k, v) for k, v in quals.items() if k != "clause_approx" and k not in after],
                            "context.qualifiers", QUALIFIERS),
        clause_approx=_words(quals["clause_approx"], "context.qualifiers.clause_approx"),
        after_qualifiers=_grouped([(k.removeprefix("after_"), quals[k]) for k in after],
                                  "context.qualifiers.after", QUALIFIERS),
        linkers=_words(data["linkers"]["words"], "context.linkers"),
        directions=_grouped([(k, dirs[k]) for k in DIRECTIONS], "context.directions", DIRECTIONS),
        direction_between=_words(dirs["between"], "context.directions.between"),
        level_markers=_words(dirs["level_markers"], "context.directions.level_markers"),
        clause_blockers=_words(dirs["clause_blockers"], "context.directions.clause_blockers"),
        bases=_grouped([(k, v) for k, v in bases.items() if k != "introducers"], "context.bases", BASES),
        basis_introducers=_words(bases["introducers"], "context.bases.introducers"),
        target=_words(status["target"], "context.status.target"),
        forecast=_words(status["forecast"], "context.status.forecast"),
        not_target=_words(status["not_target"], "context.status.not_target"),
        actual=_words(status["actual"], "context.status.actual"),
        not_actual=_words(status["not_actual"], "context.status.not_actual"),
        assigned=_words(status["assigned"], "context.status.assigned"),
        assigned_blockers=frozenset(status["assigned_blockers"]),
        assigned_beneficiary=frozenset(status["assigned_beneficiary"]),
        report_verbs=_words(data["structure"]["report_verbs"], "context.structure.report_verbs"),
        cue_blockers=frozenset(status["cue_blockers"]),
        noun_heads=_words(dirs["noun_heads"], "context.directions.noun_heads"),
        noun_like=_words(dirs["noun_like"], "context.directions.noun_like"),
        identifiers=_grouped([(k, v) for k, v in ident.items() if k != "articles_capital"], "context.identifiers"),
        articles_capital=frozenset(ident["articles_capital"]),
        false_qualifiers=_words(data["false_qualifiers"]["words"], "context.false_qualifiers"),
        multipliers=_words(not_counts["multipliers"], "context.not_counts.multipliers"),
        vague_before=_words(not_counts["vague_before"], "context.not_counts.vague_before"),
        multiplier_before=_words(not_counts["multiplier_before"], "context.not_counts.multiplier_before"),
        points=_words(not_counts["percentage_points"], "context.not_counts.percentage_points"),
        percent_words=_words(data["structure"]["percent_words"], "context.structure.percent_words"),
    )


def _table_words(data: _Table, context: _Table, temporal: _Table) -> TableWords:
    cols, caps, rows, bases = data["columns"], data["captions"], data["rows"], data["bases"]
    number_word = _lower_set(context["structure"]["number_word"])
    codes = [w for w in context["identifiers"]["number_words"] if w.lower() not in number_word]
    tem = temporal["words"]
    beside = (rows["beside_time"] + cols["actual"] + cols["estimate"] + context["qualifiers"]["clause_approx"]
              + context["bases"]["plan"] + context["status"]["forecast"] + tem["year"] + tem["month"]
              + tem["quarter"] + tem["span_cues"] + tem["span_cues_loose"])
    return TableWords(
        unit_leads=_words(data["units"]["leads"], "tables.units.leads"),
        numbering_column=_words(cols["numbering"] + codes, "tables.columns.numbering", unique=False),
        estimate=_words(cols["estimate"], "tables.columns.estimate"),
        actual=_words(cols["actual"], "tables.columns.actual"),
        title_cut=_words(caps["cut"], "tables.captions.cut"),
        title_trailing=_lower_set(caps["trailing"]),
        title_numbering=_words(caps["numbering"], "tables.captions.numbering"),
        children=_words(rows["children"], "tables.rows.children"),
        totals=_words(rows["totals"], "tables.rows.totals"),
        beside_time=_words(beside, "tables.rows.beside_time", unique=False),
        fixed_bases=_words(bases["fixed"], "tables.bases.fixed"),
        compare=_words(bases["compare"], "tables.bases.compare"),
        base_link=_lower_set(bases["link"]),
        nothing=frozenset(data["cells"]["nothing"]),
        sign_qualifiers=MappingProxyType({s: label for label, signs in data["cells"]["qualifiers"].items()
                                          for s in signs}),
    )


def _one_role(numerals: Numerals, units: Units, cues: Cues, declared: Mapping[str, list]) -> None:
    """A surface after a number names one thing: refused when two of these tables list it, unless
    ``numerals.toml [two_roles]`` declares exactly those two roles for it."""
    roles = {"numerals.scales": numerals.scales, "numerals.scale_abbreviations": numerals.abbreviations,
             "currencies": units.currencies, "units.measures": units.measures, "units.durations": units.durations,
             "nouns.counted": units.counted_nouns, "nouns.not_counted": units.not_counted,
             "context.not_counts.multipliers": cues.multipliers,
             "context.not_counts.percentage_points": cues.points,
             "context.structure.percent_words": cues.percent_words}
    allowed = {resources.phrase_key(s): frozenset(r) for s, r in declared.items()}
    for role in allowed.values():
        unknown = role - roles.keys()
        if unknown:
            raise PatternError(f"numerals.two_roles: unknown role {sorted(unknown)}")
    for (a, x), (b, y) in combinations(roles.items(), 2):
        for key in x.entries.keys() & y.entries.keys():
            if allowed.get(key) != {a, b}:
                raise PatternError(f"{' '.join(key)!r} is listed in {a} and in {b}: one role, or declare it in "
                                   "numerals.toml [two_roles]")


_FILES = ("numerals", "currencies", "units", "nouns", "temporal", "context", "tables", "ocr", "segment",
          "syllables", "kinds")


def build(load=resources.load) -> Lexicon:
    """The lexicon from the TOML files ``load(name)`` returns (a test can hand in its own)."""
    raw = {name: _Table(load(name), name) for name in _FILES}
    numerals = _numerals(raw["numerals"])
    units = _units(raw["currencies"], raw["units"], raw["nouns"], numerals)
    times = _times(raw["temporal"])
    cues = _cues(raw["context"])
    words = _function_words(raw["context"]["structure"])
    tables = _table_words(raw["tables"], raw["context"], raw["temporal"])
    _one_role(numerals, units, cues, raw["numerals"].get("two_roles", _Table({}, "numerals.two_roles")).plain())
    ocr = MappingProxyType({rule_id: MappingProxyType(body.plain()) for rule_id, body in raw["ocr"]["rules"].items()})
    segment = raw["segment"]
    syl = raw["syllables"]
    syllables = Syllables(frozenset(syl["onsets"]), frozenset(syl["rhymes"]), tuple(syl["stop_finals"]))
    examples = {name: t["examples"] for name, t in raw.items() if "examples" in t}
    examples["syllables"] = {"valid": syl["examples_valid"], "invalid": syl["examples_invalid"]}
    examples = {k: (v.plain() if isinstance(v, _Table) else v) for k, v in examples.items()}
    kinds = MappingProxyType({kind: MappingProxyType({name: _words(words, f"kinds.{kind}.{name}")
                                                      for name, words in lists.items()})
                              for kind, lists in raw["kinds"].items()})
    lex = Lexicon(numerals, units, times, cues, words, tables, ocr,
                  tuple(unicodedata.normalize("NFC", a) for a in segment["abbreviations"]), syllables,
                  MappingProxyType(examples), kinds)
    unread = [path for t in raw.values() for path in t.unread()]
    if unread:
        raise PatternError(f"keys no part of the lexicon reads (a typo, or a group the code does not know): "
                           f"{', '.join(unread)}")
    return lex


@cache
def lexicon() -> Lexicon:
    """The lexicon of ``patterns/``, built once per process."""
    return build()


__all__ = ["Lexicon", "lexicon", "build", "Numerals", "Units", "Times", "Cues", "FunctionWords", "TableWords",
           "PatternError"]
