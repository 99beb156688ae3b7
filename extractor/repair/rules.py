"""OCR repair rules: each a small function from the current text to proposed replacements.

Every rule is registered by id in :data:`RULES`, in the order the engine runs them; the words a
rule needs come from ``patterns/ocr.toml`` (and the syllable tables). A rule proposes a change
only where the damaged form is not a well-formed reading and the repaired one is: text it is not
sure about stays as it is.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache, wraps

import regex

from typing import Any

from ..lexicon import lexicon
from ..numbers import real_date
from .syllables import is_onset, is_syllable

Proposal = tuple[int, int, str]


def _cfg(rule_id: str) -> Any:
    return lexicon().ocr[rule_id]


def _alternation(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


def _gated(gate: Callable[[str], object]):
    """Run the decorated rule only on a text its ``gate`` passes: a substring test or one cheap
    search, true wherever the rule could propose anything. Elsewhere the rule returns ``()``, which
    the engine skips without a generator being made (most report paragraphs need no repair)."""
    def wrap(scan: Callable[[str], Iterator[Proposal]]) -> Callable[[str], Iterable[Proposal]]:
        @wraps(scan)
        def rule(text: str) -> Iterable[Proposal]:
            return scan(text) if gate(text) else ()
        return rule
    return wrap


def _trie(words) -> str:
    """The words as one regex (either engine) that branches a character at a time: a gate over
    hundreds of words costs a few steps per place tried, where a flat alternation tries each word."""
    tree: dict = {}
    for w in words:
        node = tree
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def walk(node: dict) -> str:
        branches = [re.escape(c) + walk(sub) for c, sub in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: the rest is optional
            return (body if len(branches) > 1 else "(?:" + body + ")") + "?"
        return body

    return walk(tree)


# --- character level --------------------------------------------------------------------------

_ENTITY = regex.compile(r"&(?:[A-Za-z]{2,8}|#[0-9]{2,5}|#[xX][0-9A-Fa-f]{2,4});")


@_gated(lambda text: "&" in text)
def html_entity(text: str) -> Iterator[Proposal]:
    for m in _ENTITY.finditer(text):
        out = html.unescape(m.group()).replace("\xa0", " ")
        if out != m.group():
            yield m.start(), m.end(), out


_CLUSTER = regex.compile(r"\P{M}\p{M}+")
_NOT_SURELY_NFC = regex.compile(r"[\p{M}\p{NFC_QC=N}\p{NFC_QC=M}]")


# a text already NFC has every cluster NFC (one starts where no mark composes with what precedes
# and ends before a character that is no mark); else Unicode's quick check: no mark and no character
# NFC could change (the common case)
@_gated(lambda text: not unicodedata.is_normalized("NFC", text) and _NOT_SURELY_NFC.search(text) is not None)
def unicode_nfc(text: str) -> Iterator[Proposal]:
    """Decomposed letters (base + combining marks) to their composed form."""
    for m in _CLUSTER.finditer(text):
        out = unicodedata.normalize("NFC", m.group())
        if out != m.group():
            yield m.start(), m.end(), out


@cache
def _char_map(rule_id: str) -> tuple[regex.Pattern, dict]:
    table = _cfg(rule_id)["map"]
    return regex.compile(_alternation(table)), table


@_gated(lambda text: any(k in text for k in _char_map("char.lookalike")[1]))  # rare characters
def char_lookalike(text: str) -> Iterator[Proposal]:
    pattern, table = _char_map("char.lookalike")
    for m in pattern.finditer(text):
        yield m.start(), m.end(), table[m.group()]


@cache
def _legacy() -> tuple[regex.Pattern, dict]:
    table = _cfg("glyph.legacy")["map"]
    return regex.compile(r"(?<=\p{L})(?:" + _alternation(table) + r")(?=\p{L}|\b)"), table


@_gated(lambda text: any(k in text for k in _legacy()[1]))
def glyph_legacy(text: str) -> Iterator[Proposal]:
    pattern, table = _legacy()
    for m in pattern.finditer(text):
        # a minus between letters is a lost ư; one before a digit or alone is a real minus
        if m.group() == "−" and not (m.end() < len(text) and text[m.end()].isalpha()):
            continue
        yield m.start(), m.end(), table[m.group()]


# --- numbers ----------------------------------------------------------------------------------

_LETTER_DIGIT = regex.compile(r"\d[.,]?([OolI])(?=[.,]?\d)")  # anchored on the digit: letters are common
_LETTER_VALUE = {"O": "0", "o": "0", "l": "1", "I": "1"}


@cache
def _digit_class() -> str:
    """A class of the standard engine holding every digit of ``regex``'s ``\\d`` (its Unicode may be newer:
    the few such digits of the Basic Multilingual Plane are listed, every character beyond it is let in)."""
    bmp = "".join(map(chr, range(0x10000)))
    extra = "".join(re.escape(c) for c in regex.findall(r"\d", bmp) if not re.match(r"\d", c))
    return r"[\d" + extra + "\U00010000-\U0010ffff]"


@cache
def _letter_near_digit() -> "re.Pattern":
    """Every letter-for-digit repair but the Roman quarter touches an O, o, l or I next to a digit
    (a separator between them at most: ``\\d[.,]?[OolI]|[OolI][.,]?\\d``) or an l before a slash: a text
    without one is not scanned further. Anchored on the letter, rarer than a digit."""
    d = _digit_class()
    return re.compile(r"[OolI](?:(?<=" + d + r"[OolI])|(?<=" + d + r"[.,][OolI])|[.,]?" + d + r"|(?<=l)/)")


@cache
def _letter_patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    quarters = "(?i:" + _alternation(lexicon().times.quarter) + ")"  # the time words' own list
    lead_one = regex.compile(r"l(?=\d+(?:[.,]\d+)* \p{Ll}|(?:\.\d{3})+ \p{Ll})")
    year_word = "(?i:" + _alternation(lexicon().times.year) + ")"
    roman = regex.compile(r"(?:" + quarters + r") ([IlV]{1,3})(?=/(?:19|20)\d\d|\s+" + year_word + ")")
    roman_gate = regex.compile(r"(?:" + quarters + r") [IlV]")  # searched first: a quarter word is rare
    return lead_one, roman, roman_gate


@cache
def _letter_edges() -> tuple[regex.Pattern, regex.Pattern]:
    """An O ending a number before a unit word, a currency symbol or % (``46O tỷ``, ``2.75O người``,
    ``46O ₫``); an l opening a month
    or day before a slash and a year (``tháng l2/2023``)."""
    symbols = _alternation(lexicon().units.symbols)  # ₫, $, €: a unit that is no word
    trailing = regex.compile(r"(?<![\p{L}\d.,])\d+(?:[.,]\d+)*(O)(?=( ?(?:%|" + symbols + r"))| (\p{L}+))")
    tem = lexicon().times
    day_month = "(?i:" + _alternation(tem.month | tem.day) + ")"
    month_one = regex.compile(r"(?<=(?<!\p{L})" + day_month + r" )l(?=\d?/(?:\d{1,2}/)?(?:19|20)\d\d(?!\d))")
    return trailing, month_one


# a full date with O or l read for digits in its day, month or year: 1O/l2/2023, 3O/O6/2O24
_DATE_LETTERS = regex.compile(r"(?<![\w/.,])([\dOl]{1,2})/([\dOl]{1,2})/([\dOl]{4})(?![\w/])")


def _date_letter_proposals(text: str) -> Iterator[Proposal]:
    """The letters of a d/m/yyyy that reads as a real date once O is 0 and l is 1 (each part keeps a digit)."""
    for m in _DATE_LETTERS.finditer(text):
        parts = [m.group(k) for k in (1, 2, 3)]
        if not any(c in "Ol" for c in m.group()) or not all(any(c.isdigit() for c in p) for p in parts):
            continue
        d, mo, y = (int(p.replace("O", "0").replace("l", "1")) for p in parts)
        if not (1900 <= y <= 2100 and real_date(y, mo, d)):
            continue
        for k in (1, 2, 3):
            for x in range(m.start(k), m.end(k)):
                if text[x] in "Ol":
                    yield x, x + 1, _LETTER_VALUE[text[x]]


def _letter_edge_proposals(text: str) -> Iterator[Proposal]:
    trailing, month_one = _letter_edges()
    if "/" in text:
        yield from _date_letter_proposals(text)
    if "O" in text:
        units = lexicon().units.words
        for m in trailing.finditer(text):
            number = m.group()[:-1]
            last = regex.split(r"[.,]", number)[-1]
            if "." in number and len(last) != 2:
                continue  # the O must complete a group of three: 2.75O
            if m.group(2) or (m.group(3).lower() in units):
                yield m.start(1), m.end(1), "0"
    if "l" in text:
        for m in month_one.finditer(text):
            yield m.start(), m.end(), "1"


def _digits_letter_all(text: str, near: bool, roman_near: bool) -> Iterator[Proposal]:
    """``2O23`` → 2023: a letter OCR read for a digit, only with digits on both sides (or a leading
    ``l`` before digits and a word: ``l0 xã``); ``Quý l/2024`` → ``Quý I/2024``; an O ending a number
    before a unit (``46O tỷ``); ``tháng l2/2023`` → ``tháng 12/2023``."""
    lead_one, roman, _ = _letter_patterns()
    if near:
        yield from _letter_edge_proposals(text)
        for m in lead_one.finditer(text):
            if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] in ".,"):
                yield m.start(), m.end(), "1"
    if roman_near:
        for m in roman.finditer(text):
            fixed = m.group(1).replace("l", "I")
            if fixed in ("I", "II", "III", "IV") and fixed != m.group(1):
                yield m.start(1), m.end(1), fixed
    if not near:
        return
    a = b = -1  # the run of digits, separators and look-alike letters around the match
    for m in _LETTER_DIGIT.finditer(text, overlapped=True):
        # "H5N1"-style codes have letters around the digits: leave any run glued to letters
        if not a <= m.start(1) < b:  # a new run (one walk per run, not per match: linear)
            a = m.start(1)
            while a > 0 and (text[a - 1].isdigit() or text[a - 1] in ".,OolI"):
                a -= 1
            b = m.end(1)
            while b < len(text) and (text[b].isdigit() or text[b] in ".,OolI"):
                b += 1
        if (a > 0 and text[a - 1].isalpha()) or (b < len(text) and text[b].isalpha() and text[b] not in "hk%"):
            continue
        yield m.start(1), m.end(1), _LETTER_VALUE[m.group(1)]


def digits_letter(text: str) -> Iterable[Proposal]:
    """The letter-for-digit repairs (several patterns above may find one: the engine keeps it once)."""
    near = _letter_near_digit().search(text) is not None
    roman_near = _letter_patterns()[2].search(text) is not None
    return _digits_letter_all(text, near, roman_near) if near or roman_near else ()


_COLON_THOUSANDS = regex.compile(r"(?<![\d:.,])(\d{1,3}):(\d{3})(?![\d:])")
_SLASH_DECIMAL = regex.compile(r"(?<![\d.,/])(\d{1,3})/(\d{1,2})(?= ?%)")
_SEMI_DECIMAL = regex.compile(r"(?<=\d);(?=\d)")
_DOT_COMMA = regex.compile(r"(?<=\d)\.,(?=\d{3})")


@_gated(lambda text: ":" in text or ("/" in text and "%" in text) or ";" in text or ".," in text)
def digits_separator(text: str) -> Iterator[Proposal]:
    """``29:576`` → 29.576, ``102/7%`` → 102,7%, ``47;3%`` → 47,3%, ``1.,234`` → 1.234."""
    # each pattern only where its separator is in the text at all
    if ":" in text:
        for m in _COLON_THOUSANDS.finditer(text):
            yield m.start(1) + len(m.group(1)), m.start(2), "."
    if "/" in text and "%" in text:
        for m in _SLASH_DECIMAL.finditer(text):
            yield m.end(1), m.start(2), ","
    if ";" in text:
        for m in _SEMI_DECIMAL.finditer(text):
            yield m.start(), m.end(), ","
    if ".," in text:
        for m in _DOT_COMMA.finditer(text):
            yield m.start(), m.end(), "."


def _scale_words() -> str:
    """The scale words of numerals.toml (``tỷ``, ``triệu``, ``nghìn`` …) as an alternation."""
    return _alternation(w for w in lexicon().numerals.scales.firsts if w.isalpha())


@cache
def _split_patterns() -> dict:
    return {
        # two short digit runs; the year word before them is checked in code (cheaper than a look-behind)
        "year": regex.compile(r"(?<![\d.,])(\d{1,3}) (\d{1,3})(?![\d.,]*\d)(?! ?[.,]?\d)"),
        # a year split after a year word or a span cue that is always followed by a year (temporal.toml)
        "year_words": tuple(w.lower() + " " for w in sorted(lexicon().times.year
                                                           | set(lexicon().times.span_cues_before_year))),
        # after a day word a dotted number is a date (`ngày 5.6 20 người`): no group is completed there
        "day_words": tuple(sorted(lexicon().times.day | {k[0] for k in lexicon().times.day_cues.entries
                                                        if len(k) == 1})),
        "group": regex.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*\.(\d{1,2})) (\d{1,2})(?!\d|\.\d)"),
        "dot": regex.compile(r"(?<![\d.,])(\d{1,3}) \.(\d{3})(?!\d)"),
        "comma_after": regex.compile(r"(?<![\d.,])(\d{1,3}), (\d{1,2}) ?(?=%)"),
        "comma_scale": regex.compile(r"(?<![\d.,])(\d{1,3}), (\d{1,3})(?= (?:" +
                                     _scale_words() + r")(?!\p{L}))"),
        "year_after_sep": regex.compile(r"(?<=(?:\d{4}|\b[IV]{1,3}|\b\d{1,2})[/-])((?:19|20)\d) (\d)(?![\d.,])"),
        "comma_before": regex.compile(r"(?<![\d.,])(\d{1,3}) ,(\d{1,3})(?!\d)"),
        "date": regex.compile(r"(?<![\d/])(\d{1,2}) ?/ ?(\d{1,2}) ?/ ?((?:19|20)\d\d)(?!\d)"),
        "date_day": regex.compile(r"(?<![\d/.,])(\d) (\d)(?=/\d{1,2}/(?:19|20)\d\d(?!\d))"),
        "date_year": regex.compile(r"(?<![\d/])(\d{1,2}/\d{1,2}/)((?:19|20)\d) (\d)(?![\d.,])"),
        "month": regex.compile(r"(?<=(?i:" + _alternation(lexicon().times.month) + r") )(1) ([0-2])"
                               r"(?=/(?:19|20)\d\d(?!\d))"),
        # a piece with a leading zero is no number of its own: `1 02,7%` is 102,7%, `1 05 tỷ` is 105 tỷ
        "lead_zero": regex.compile(r"(?<![\d.,])(\d{1,2}) (0\d{1,2}(?:,\d{1,2})?)(?![\d.,])(?= ?%| (?:" +
                                   _scale_words() + r")(?!\p{L}))"),
        # a decimal ",0" then one digit and %: `4,0 3%` is 4,03% (a bare 4,0 before a percentage means nothing)
        "decimal_zero": regex.compile(r"(?<![\d.,])(\d{1,3},0) (\d)(?= ?%)"),
        "zero": regex.compile(r"(?<![\d.,])(\d{1,3}) (0{1,3})(?= (?:" +
                              _scale_words() + r")(?!\p{L}))"),
    }


_SPLIT_GATE = regex.compile(r"\d(?: [\d.,/]|[,/] \d)")  # where any split pattern below can match
_SPLIT_MARGIN = 40


def _split_regions(text: str) -> list[tuple[int, int]]:
    """Stretches of text around each place a digit meets a space: the only places worth the dozen
    patterns of :func:`digits_split` (a split number never spans more than the margin)."""
    regions: list[list[int]] = []
    for m in _SPLIT_GATE.finditer(text):
        a, b = max(0, m.start() - _SPLIT_MARGIN), min(len(text), m.end() + _SPLIT_MARGIN)
        if regions and a <= regions[-1][1]:
            regions[-1][1] = b
        else:
            regions.append([a, b])
    return [(a, b) for a, b in regions]


def digits_split(text: str) -> Iterable[Proposal]:
    """Digits of one number that OCR split with a space; joined only into a well-formed number."""
    regions = _split_regions(text)
    return _digits_split_regions(text, regions) if regions else ()


def _digits_split_regions(text: str, regions: list[tuple[int, int]]) -> Iterator[Proposal]:
    for a, b in regions:
        yield from _digits_split_in(text, a, b)


def _digits_split_in(text: str, pos: int, endpos: int) -> Iterator[Proposal]:
    p = _split_patterns()
    for m in p["year"].finditer(text, pos, endpos):
        joined = m.group(1) + m.group(2)
        if len(joined) != 4 or not 1900 <= int(joined) <= 2100:
            continue
        before = text[max(0, m.start() - 16):m.start()].lower()
        word = next((w for w in p["year_words"] if before.endswith(w)), None)
        if word is None or (len(before) > len(word) and before[-len(word) - 1].isalpha()):
            continue  # a year word of its own right before the digits
        yield m.start(1), m.end(2), joined
    for m in p["group"].finditer(text, pos, endpos):
        if len(m.group(2)) + len(m.group(3)) == 3:
            before = text[max(0, m.start() - 6):m.start()].lower()
            if not before.rstrip().endswith(p["day_words"]):
                yield m.end(1), m.start(3), ""
    for m in p["dot"].finditer(text, pos, endpos):
        yield m.end(1), m.end(1) + 1, ""
    for m in p["comma_after"].finditer(text, pos, endpos):
        yield m.end(1) + 1, m.start(2), ""
        if m.end(2) < len(text) and text[m.end(2)] == " ":
            yield m.end(2), m.end(2) + 1, ""
    for m in p["comma_scale"].finditer(text, pos, endpos):
        yield m.end(1) + 1, m.start(2), ""
    for m in p["year_after_sep"].finditer(text, pos, endpos):
        yield m.end(1), m.start(2), ""
    for m in p["comma_before"].finditer(text, pos, endpos):
        yield m.end(1), m.end(1) + 1, ""
    for m in p["date"].finditer(text, pos, endpos):
        if " " in m.group() and 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12:
            yield m.start(), m.end(), f"{m.group(1)}/{m.group(2)}/{m.group(3)}"
    for m in p["date_day"].finditer(text, pos, endpos):
        if 10 <= int(m.group(1) + m.group(2)) <= 31:
            yield m.end(1), m.start(2), ""
    for m in p["date_year"].finditer(text, pos, endpos):
        yield m.end(2), m.start(3), ""
    for m in p["month"].finditer(text, pos, endpos):
        yield m.end(1), m.start(2), ""
    for m in p["zero"].finditer(text, pos, endpos):
        yield m.end(1), m.start(2), ""
    for name in ("lead_zero", "decimal_zero"):
        for m in p[name].finditer(text, pos, endpos):
            yield m.end(1), m.start(2), ""


@cache
def _scale_patterns() -> tuple[regex.Pattern, dict]:
    cfg = _cfg("scale.truncated")
    currency = _alternation(lexicon().units.currency_surfaces)  # the currencies' own list
    table = {**cfg["truncated"], **cfg["split"], **cfg["unmarked"]}
    pieces = _alternation(table)
    after = r"(?!(?<=\p{L})\p{L})(?= ?(?:" + currency + r")(?!\p{L}))"
    pattern = regex.compile(r"(?<=\d ?)(" + pieces + r")" + after)
    # searched before the pattern: the same anchored on the digit (a look-behind first is tried at
    # every character), one search per first letter of the pieces (a digit then that letter is found fast)
    firsts = sorted({piece[0] for piece in table})
    gates = tuple(regex.compile(r"\d ?(?:" + _alternation(k for k in table if k[0] == f) + r")" + after)
                  for f in firsts)
    return pattern, table, gates


@_gated(lambda text: any(gate.search(text) is not None for gate in _scale_patterns()[2]))
def scale_truncated(text: str) -> Iterator[Proposal]:
    """``80 t đồng`` → 80 tỷ đồng: a scale word cut short between a number and a currency."""
    pattern, table, _ = _scale_patterns()
    for m in pattern.finditer(text):
        out = table[m.group(1)]
        if out.endswith(" ") and m.end() < len(text) and text[m.end()] == " ":
            out = out.rstrip()
        yield m.start(1), m.end(1), out


# --- spacing and syllables --------------------------------------------------------------------

# a whole run of spaces, from its first space (possessive, tried once per run: linear, where
# " +(?=… *\))" was cubic on a long run of spaces)
_SPACE_BEFORE = regex.compile(r"(?<! ) ++(?=[,.;:](?:\s|$)|\))")
_SPACE_AFTER_BRACKET = regex.compile(r"\(( +)(?=\S)")
# a space right before , . ; : or ), or right after (: where either pattern above can match
_SPACE_GATE = (" ,", " .", " ;", " :", " )", "( ")


@_gated(lambda text: any(s in text for s in _SPACE_GATE))  # substring tests, far cheaper than a scan
def space_punct(text: str) -> Iterator[Proposal]:
    """``đồng .`` → ``đồng.``, ``( đạt`` → ``(đạt``."""
    for m in _SPACE_BEFORE.finditer(text):
        before = text[m.start() - 1] if m.start() > 0 else ""
        closing = text[m.end()] == ")"
        if (before.isalnum() or before in "%)") or (closing and before and not before.isspace()):
            yield m.start(), m.end(), ""
    for m in _SPACE_AFTER_BRACKET.finditer(text):
        yield m.start(1), m.end(1), ""


@cache
def _fragments() -> "re.Pattern":
    """A lone piece of 1-3 consonant letters (a bare onset) and the word after it (the standard
    library's engine: twice as fast as ``regex`` on this simple pattern, and the text is NFC here)."""
    consonants = "".join(sorted({c for onset in lexicon().syllables.onsets for c in onset}))
    # the word after the tail is looked at, not consumed: it may be the next broken piece ("t háng đ ầu");
    # the piece's first letter comes before the look-behind (that no letter or dot precedes it), so the
    # engine skips straight to a consonant instead of trying the look-behind at every character
    c = "[" + consonants + "]"
    return re.compile("(" + c + r"(?<![\w.]" + c + ")" + c + r"{0,2}) ([^\W\d_]+)(?=( )([^\W\d_]+))?")


@lru_cache(maxsize=1)  # the last text: both syllable rules read its pieces
def _fragment_pieces(text: str) -> tuple[tuple[int, int, int, str, str, str | None, int], ...]:
    """The matches of :func:`_fragments` in ``text`` as (start, end of piece, start of tail, piece,
    tail, next word, start of next word), scanned once for the two rules that read them."""
    return tuple((m.start(), m.end(1), m.start(2), m.group(1), m.group(2), m.group(4), m.start(4))
                 for m in _fragments().finditer(text))


def syllable_repeated(text: str) -> Iterable[Proposal]:
    """``p hát phát triển`` → ``phát triển``: a broken copy before the whole syllable."""
    pieces = _fragment_pieces(text)
    return _repeated_in(pieces) if pieces else ()


def _repeated_in(pieces: list) -> Iterator[Proposal]:
    for start, _, _, head, tail, nxt, nxt_start in pieces:
        if nxt and tail[0].islower() and is_onset(head) and (head + tail) == nxt and is_syllable(nxt):
            yield start, nxt_start, ""


def syllable_broken(text: str) -> Iterable[Proposal]:
    """``g iải`` → ``giải``: a bare onset split from the rest of its syllable."""
    pieces = _fragment_pieces(text)
    return _broken_in(pieces) if pieces else ()


def _broken_in(pieces: list) -> Iterator[Proposal]:
    for _, end, tail_start, head, tail, _, _ in pieces:
        if tail[0].islower() and is_onset(head) and is_syllable(head + tail) and not is_syllable(head):
            yield end, tail_start, ""


@cache
def _scales_group() -> str:
    """The scale words of numerals.toml as a case-blind group (a space inside a phrase kept as a space)."""
    return "(?i:" + _alternation(lexicon().numerals.scales.firsts).replace("\\ ", " ") + ")"


@cache
def _after_number() -> "re.Pattern":
    """A number, up to two scale words (``triệu``, ``nghìn tỷ``), then two short pieces of letters (the
    standard library's engine: several times faster here; the text is NFC)."""
    scales = _scales_group()
    return re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)* (?:" + scales + r" ){0,2}([^\W\d_]{1,5}) ([^\W\d_]{1,4})(?![^\W\d_])")


@cache
def _after_number_second() -> "re.Pattern":
    """A number, its scale words, the first word of a unit phrase, then two short pieces of letters."""
    scales = _scales_group()
    return re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)* (?:" + scales + r" ){0,2}([^\W\d_]{1,7}) ([^\W\d_]{1,5}) "
                      r"([^\W\d_]{1,4})(?![^\W\d_])")


