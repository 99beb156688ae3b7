"""The only reader of ``patterns/``: loads the TOML data once and builds lookup tables.

Code elsewhere never names a Vietnamese word; it asks this module for a table. Phrase tables
are keyed by tuples of lower-cased tokens (as ``extractor.tokens`` splits them), so matching a
phrase is one dict lookup per candidate length.
"""
from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from .tokens import tokenize



def _patterns_dir() -> Path:
    """patterns/ beside the package (a checkout or editable install), or where a wheel put it."""
    env = os.environ.get("VNEXTRACT_PATTERNS")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent / "patterns"
    if here.is_dir():
        return here
    return Path(sys.prefix) / "share" / "vnextract" / "patterns"


PATTERNS_DIR = _patterns_dir()
def phrase_key(text: str) -> tuple[str, ...]:
    """Token tuple of a lexicon phrase, lower case (``"Tạ / ha"`` → ``("tạ", "/", "ha")``), split by
    the same tokenizer as the text it is matched against."""
    return tuple(t.low for t in tokenize(text))


@cache
def case_forms(token: str) -> frozenset:
    """How a token listed in a case-sensitive table may be written: as listed, and, for a word of two
    letters or more listed in lower case, capitalised or in capitals (``đồng``: Đồng, ĐỒNG; ``euro``:
    Euro, EURO). A symbol's case is its meaning: ``m`` is never ``M``, ``MW`` never ``mw``, ``kW``
    never ``KW``."""
    if len(token) >= 2 and token.isalpha() and token.islower():
        return frozenset((token, token[0].upper() + token[1:], token.upper()))
    return frozenset((token,))


class PatternError(ValueError):
    """A file in patterns/ is malformed (a duplicate, a missing table)."""


