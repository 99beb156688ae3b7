"""A seeded model of OCR damage, to measure the repair instead of hoping it works.

Test tooling: :func:`damage` takes clean Vietnamese report text and damages it the way OCR and
scraping do, one *family* of damage at a time, each at its own rate. A rate is the probability
that one eligible site of the family is damaged; a family touches only the sites it applies to
(found with regexes), so clean text around them stays byte for byte the same.

The model describes the damage, not the repair: it reads nothing of the repair's rules
(``patterns/ocr.toml``). Its damaged forms of scale and currency words are its own table
(:data:`SCALE_DAMAGE`, :data:`CURRENCY_DAMAGE`), which lists forms the repair undoes and forms it
does not; the currencies come from the extractor's lexicon (``lexicon().units.currency_surfaces``). The
default rates (:class:`NoiseRates`) switch every family on, the damage no repair can always undo
included (``short_split``, ``digit_swap``), so a figure measured at them counts that damage as lost.

Families (see :func:`families` and :data:`ABOUT`):

``digit_split``   a space inside a number: ``năm 2023`` → ``năm 202 3``, ``25.500`` → ``25.5 00``,
                  ``5.819`` → ``5 .819``, ``0,88%`` → ``0, 88 %``, ``29/12/2023`` → ``29 / 12 /2023``.
                  Sites: digit runs of 4 or more digits (variant ``run``), dot-grouped numbers, decimal
                  commas (also in a grouped number: ``7.952, 4``), dates (a date is one site, its
                  numbers are not sites again). Numbers written otherwise (``2.5``) are no site.
``short_split``   a space inside a 2-3 digit number: ``85 0 ha``, ``11 8 xã``. Two readings (850 or 85 and
                  0), so no repair can always undo it.
``digit_swap``    one digit read as another (:data:`DIGIT_CONFUSIONS`: 3/8, 5/6, 6/8, 1/7, 0/8):
                  ``2023`` → ``2028``. Unrecoverable by definition: the value changed, the fact is lost.
                  Site: every number with a confusable digit (2, 4, 9 have none).
``separator``     a separator misread: ``29.576`` → ``29:576`` (or ``29.,576``), ``102,7%`` → ``102/7%``
                  or ``102;7%``, any other decimal comma → ``;``. Every thousands dot and every decimal
                  comma is a site.
``digit_letter``  a letter for a digit inside a number (a digit on both sides): 0 → ``O``, 1 → ``l``.
``scale``         a scale word (tỷ, tỉ, triệu, nghìn, ngàn) between a number and a currency, damaged
                  into a form of :data:`SCALE_DAMAGE`: cut (``t đồng``, ``tr.đồng``), split (``t ỷ``,
                  ``triệ u``), marks lost (``ty``, ``trieu``), a wrong mark (``tỵ``, ``triều``), in the
                  case of the word (``Tỷ`` → ``Ty``).
``scale_other``   the same damage of a scale word after a number with no currency after it
                  (``5 trieu người``, ``80 tỵ.``); the repair does not claim these.
``currency``      a currency word after a number or scale word damaged (:data:`CURRENCY_DAMAGE`):
                  ``đ ồng``, ``dong``, ``đông``, ``dồng``, ``Ðồng`` (eth for Đ), ``U SD``, ``USO``.
``syllable``      a syllable broken after (part of) its onset: ``giải`` → ``g iải``, ``phát`` → ``p hát``;
                  one break in five also keeps the whole syllable after it (``p hát phát``). Onsets
                  come from ``patterns/syllables.toml``; a one-letter word, a word that is no
                  Vietnamese syllable (``GRDP``) and a syllable with no onset (``ăn``) are no site.
``space_punct``   a space before ``, . ; :`` that end a word, or inside brackets: ``đồng.`` → ``đồng .``.
``nfd``           a word written decomposed (Unicode NFD).
``html_entity``   scraped-text entities: ``&`` → ``&amp;``, ``"`` → ``&quot;``, a space before a digit →
                  ``&nbsp;``.

The damage is a set of non-overlapping replacements of the clean text, chosen site by site:
each family draws from its own random stream (seeded by ``seed``, the family name and the text), so the
damage one family does does not change when another family's rate changes. Where two chosen
sites overlap, the family that claims first (``_CLAIM_ORDER``: unit words, then digit swaps, then
the other number damage) keeps its site, and the other family leaves it. :func:`damage_edits`
returns the replacements themselves, as :class:`extractor.model.Edit` records of the clean text
(``rule`` is ``family:variant``), so a span of the clean text can be followed into the damaged one.

>>> damage("Năm 2023, giải quyết việc làm cho 29.576 lao động.", seed=3)
'Năm 2O23, giải q uyết việc làm cho 29.576 lao động.'
>>> damage("năm 2023", NoiseRates.only("digit_split", 1.0), seed=1)
'năm 202 3'
>>> damage("thu 80 tỷ đồng, chi 5 triệu đồng", NoiseRates.only("scale", 1.0), seed=0)
'thu 80 tỵ đồng, chi 5 triệ u đồng'
>>> damage("tăng 102,7%, 29.576 người", NoiseRates.only("separator", 1.0), seed=1)
'tăng 102/7%, 29:576 người'
>>> damage("thu 85 tỷ đồng", NoiseRates.only("digit_swap", 1.0), seed=2)
'thu 86 tỷ đồng'
>>> damage("năm 2023", NoiseRates.none())
'năm 2023'
"""
from __future__ import annotations