@cache
def _unit_gates() -> tuple["re.Pattern", "re.Pattern", "re.Pattern"]:
    """Necessary conditions of the two scans below, searched once per text: a number, its scale
    words, then a unit word of the lexicon written in two pieces (``tấ n``), or the first word of a
    unit phrase and its second word in two pieces (``doanh nghiệ p``), case ignored; and either of
    the two, searched first. Every split of every word is listed (a trie, not an alternation), so a
    text without one is not scanned."""
    scales = _scales_group()
    number = r" (?<=\d )(?:" + scales + r" ){0,2}"  # anchored on the space after the number: spaces are found fast
    units = {w[:i] + " " + w[i:] for w in lexicon().units.words for i in range(1, len(w))}
    seconds = {f + " " + w[:i] + " " + w[i:] for f, w in lexicon().units.second_words for i in range(1, len(w))}
    return tuple(re.compile(number + "(?i:" + _trie(words) + r")(?![^\W\d_])")
                 for words in (units, seconds, units | seconds))


def _broken_second_word(text: str) -> Iterator[Proposal]:
    """``120 doanh nghiệ p``, ``500 lao độ ng``: the second word of a unit phrase broken in two."""
    pairs = lexicon().units.second_words
    for m in _after_number_second().finditer(text):
        first, head, tail = m.group(1).lower(), m.group(2).lower(), m.group(3)
        if tail.islower() and (first, head + tail) in pairs and (first, head) not in pairs:
            yield m.end(2), m.start(3), ""