@cache
def load(name: str) -> dict:
    path = PATTERNS_DIR / f"{name}.toml"
    with path.open("rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class PhraseTable:
    """Phrases (token tuples) → label, with the longest phrase length for scanning.

    ``firsts`` maps a phrase's first token to the longest phrase starting with it and ``lasts``
    its last token likewise, so most lookups end after one set test."""

    entries: dict
    longest: int
    firsts: dict
    lasts: dict
    # case-sensitive tables only: lower-case key -> the written token tuples listed for it (see written_ok)
    cased: dict | None = None

    @classmethod
    def build(cls, pairs, source: str, case_sensitive: bool = False) -> "PhraseTable":
        entries: dict = {}
        cased: dict = {}
        for phrase, label in pairs:
            key = phrase_key(phrase)
            if not key:
                raise PatternError(f"{source}: empty phrase")
            if key in entries and entries[key] != label:
                raise PatternError(f"{source}: {phrase!r} listed as {entries[key]!r} and {label!r}")
            entries[key] = label
            if case_sensitive:
                cased.setdefault(key, set()).add(tuple(t.text for t in tokenize(phrase)))
        firsts: dict = {}
        lasts: dict = {}
        for key in entries:
            firsts[key[0]] = max(firsts.get(key[0], 0), len(key))
            lasts[key[-1]] = max(lasts.get(key[-1], 0), len(key))
        return cls(entries, max((len(k) for k in entries), default=0), firsts, lasts,
                   {k: frozenset(v) for k, v in cased.items()} if case_sensitive else None)

    def written_ok(self, key: tuple, texts: list[str] | None, i: int) -> bool:
        """A case-sensitive table accepts ``texts[i:i+len(key)]`` only as written in patterns/ (each
        token, see :func:`case_forms`); a case-blind table, or a caller without the written tokens,
        accepts any case."""
        if self.cased is None or texts is None:
            return True
        written = texts[i:i + len(key)]
        return any(all(w in case_forms(t) for w, t in zip(written, listed)) for listed in self.cased[key])

    def match_at(self, words: list[str], i: int, texts: list[str] | None = None) -> tuple[int, object] | None:
        """Longest phrase starting at ``words[i]``: (number of tokens, label). ``texts`` are the tokens
        as written, for a case-sensitive table."""
        if i >= len(words):
            return None
        longest = self.firsts.get(words[i])
        if longest is None:
            return None
        for n in range(min(longest, len(words) - i), 0, -1):
            key = tuple(words[i:i + n])
            label = self.entries.get(key)
            if label is not None and self.written_ok(key, texts, i):
                return n, label
        return None

    def match_before(self, words: list[str], end: int, texts: list[str] | None = None) -> tuple[int, object] | None:
        """Longest phrase ending right before ``words[end]``: (number of tokens, label)."""
        if end <= 0:
            return None
        longest = self.lasts.get(words[end - 1])
        if longest is None:
            return None
        for n in range(min(longest, end), 0, -1):
            key = tuple(words[end - n:end])
            label = self.entries.get(key)
            if label is not None and self.written_ok(key, texts, end - n):
                return n, label
        return None



def _grouped(table: dict, source: str) -> PhraseTable:
    return PhraseTable.build(((w, label) for label, words in table.items() for w in words), source)


@cache
def numerals() -> dict:
    data = load("numerals")
    words = {}
    for w, v in data["digits"].items():
        words[w] = ("digit", v)
    for w, v in data["after_tens"].items():
        words[w] = ("after_tens", v)
    for w in data["tens"]["ten"]:
        words[w] = ("ten", 10)
    for w in data["tens"]["times_ten"]:
        words[w] = ("times_ten", 10)
    for w in data["hundreds"]["hundred"]:
        words[w] = ("hundred", 100)
    for w in data["hundreds"]["zero_tens"]:
        words[w] = ("zero_tens", 0)
    scales = PhraseTable.build(((w, Decimal(v)) for w, v in data["scales"].items()), "numerals.scales")
    for key, v in scales.entries.items():
        if len(key) == 1:
            words[key[0]] = ("scale", v)
    abbrev = PhraseTable.build(((w, Decimal(v)) for w, v in data["scale_abbreviations"].items()),
                               "numerals.scale_abbreviations")
    return {"words": words, "scales": scales, "abbreviations": abbrev, "examples": data["examples"],
            "bare_money_scale": Decimal(data["money"]["bare_scale"]), "home_currency": data["money"]["home_currency"],
            "ambiguous_alone": frozenset(data["alone"]["ambiguous"]),
            "negative": frozenset(data["signs"]["negative"]),
            "decimal_words": frozenset(data["decimal_words"]["words"])}


@cache
def currencies() -> PhraseTable:
    data = load("currencies")
    pairs = [(s, code) for code, body in data.items() if code != "examples" for s in body["surfaces"]]
    return PhraseTable.build(pairs, "currencies", case_sensitive=True)


@cache
def currencies_before() -> PhraseTable:
    """Codes and symbols that name a currency written before its number (``USD 1,5 tỷ``, ``$10``)."""
    data = load("currencies")
    pairs = [(s, code) for code, body in data.items() if code != "examples" for s in body.get("before", ())]
    return PhraseTable.build(pairs, "currencies.before", case_sensitive=True)


@cache
def currency_surfaces() -> tuple[str, ...]:
    """Every spelling of a currency after a number that the case policy accepts (patterns/currencies.toml
    lists ``đồng``; ``Đồng`` and ``ĐỒNG`` are read too, see :func:`case_forms`)."""
    data = load("currencies")
    listed = [s for code, body in data.items() if code != "examples" for s in body["surfaces"]]
    forms = [f for s in listed for f in sorted(case_forms(s) if " " not in s else {s, s[0].upper() + s[1:]})]
    return tuple(dict.fromkeys(forms))


@cache
def unit_words() -> frozenset:
    """The first word (lower case) of every scale, currency, measure and counted noun: what may follow a
    number. The OCR repair asks it whether a damaged number or a broken word stands before a unit."""
    return frozenset(w for t in unit_tables() for w in t.firsts if w.isalpha())


@cache
def unit_second_words() -> frozenset:
    """(first word, second word) of every unit phrase of two words or more (``("lao", "động")``)."""
    return frozenset(k[:2] for t in unit_tables() for k in t.entries if len(k) >= 2)


@cache
def unit_tables() -> tuple[PhraseTable, ...]:
    """The phrase tables of what may follow a number (scales, currencies, measures, counted nouns)."""
    return numerals()["scales"], currencies(), measures(), counted_nouns()


@cache
def measures() -> PhraseTable:
    table = load("units")["measures"]
    return PhraseTable.build(((w, label) for label, words in table.items() for w in words), "units.measures",
                             case_sensitive=True)


@cache
def durations() -> PhraseTable:
    return _grouped(load("units")["durations"], "units.durations")


@cache
def rate_denominators() -> PhraseTable:
    return PhraseTable.build(((w, w) for w in load("units")["rate_denominators"]["words"]), "units.rate")


@cache
def counted_nouns() -> PhraseTable:
    """Counted noun phrases → the unit they give (itself, or the phrase an abbreviation stands for)."""
    nouns = load("nouns")
    seen: dict = {}
    for group, words in nouns["counted"].items():
        for w in words:
            if w in seen:
                raise PatternError(f"nouns: {w!r} listed in {seen[w]!r} and {group!r}")
            seen[w] = group
    pairs = [(w, w) for w in seen] + list(nouns.get("abbreviations", {}).items())
    return PhraseTable.build(pairs, "nouns.counted")


@cache
def not_counted() -> PhraseTable:
    return _words(load("nouns")["not_counted"]["words"], "nouns.not_counted")


@cache
def temporal() -> dict:
    data = load("temporal")
    words = data["words"]
    return {
        "year": set(words["year"]),
        "month": set(words["month"]),
        "day": set(words["day"]),
        "quarter": set(words["quarter"]),
        "day_cues": PhraseTable.build(((w, True) for w in words["day_cues"]), "temporal.day_cues"),
        "span_cues": PhraseTable.build(((w, True) for w in words["span_cues"]), "temporal.span_cues"),
        "roman": {k.lower(): v for k, v in data["roman"].items()},
        "halves": _grouped({**data["halves"], "q1": data["quarters_by_months"]["first"]}, "temporal.halves"),
        "month_spans": PhraseTable.build(((w, True) for w in data["month_spans"]["lead"]), "temporal.month_spans"),
        "examples": data["examples"],
    }


def _words(words, source: str) -> PhraseTable:
    return PhraseTable.build(((w, True) for w in words), source)


@cache
def context() -> dict:
    data = load("context")
    quals, dirs, status = data["qualifiers"], data["directions"], data["status"]
    ident = dict(data["identifiers"])
    capital = ident.pop("articles_capital")
    return {
        "qualifiers": _grouped({k: quals[k] for k in ("approx", "nearly", "over", "under", "at_least", "at_most")},
                               "context.qualifiers"),
        "clause_approx": _words(quals["clause_approx"], "context.qualifiers.clause_approx"),
        "after_qualifiers": _grouped({"at_least": quals["after_at_least"], "at_most": quals["after_at_most"]},
                                     "context.qualifiers.after"),
        "linkers": _words(data["linkers"]["words"], "context.linkers"),
        "directions": _grouped({k: dirs[k] for k in ("increase", "decrease", "level")}, "context.directions"),
        "direction_between": _words(dirs["between"], "context.directions.between"),
        "level_markers": _words(dirs["level_markers"], "context.directions.level_markers"),
        "clause_blockers": _words(dirs["clause_blockers"], "context.directions.clause_blockers"),
        "bases": _grouped({k: v for k, v in data["bases"].items() if k != "introducers"}, "context.bases"),
        "basis_introducers": _words(data["bases"]["introducers"], "context.bases"),
        "target": _words(status["target"], "context.status.target"),
        "forecast": _words(status["forecast"], "context.status.forecast"),
        "not_target": _words(status["not_target"], "context.status.not_target"),
        "actual": _words(status["actual"], "context.status.actual"),
        "not_actual": _words(status["not_actual"], "context.status.not_actual"),
        "assigned": _words(status["assigned"], "context.status.assigned"),
        "assigned_blockers": frozenset(status["assigned_blockers"]),
        "assigned_beneficiary": frozenset(status["assigned_beneficiary"]),
        "report_verbs": _words(data["structure"]["report_verbs"], "context.structure.report_verbs"),
        "cue_blockers": frozenset(status["cue_blockers"]),
        "noun_heads": _words(dirs["noun_heads"], "context.directions.noun_heads"),
        "noun_like": _words(dirs["noun_like"], "context.directions.noun_like"),
        "identifiers": _grouped(ident, "context.identifiers"),
        "articles_capital": frozenset(capital),
        "false_qualifiers": _words(data["false_qualifiers"]["words"], "context.false_qualifiers"),
        "multipliers": _words(data["not_counts"]["multipliers"], "context.not_counts"),
        "vague_before": _words(data["not_counts"]["vague_before"], "context.not_counts"),
        "multiplier_before": _words(data["not_counts"]["multiplier_before"], "context.not_counts"),
        "points": _words(data["not_counts"]["percentage_points"], "context.not_counts"),
        "structure": _structure(data["structure"]),
        "examples": data["examples"],
    }


def _structure(data: dict) -> dict:
    """Single function words as sets of lower-case words (strings stay strings)."""
    return {k: (v if isinstance(v, str) else frozenset(w.lower() for w in v)) if k != "capital_only"
            else frozenset(v) for k, v in data.items()}


@cache
def ocr_rules() -> dict:
    return load("ocr")["rules"]


@cache
def readers() -> dict:
    """What the readers leave out of a page's text: publication stamps (lower case, NFC), their
    longest length, and class/id names of page furniture as word tuples."""
    import unicodedata  # noqa: PLC0415

    html = load("readers")["html"]
    return {
        "stamps": tuple(sorted({unicodedata.normalize("NFC", s).lower() for s in html["stamps"]}, key=len,
                               reverse=True)),
        "stamp_max_chars": int(html["stamp_max_chars"]),
        "furniture": tuple(tuple(f.lower().split()) for f in html["furniture"]),
        "furniture_whole": frozenset(f.lower() for f in html["furniture_whole"]),
        "default_sheet_names": frozenset(unicodedata.normalize("NFC", s).lower()
                                         for s in load("readers")["sheets"]["default_names"]),
    }


@cache
def tables() -> dict:
    """Words of table headers, row labels and captions (patterns/tables.toml) as phrase tables; the
    units, times, qualifiers and bases of tables come from the prose lexicons above."""
    data = load("tables")
    cols, caps, rows, bases = data["columns"], data["captions"], data["rows"], data["bases"]
    ctx, tem = load("context"), load("temporal")
    codes = [w for w in ctx["identifiers"]["number_words"]
             if w.lower() not in {x.lower() for x in ctx["structure"]["number_word"]}]
    beside = (rows["beside_time"] + cols["actual"] + cols["estimate"] + ctx["qualifiers"]["clause_approx"]
              + ctx["bases"]["plan"] + ctx["status"]["forecast"] + tem["words"]["year"] + tem["words"]["month"]
              + tem["words"]["quarter"] + tem["words"]["span_cues"])
    return {
        "unit_leads": _words(data["units"]["leads"], "tables.units.leads"),
        "numbering_column": _words(cols["numbering"] + codes, "tables.columns.numbering"),
        "estimate": _words(cols["estimate"], "tables.columns.estimate"),
        "actual": _words(cols["actual"], "tables.columns.actual"),
        "title_cut": _words(caps["cut"], "tables.captions.cut"),
        "title_trailing": frozenset(w.lower() for w in caps["trailing"]),
        "title_numbering": _words(caps["numbering"], "tables.captions.numbering"),
        "children": _words(rows["children"], "tables.rows.children"),
        "totals": _words(rows["totals"], "tables.rows.totals"),
        "beside_time": _words(dict.fromkeys(beside), "tables.rows.beside_time"),
        "fixed_bases": _words(bases["fixed"], "tables.bases.fixed"),
        "compare": _words(bases["compare"], "tables.bases.compare"),
        "base_link": frozenset(w.lower() for w in bases["link"]),
        "nothing": frozenset(data["cells"]["nothing"]),
        "sign_qualifiers": {s: label for label, signs in data["cells"]["qualifiers"].items() for s in signs},
        "examples": data["examples"],
    }


@cache
def encodings() -> dict:
    """Legacy Vietnamese encodings (patterns/encodings.toml): each table as letter → bytes (a
    letter or a byte sequence listed twice is refused), the decode-only sequences, the names and
    font rules, and the order detection tries them in."""
    data = load("encodings")
    tables: dict[str, dict[str, bytes]] = {}
    for key in ("tcvn3", "tcvn5712_1", "vni", "viscii", "vps"):
        letters: dict[str, bytes] = {}
        for row in data[key]["letters"].values():
            for letter, hexbytes in row.items():
                if letter in letters:
                    raise PatternError(f"encodings.{key}: {letter!r} listed twice")
                letters[letter] = bytes.fromhex(hexbytes)
        if len(set(letters.values())) != len(letters):
            raise PatternError(f"encodings.{key}: two letters share a byte sequence")
        tables[key.replace("_", "-")] = letters
    fonts = data["fonts"]
    return {
        "tables": tables,
        "extends": {k.replace("_", "-"): v["extends"] for k, v in data.items() if isinstance(v, dict) and "extends" in v},
        "decode_also": {k: {bytes.fromhex(h): c for h, c in data[k].get("decode_also", {}).items()} for k in ("vni",)},
        "reads_above_a0": {k: v["reads_above_a0"].replace("_", "-") for k, v in data.items()
                           if isinstance(v, dict) and "reads_above_a0" in v},
        "lower_capitals": frozenset(k for k, v in data.items() if isinstance(v, dict) and v.get("capitals") == "font"),
        "names": dict(data["names"]),
        "font_prefixes": tuple((p, enc) for p, enc in fonts["prefixes"]),
        "capital_suffix": fonts["capital_suffix"],
        "font_styles": tuple(fonts["styles"]),
        "glyph_bytes": {ch: bytes.fromhex(h) for ch, h in data["mojibake"]["glyph_bytes"].items()},
        "candidates": tuple(data["detect"]["candidates"]),
    }
