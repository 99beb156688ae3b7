"""A seeded model of OCR damage, to measure the repair instead of hoping it works.

Test tooling: :func:`damage` takes clean Vietnamese report text and damages it the way OCR and
scraping do, one *family* of damage at a time, each at its own rate. A rate is the probability
that one eligible site of the family is damaged; a family touches only the sites it applies to
(found with regexes), so clean text around them stays byte for byte the same.

Families (see :func:`families` and :data:`ABOUT`):

``digit_split``   a space inside a number: ``năm 2023`` → ``năm 202 3``, ``25.500`` → ``25.5 00``,
                  ``5.819`` → ``5 .819``, ``0,88%`` → ``0, 88 %``, ``29/12/2023`` → ``29 / 12 /2023``.
                  Sites: digit runs of 4 or more digits (variant ``run``), dot-grouped numbers, decimal
                  commas, dates. (2-3 digit runs, ``8 0 tỷ``, are the ``short_split`` family, off by
                  default: no reader can always undo them.)
``separator``     a separator misread: ``29.576`` → ``29:576`` (or ``29.,576``), ``102,7%`` → ``102/7%``
                  or ``102;7%``, any other decimal comma → ``;``.
``digit_letter``  a letter for a digit inside a number (a digit on both sides): 0 → ``O``, 1 → ``l``.
``scale``         a scale word cut, split or stripped of its marks before a currency, with the forms
                  listed in ``patterns/ocr.toml`` (rule ``scale.truncated``: ``truncated``, ``split``,
                  ``unmarked``): ``tỷ đồng`` → ``t đồng`` / ``t ỷ đồng`` / ``t.đồng`` / ``ty đồng``,
                  ``triệu đồng`` → ``tr đồng`` / ``tri ệu đồng`` / ``trieu đồng``.
``syllable``      a syllable broken after (part of) its onset: ``giải`` → ``g iải``, ``phát`` → ``p hát``;
                  one break in five also keeps the whole syllable after it (``p hát phát``). Onsets
                  come from ``patterns/syllables.toml``.
``space_punct``   a space before ``, . ; :`` that end a word, or inside brackets: ``đồng.`` → ``đồng .``.
``nfd``           a word written decomposed (Unicode NFD).
``html_entity``   scraped-text entities: ``&`` → ``&amp;``, ``"`` → ``&quot;``, a space before a digit →
                  ``&nbsp;``.

The damage is a set of non-overlapping replacements of the clean text, chosen site by site:
each family draws from its own random stream (seeded by ``seed`` and the family name), so the
damage one family does does not change when another family's rate changes. Where two chosen
sites overlap, the family listed first keeps its site. :func:`damage_edits` returns the
replacements themselves, as :class:`extractor.model.Edit` records of the clean text (``rule`` is
``family:variant``), so a span of the clean text can be followed into the damaged one.

>>> damage("Năm 2023, giải quyết việc làm cho 29.576 lao động.", seed=7)
'Năm 2023, giải quyết việc làm cho 29.5 76 lao đ ộng .'
>>> damage("năm 2023", NoiseRates.only("digit_split", 1.0), seed=2)
'năm 202 3'
>>> damage("thu 80 tỷ đồng, chi 5 triệu đồng", NoiseRates.only("scale", 1.0), seed=2)
'thu 80 t đồng, chi 5 trieu đồng'
>>> damage("tăng 102,7%, 29.576 người", NoiseRates.only("separator", 1.0), seed=3)
'tăng 102/7%, 29:576 người'
>>> damage("năm 2023", NoiseRates.none())
'năm 2023'
"""
from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from functools import cache

import regex

from extractor import resources
from extractor.model import Edit, OffsetMap
from extractor.repair.syllables import is_syllable

__all__ = ["NoiseRates", "damage", "damage_edits", "families", "ABOUT"]


@dataclass(frozen=True)
class NoiseRates:
    """Probability that one eligible site of each family is damaged (0 = never, 1 = always)."""

    digit_split: float = 0.2
    separator: float = 0.15
    digit_letter: float = 0.1
    scale: float = 0.3
    syllable: float = 0.1
    space_punct: float = 0.2
    nfd: float = 0.1
    html_entity: float = 0.3
    # off by default: a 2-3 digit number split in two (``85 0 ha``) has two readings no repair can choose
    # between; set a rate to measure how much such damage costs
    short_split: float = 0.0

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
    "digit_split": "a space inside a number (202 3, 25.5 00, 5 .819, 0, 88 %, 29 / 12 /2023)",
    "separator": "a misread separator in a number (29:576, 102/7%, 47;3%, 1.,234)",
    "digit_letter": "a letter for a digit inside a number (2O23, l0l)",
    "scale": "a scale word cut or split before a currency (t đồng, t ỷ đồng, tr đồng)",
    "syllable": "a syllable broken after its onset (g iải, p hát, p hát phát)",
    "space_punct": "a space before punctuation or inside brackets (đồng ., ( đạt)",
    "nfd": "a word in decomposed Unicode (NFD)",
    "html_entity": "HTML entities left by scraping (&amp;, &quot;, &nbsp;)",
    "short_split": "a space inside a 2-3 digit number (85 0 ha, 11 8 xã): ambiguous, off by default",
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
        if any(s <= m.start() < e for s, e in dates):
            continue
        num = m.group()
        forms: list[tuple[str, str]] = []
        if _GROUPED.fullmatch(num):
            groups = num.split(",")[0]
            last = groups.rfind(".")
            # inside the last group: 25.500 -> 25.5 00 / 25.50 0
            forms += [("group", num[:last + 1 + k] + " " + num[last + 1 + k:]) for k in (1, 2)]
            # before a separator: 5.819 -> 5 .819
            forms += [("before_dot", num[:i] + " " + num[i:]) for i, c in enumerate(groups) if c == "."]
        elif _DECIMAL.fullmatch(num):
            comma = num.index(",")
            pct = _PERCENT_AFTER.match(text, m.end())
            if pct:  # 0,88% -> 0, 88 % / 0, 88% / 0 ,88%
                tail = text[m.end():pct.end()]
                yield (m.start(), pct.end(),
                       (("percent", num[:comma + 1] + " " + num[comma + 1:] + " %"),
                        ("percent", num[:comma + 1] + " " + num[comma + 1:] + tail),
                        ("percent", num[:comma] + " " + num[comma:] + tail)))
                continue
            forms += [("after_comma", num[:comma + 1] + " " + num[comma + 1:]),
                      ("before_comma", num[:comma] + " " + num[comma:])]
        elif num.isdigit() and len(num) >= 4:
            forms += [("run", num[:k] + " " + num[k:]) for k in range(1, len(num))]
        if forms:
            yield m.start(), m.end(), tuple(forms)