@_gated(lambda text: _unit_gates()[2].search(text) is not None)
def syllable_unit(text: str) -> Iterator[Proposal]:
    """``9,262 triệu tấ n lúa`` → ``tấn``: a unit or currency word OCR broke in two right after a number
    (and its scale word), joined when the join is a unit word of the lexicons and the first piece
    starts none (``ngư ời`` → ``người``; ``5 ha lúa`` stays)."""
    units = lexicon().units.words
    tables = lexicon().units.after_number
    unit_gate, second_gate, _ = _unit_gates()
    if unit_gate.search(text) is not None:
        for m in _after_number().finditer(text):
            head, tail = m.group(1), m.group(2)
            if not tail.islower():
                continue
            joined = (head + tail).lower()
            if joined not in units or any(t.match_at([head.lower(), tail], 0) for t in tables):
                continue
            yield m.end(1), m.start(2), ""
    if second_gate.search(text) is not None:
        yield from _broken_second_word(text)


RULES = {
    "html.entity": html_entity,
    "unicode.nfc": unicode_nfc,
    "char.lookalike": char_lookalike,
    "glyph.legacy": glyph_legacy,
    "digits.letter": digits_letter,
    "digits.separator": digits_separator,
    "scale.truncated": scale_truncated,
    "digits.split": digits_split,
    "syllable.repeated": syllable_repeated,
    # a unit word broken after a number first: `300 ngâ n hàng` is `ngân hàng`, which syllable.broken
    # would have read as `ngâ nhàng`
    "syllable.unit": syllable_unit,
    "syllable.broken": syllable_broken,
    "space.punct": space_punct,
}

# rules that only normalise how characters are written (an entity, decomposed marks): an edit of theirs
# alone does not make a fact "repaired", and the restraint figure counts the other rules' edits
NORMALISING = frozenset({"html.entity", "unicode.nfc"})


def is_normalising(rule: str) -> bool:
    """Whether an edit's rule id (``a+b`` when edits merged) names normalising rules only.

    >>> is_normalising("unicode.nfc"), is_normalising("unicode.nfc+digits.split")
    (True, False)
    """
    return all(part in NORMALISING for part in rule.split("+"))