import math
import random
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from functools import cache

import regex

from extractor.lexicon import lexicon
from extractor.model import Edit, OffsetMap
from extractor.repair.syllables import is_syllable

__all__ = ["NoiseRates", "damage", "damage_edits", "families", "ABOUT"]


@dataclass(frozen=True)
class NoiseRates:
    """Probability that one eligible site of each family is damaged (0 = never, 1 = always).

    The defaults are the headline configuration of ``benchmarks/eval_repair.py``: every family is on,
    those no repair can always undo (``short_split``, ``digit_swap``) included.
    """

    digit_split: float = 0.2
    # a 2-3 digit number split in two (``85 0 ha``) has two readings no repair can choose between; 0.1 a
    # number is about the rate of digit_split per gap between two digits (0.2 over the 3 gaps of a year)
    short_split: float = 0.1
    # a digit read as another (8 -> 3, 5 -> 6): the value changes, so the fact is lost by definition;
    # 0.02 a number, about one digit in a hundred on a fair scan
    digit_swap: float = 0.02
    separator: float = 0.15
    digit_letter: float = 0.1
    scale: float = 0.3
    scale_other: float = 0.3
    currency: float = 0.1
    syllable: float = 0.1
    space_punct: float = 0.2
    nfd: float = 0.1
    html_entity: float = 0.3

    def __post_init__(self):
        for f in fields(self):
            rate = getattr(self, f.name)
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"rate of {f.name} must be in [0, 1], not {rate!r}")

    @classmethod
    def none(cls) -> "NoiseRates":
        """Every rate 0: :func:`damage` returns the text unchanged."""
        return cls(**{f.name: 0.0 for f in fields(cls)})

    @classmethod
    def only(cls, family: str, rate: float | None = None) -> "NoiseRates":
        """Only ``family`` damages, at ``rate`` (default: its default rate)."""
        if family not in families():
            raise ValueError(f"unknown noise family {family!r}; known: {', '.join(families())}")
        chosen = getattr(cls(), family) if rate is None else rate
        return replace(cls.none(), **{family: chosen})

    def scaled(self, factor: float) -> "NoiseRates":
        """Every rate times ``factor`` (capped at 1)."""
        return NoiseRates(**{f.name: min(1.0, getattr(self, f.name) * factor) for f in fields(self)})