def _short_split_sites(text: str) -> Iterator[Site]:
    for m in _NUMBER.finditer(text):
        num = m.group()
        if num.isdigit() and 2 <= len(num) <= 3:
            yield m.start(), m.end(), tuple(("short_run", num[:k] + " " + num[k:]) for k in range(1, len(num)))


_THOUSANDS_DOT = regex.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")
_DECIMAL_COMMA = regex.compile(r"(?<=\d),(?=\d)")
_BEFORE_PERCENT = regex.compile(r"\d+ ?%")


def _separator_sites(text: str) -> Iterator[Site]:
    for m in _NUMBER.finditer(text):
        num = m.group()
        if _GROUPED.fullmatch(num):
            dots = [d for d in _THOUSANDS_DOT.finditer(num)]
            if dots:
                yield (m.start() + dots[0].start(), m.start() + dots[0].end(),
                       (("colon", ":"), ("colon", ":"), ("dot_comma", ".,")))
                continue
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


@cache
def _scale_table() -> tuple[regex.Pattern, dict]:
    """Scale word -> its damaged forms, inverted from the repair rule's own table."""
    cfg = resources.ocr_rules()["scale.truncated"]
    forms: dict[str, list[tuple[str, str]]] = {}
    for group in ("truncated", "split", "unmarked"):
        for damaged, whole in cfg.get(group, {}).items():
            forms.setdefault(whole, []).append((group, damaged))
    words = {w.rstrip() for w in forms}
    pattern = regex.compile(r"(?<=\d ?)(" + _alternation(words) + r")( ?)(?=(?:" + _alternation(cfg["currency_after"])
                            + r")(?![\p{L}\p{M}]))")
    return pattern, {w: tuple(v) for w, v in forms.items()}


def _scale_sites(text: str) -> Iterator[Site]:
    pattern, forms = _scale_table()
    for m in pattern.finditer(text):
        word, space = m.group(1), m.group(2)
        # a form that stands for "word " eats the space before the currency (t.đồng)
        options = [(group, f + space) for group, f in forms.get(word, ())]
        if space:  # a form that stands for "word " eats the space: t.đồng
            options += [(group + "_glued", f) for group, f in forms.get(word + " ", ())]
        if options:
            yield m.start(1), m.end(2), tuple(options)


# --- words --------------------------------------------------------------------------------------

_WORD = regex.compile(r"(?<![\p{L}\p{M}\d])[\p{L}\p{M}]+(?![\p{L}\p{M}\d])")


@cache
def _onsets() -> tuple[str, ...]:
    return tuple(sorted((o for o in resources.load("syllables")["onsets"] if o), key=len, reverse=True))


def _syllable_sites(text: str) -> Iterator[Site]:
    for m in _WORD.finditer(text):
        word = m.group()
        if len(word) < 2 or not is_syllable(word):
            continue
        low = word.lower()
        onset = next((o for o in _onsets() if low.startswith(o)), "")
        cuts = [k for k in range(1, len(onset) + 1) if k < len(word)]
        if not cuts:
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
    "separator": _separator_sites,
    "digit_letter": _digit_letter_sites,
    "scale": _scale_sites,
    "syllable": _syllable_sites,
    "space_punct": _space_punct_sites,
    "nfd": _nfd_sites,
    "html_entity": _html_entity_sites,
    "short_split": _short_split_sites,
}

# the order in which families claim sites: the more specific number damage first
_CLAIM_ORDER = ("scale", "digit_split", "short_split", "separator", "digit_letter", "html_entity", "space_punct",
                "syllable", "nfd")
assert set(_CLAIM_ORDER) == set(_SITES) == set(ABOUT)


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

    ``Edit.rule`` is ``family:variant`` (``digit_split:run``, ``separator:colon``, ``scale:cut``, ...).
    """
    rates = NoiseRates() if rates is None else rates
    chosen: list[Edit] = []
    taken: list[tuple[int, int]] = []
    for family in _CLAIM_ORDER:
        rate = getattr(rates, family)
        if rate <= 0.0:
            continue
        rng = random.Random(f"vnextract-noise/{seed}/{family}")
        for start, end, forms in _SITES[family](text):
            # draw for every site, chosen or not, so a site's fate does not depend on the ones before
            hit, pick = rng.random(), rng.randrange(len(forms))
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