ABOUT = {
    "digit_split": "a space inside a number of 4+ digits or with separators (202 3, 25.5 00, 5 .819, 0, 88 %)",
    "short_split": "a space inside a 2-3 digit number (85 0 ha, 11 8 xã): two readings, no repair can choose",
    "digit_swap": "a digit read as another (2023 -> 2028, 5,6% -> 6,6%): the value changes, lost by definition",
    "separator": "a misread separator in a number (29:576, 102/7%, 47;3%, 1.,234)",
    "digit_letter": "a letter for a digit inside a number (2O23, l0l)",
    "scale": "a scale word damaged before a currency (t đồng, t ỷ đồng, tỵ đồng, triệ u đồng, t.đồng)",
    "scale_other": "a scale word damaged after a number, no currency after it (5 trieu người, 80 tỵ)",
    "currency": "a currency word damaged after a number or scale word (đ ồng, dong, đông, Ðồng, USO)",
    "syllable": "a syllable broken after its onset (g iải, p hát, p hát phát)",
    "space_punct": "a space before punctuation or inside brackets (đồng ., ( đạt)",
    "nfd": "a word in decomposed Unicode (NFD)",
    "html_entity": "HTML entities left by scraping (&amp;, &quot;, &nbsp;)",
}


def families() -> tuple[str, ...]:
    """The noise families, in the order they claim sites (see :data:`ABOUT`)."""
    return tuple(f.name for f in fields(NoiseRates))


# A site: (start, end, the damaged forms to choose from as (variant, form) pairs). Each family lists
# its sites in the clean text; the variant names the kind of damage (``Edit.rule`` = family:variant).
Site = tuple[int, int, tuple[tuple[str, str], ...]]

# --- numbers ------------------------------------------------------------------------------------

_NUMBER = regex.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*")
_GROUPED = regex.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_DECIMAL = regex.compile(r"\d+,\d+")
_DATE = regex.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?!\d)")
_PERCENT_AFTER = regex.compile(r" ?%")


def _digit_split_sites(text: str) -> Iterator[Site]:
    dates = []
    for m in _DATE.finditer(text):
        d, mo, y = m.groups()
        dates.append((m.start(), m.end()))
        yield m.start(), m.end(), tuple(("date", f) for f in (f"{d} / {mo} /{y}", f"{d}/ {mo}/{y}", f"{d} /{mo} / {y}"))
    for m in _NUMBER.finditer(text):
        # the numbers of a date are damaged as the date site above (one site, not three)
        if any(s <= m.start() < e for s, e in dates):
            continue
        num = m.group()
        end, tail = m.end(), ""
        forms: list[tuple[str, str]] = []
        comma = num.find(",") if (_GROUPED.fullmatch(num) or _DECIMAL.fullmatch(num)) else -1
        if comma >= 0:
            pct = _PERCENT_AFTER.match(text, m.end())
            if pct:  # 0,88% -> 0, 88 % / 0, 88% / 0 ,88%
                end, tail = pct.end(), text[m.end():pct.end()]
                forms += [("percent", num[:comma + 1] + " " + num[comma + 1:] + " %"),
                          ("percent", num[:comma + 1] + " " + num[comma + 1:] + tail),
                          ("percent", num[:comma] + " " + num[comma:] + tail)]
            else:
                forms += [("after_comma", num[:comma + 1] + " " + num[comma + 1:]),
                          ("before_comma", num[:comma] + " " + num[comma:])]
        if _GROUPED.fullmatch(num):
            groups = num.split(",")[0]
            last = groups.rfind(".")
            # inside the last group: 25.500 -> 25.5 00 / 25.50 0
            forms += [("group", num[:last + 1 + k] + " " + num[last + 1 + k:] + tail) for k in (1, 2)]
            # before a separator: 5.819 -> 5 .819
            forms += [("before_dot", num[:i] + " " + num[i:] + tail) for i, c in enumerate(groups) if c == "."]
        elif num.isdigit() and len(num) >= 4:
            forms += [("run", num[:k] + " " + num[k:]) for k in range(1, len(num))]
        # no forms: a digit run of 1-3 digits (2-3 digits are the short_split family), or a number written
        # otherwise (2.5, 1.2.3): this family has no damage for it
        if forms:
            yield m.start(), end, tuple(forms)


def _short_split_sites(text: str) -> Iterator[Site]:
    for m in _NUMBER.finditer(text):
        num = m.group()
        if num.isdigit() and 2 <= len(num) <= 3:
            yield m.start(), m.end(), tuple(("short_run", num[:k] + " " + num[k:]) for k in range(1, len(num)))


# digits OCR reads as other digits (pairs of similar shape: 3/8, 5/6, 6/8, 1/7, 0/8); a digit without
# an entry (2, 4, 9) is not a site of the family
DIGIT_CONFUSIONS = {"0": "8", "1": "7", "3": "8", "5": "6", "6": "58", "7": "1", "8": "360"}


def _digit_swap_sites(text: str) -> Iterator[Site]:
    """Every number with a confusable digit; its forms swap one digit (``2023`` -> ``2028``, ``2823``)."""
    for m in _NUMBER.finditer(text):
        num = m.group()
        forms = tuple((f"{c}_as_{r}", num[:i] + r + num[i + 1:])
                      for i, c in enumerate(num) for r in DIGIT_CONFUSIONS.get(c, ""))
        if forms:
            yield m.start(), m.end(), forms


_THOUSANDS_DOT = regex.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")
_DECIMAL_COMMA = regex.compile(r"(?<=\d),(?=\d)")
_BEFORE_PERCENT = regex.compile(r"\d+ ?%")


def _separator_sites(text: str) -> Iterator[Site]:
    """Every thousands dot of a grouped number and every decimal comma is a site of its own."""
    for m in _NUMBER.finditer(text):
        num = m.group()
        if _GROUPED.fullmatch(num):
            for d in _THOUSANDS_DOT.finditer(num):
                yield (m.start() + d.start(), m.start() + d.end(),
                       (("colon", ":"), ("colon", ":"), ("dot_comma", ".,")))
        for c in _DECIMAL_COMMA.finditer(num):
            at = m.start() + c.start()
            if _BEFORE_PERCENT.match(text, at + 1):
                yield at, at + 1, (("slash_percent", "/"), ("semicolon_percent", ";"))
            else:
                yield at, at + 1, (("semicolon", ";"),)


_INNER_01 = regex.compile(r"(?<=\d[.,]?)[01](?=[.,]?\d)")
_LETTER_FOR = {"0": (("O_for_0", "O"),), "1": (("l_for_1", "l"),)}


def _digit_letter_sites(text: str) -> Iterator[Site]:
    for m in _INNER_01.finditer(text):
        yield m.start(), m.end(), _LETTER_FOR[m.group()]


def _alternation(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


# --- scale and currency words: the noise model's own table of damage ----------------------------
#
# How OCR and careless re-typing damage the scale words and the currency words after a number: the
# kinds of damage met in scanned and scraped Vietnamese reports, each spelled out for each word, NOT
# taken from the repair's table. The repair (patterns/ocr.toml) lists the forms it undoes; the forms
# below that it does not list (tỳ, tỵ, triệ u, triều, nghín, ...) are kept on purpose. Variant classes:
#   cut         the word cut after its first letter(s): t, tr, tr. ("_glued": the cut form eats the
#               space before the currency, t.đồng)
#   split       a space inside the word, anywhere: t ỷ, tri ệu, triệ u, ngh ìn
#   unmarked    every tone and vowel mark lost: ty, trieu, nghin
#   wrong_mark  one mark lost or misread: tý, tỳ, tỵ, triêu, triẹu, triều, nghín
#   stroke      the bar of đ lost (dồng), lookalike: a letter for one that looks like it (Ð for Đ, O for D)
# Each class has the same share of a site's damage and the forms of a class share it equally, so how
# many forms a class lists does not weigh the measure. Lower-case words are the table; a capitalised
# or upper-case word is damaged into the same forms in its own case (Tỷ -> T, Ty; TRIỆU -> TRIEU).
SCALE_DAMAGE: dict[str, tuple[tuple[str, str], ...]] = {
    "tỷ": (("cut", "t"), ("cut", "t."), ("cut_glued", "t."),
           ("split", "t ỷ"),
           ("unmarked", "ty"),
           ("wrong_mark", "tý"), ("wrong_mark", "tỳ"), ("wrong_mark", "tỵ"), ("wrong_mark", "tỹ")),
    "tỉ": (("cut", "t"),
           ("split", "t ỉ"),
           ("unmarked", "ti"),
           ("wrong_mark", "tì"), ("wrong_mark", "tí"), ("wrong_mark", "tị")),
    "triệu": (("cut", "tr"), ("cut", "tr."), ("cut_glued", "tr."),
              ("split", "tri ệu"), ("split", "triệ u"), ("split", "tr iệu"),
              ("unmarked", "trieu"),
              ("wrong_mark", "triêu"), ("wrong_mark", "triẹu"), ("wrong_mark", "triều"), ("wrong_mark", "triếu")),
    "nghìn": (("split", "ngh ìn"), ("split", "ng hìn"),
              ("unmarked", "nghin"),
              ("wrong_mark", "nghín"), ("wrong_mark", "nghỉn")),
    "ngàn": (("split", "ng àn"),
             ("unmarked", "ngan"),
             ("wrong_mark", "ngán"), ("wrong_mark", "ngạn")),
}
CURRENCY_DAMAGE: dict[str, tuple[tuple[str, str], ...]] = {
    "đồng": (("split", "đ ồng"), ("split", "đồ ng"),
             ("unmarked", "dong"),
             ("wrong_mark", "đông"), ("wrong_mark", "đòng"), ("wrong_mark", "đổng"),
             ("stroke", "dồng")),
    "đ": (("stroke", "d"),),
    "vnđ": (("stroke", "vnd"),),
    "usd": (("split", "u sd"), ("split", "us d"), ("lookalike", "uso")),
}
# a word with a capital Đ also has the lookalike Ð (U+00D0, Icelandic eth): Đồng -> Ðồng, VNĐ -> VNÐ
_ETH = "\u00d0"


def _cased(form: str, word: str) -> str:
    """``form`` (lower case) in the case of ``word``: ``ty`` for ``Tỷ`` is ``Ty``, for ``TỶ`` is ``TY``."""
    if len(word) > 1 and word.isupper():
        return form.upper()
    if word[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _even(options: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """``options`` repeated so that each variant class (``cut``, ``split``, ... : the variant up to its
    first ``_``) has the same share of the draws, shared equally by its forms."""
    by_class: dict[str, list[tuple[str, str]]] = {}
    for variant, form in options:
        by_class.setdefault(variant.split("_")[0], []).append((variant, form))
    common = math.lcm(*(len(v) for v in by_class.values())) if by_class else 1
    return tuple(o for group in by_class.values() for o in group for _ in range(common // len(group)))


def _case_variants(word: str) -> set[str]:
    return {word, word[:1].upper() + word[1:], word.upper()}


@cache
def _scale_pattern() -> regex.Pattern:
    """A scale word of :data:`SCALE_DAMAGE` after a number (``80 tỷ``, ``1,5 nghìn tỷ``), with the
    space and the currency after it when one follows (the currencies of the extractor's lexicon)."""
    scales = _alternation({v for w in SCALE_DAMAGE for v in _case_variants(w)})
    currency = _alternation(lexicon().units.currency_surfaces)
    return regex.compile(r"(?<=\d ?|\d ?(?:" + scales + r") )(" + scales + r")(?![\p{L}\p{M}])"
                         r"(?:( ?)(?=(?:" + currency + r")(?![\p{L}\p{M}])))?")


def _scale_forms(word: str, space: str | None) -> tuple[tuple[str, str], ...]:
    options = []
    for variant, form in SCALE_DAMAGE[word.lower()]:
        if variant.endswith("_glued"):
            if space:  # the cut form eats the space before the currency: t.đồng
                options.append((variant, _cased(form, word)))
        else:
            options.append((variant, _cased(form, word) + (space or "")))
    return _even(options)


def _scale_sites(text: str) -> Iterator[Site]:
    """Scale words between a number and a currency (``80 tỷ đồng``, ``5 triệu USD``)."""
    for m in _scale_pattern().finditer(text):
        if m.group(2) is not None:
            yield m.start(1), m.end(2), _scale_forms(m.group(1), m.group(2))


def _scale_other_sites(text: str) -> Iterator[Site]:
    """Scale words after a number with no currency after them (``5 triệu người``, ``80 tỷ.``)."""
    for m in _scale_pattern().finditer(text):
        if m.group(2) is None:
            yield m.start(1), m.end(1), _scale_forms(m.group(1), None)


@cache
def _currency_pattern() -> regex.Pattern:
    """A currency word of :data:`CURRENCY_DAMAGE` (in the spellings the extractor's lexicon accepts)
    after a number or after a scale word."""
    damaged = [s for s in lexicon().units.currency_surfaces if s.lower() in CURRENCY_DAMAGE]
    scales = _alternation({v for w in SCALE_DAMAGE for v in _case_variants(w)})
    return regex.compile(r"(?<=\d ?|(?<![\p{L}\p{M}])(?:" + scales + r") )(" + _alternation(damaged)
                         + r")(?![\p{L}\p{M}])")


def _currency_sites(text: str) -> Iterator[Site]:
    for m in _currency_pattern().finditer(text):
        word = m.group(1)
        options = [(variant, _cased(form, word)) for variant, form in CURRENCY_DAMAGE[word.lower()]]
        if "Đ" in word:
            options.append(("lookalike", word.replace("Đ", _ETH)))
        yield m.start(1), m.end(1), _even(options)


# --- words --------------------------------------------------------------------------------------

_WORD = regex.compile(r"(?<![\p{L}\p{M}\d])[\p{L}\p{M}]+(?![\p{L}\p{M}\d])")


@cache
def _onsets() -> tuple[str, ...]:
    return tuple(sorted((o for o in lexicon().syllables.onsets if o), key=len, reverse=True))


def _syllable_sites(text: str) -> Iterator[Site]:
    for m in _WORD.finditer(text):
        word = m.group()
        if len(word) < 2 or not is_syllable(word):  # a letter alone, or no Vietnamese syllable (Covid, GRDP)
            continue
        low = word.lower()
        onset = next((o for o in _onsets() if low.startswith(o)), "")
        cuts = [k for k in range(1, len(onset) + 1) if k < len(word)]
        if not cuts:  # no onset to break after (ăn, ở)
            continue
        broken = tuple(word[:k] + " " + word[k:] for k in cuts)
        # one break in five keeps the whole syllable after the broken copy: "p hát phát"
        yield (m.start(), m.end(),
               tuple(("broken", b) for b in broken) * 4 + tuple(("repeated", b + " " + word) for b in broken))


_SPACE_BEFORE = regex.compile(r"(?<=[\p{L}\p{M}\d%)])(?=[,.;:](?:\s|$))|(?<=\()(?=\S)|(?<=[^\s(])(?=\))")


def _space_punct_sites(text: str) -> Iterator[Site]:
    for m in _SPACE_BEFORE.finditer(text):
        yield m.start(), m.start(), (("space", " "),)


def _nfd_sites(text: str) -> Iterator[Site]:
    for m in _WORD.finditer(text):
        out = unicodedata.normalize("NFD", m.group())
        if out != m.group():
            yield m.start(), m.end(), (("nfd", out),)


_ENTITY_SITE = regex.compile(r'[&"]| (?=\d)')
_ENTITY_FOR = {"&": (("amp", "&amp;"),), '"': (("quot", "&quot;"),), " ": (("nbsp", "&nbsp;"),)}


def _html_entity_sites(text: str) -> Iterator[Site]:
    for m in _ENTITY_SITE.finditer(text):
        yield m.start(), m.end(), _ENTITY_FOR[m.group()]


_SITES: dict[str, Callable[[str], Iterator[Site]]] = {
    "digit_split": _digit_split_sites,
    "short_split": _short_split_sites,
    "digit_swap": _digit_swap_sites,
    "separator": _separator_sites,
    "digit_letter": _digit_letter_sites,
    "scale": _scale_sites,
    "scale_other": _scale_other_sites,
    "currency": _currency_sites,
    "syllable": _syllable_sites,
    "space_punct": _space_punct_sites,
    "nfd": _nfd_sites,
    "html_entity": _html_entity_sites,
}

# the order in which families claim sites: words of a unit first, then the number damage, the most
# specific first (a digit swap before a split of the same number)
_CLAIM_ORDER = ("scale", "scale_other", "currency", "digit_swap", "digit_split", "short_split", "separator",
                "digit_letter", "html_entity", "space_punct", "syllable", "nfd")
assert set(_CLAIM_ORDER) == set(_SITES) == set(ABOUT) == set(f.name for f in fields(NoiseRates))


def _overlaps(a: int, b: int, taken: list[tuple[int, int]]) -> bool:
    for s, e in taken:
        if a == b and s == e:  # two insertions at one place
            if a == s:
                return True
        elif a == b:
            if s < a < e:
                return True
        elif s == e:
            if a < s < b:
                return True
        elif a < e and s < b:
            return True
    return False


def damage_edits(text: str, rates: NoiseRates | None = None, seed: int = 0) -> list[Edit]:
    """The replacements :func:`damage` makes, as edits of ``text``, in text order.

    ``Edit.rule`` is ``family:variant`` (``digit_split:run``, ``separator:colon``, ``scale:cut``,
    ``digit_swap:8_as_3``, ...).
    """
    rates = NoiseRates() if rates is None else rates
    chosen: list[Edit] = []
    taken: list[tuple[int, int]] = []
    for family in _CLAIM_ORDER:
        rate = getattr(rates, family)
        if rate <= 0.0:
            continue
        # the stream is seeded by the text too: with the seed and the family alone, the k-th site of
        # every document got the same draw, so a corpus of many short texts had as many draws as seeds
        rng = random.Random(f"vnextract-noise/{seed}/{family}/{text}")
        for start, end, forms in _SITES[family](text):
            # draw for every site, chosen or not, so a site's fate does not depend on the ones before
            hit, pick = rng.random(), rng.randrange(len(forms))
            # a site another family claimed first is left to it (see _CLAIM_ORDER)
            if hit >= rate or _overlaps(start, end, taken):
                continue
            before = text[start:end]
            variant, form = forms[pick]
            if form != before:
                chosen.append(Edit(start, end, before, form, f"{family}:{variant}"))
                taken.append((start, end))
    return sorted(chosen, key=lambda e: (e.start, e.end))


def damage(text: str, rates: NoiseRates | None = None, seed: int = 0) -> str:
    """``text`` with OCR-like damage; the same ``text``, ``rates`` and ``seed`` give the same result.

    ``rates`` defaults to :class:`NoiseRates` () (every family at its default rate).
    """
    return OffsetMap.from_edits(damage_edits(text, rates, seed)).apply(text)
