"""The file layer under the lexicon: finds ``patterns/``, loads a TOML file once, and the phrase
table every word list becomes.

The words themselves are built into one typed, checked record by :mod:`extractor.lexicon`; the
readers' data (publication stamps, legacy encodings) is loaded here. Phrase tables are keyed by
tuples of lower-cased tokens (as ``extractor.tokens`` splits them), so matching a phrase is one
dict lookup per candidate length.
"""
from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .tokens import tokenize


def _patterns_dir() -> Path:
    """patterns/ beside the package (a checkout or editable install), or where a wheel put it."""
    env = os.environ.get("VNEXTRACT_PATTERNS")
    if env:
        return Path(env)
    # the package's own file (this module may be compiled, and a compiled module's __file__ is not
    # where it lies)
    package = sys.modules[__name__.rpartition(".")[0]]
    here = Path(package.__file__ or ".").resolve().parent.parent / "patterns"
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
    Euro, EURO); a word listed capitalised also in capitals (``Anh``: ANH, for a heading set in
    capitals). A symbol's case is its meaning: ``m`` is never ``M``, ``MW`` never ``mw``, ``kW``
    never ``KW``."""
    if len(token) >= 2 and token.isalpha():
        if token.islower():
            return frozenset((token, token[0].upper() + token[1:], token.upper()))
        if token[0].isupper() and token[1:].islower():
            return frozenset((token, token.upper()))
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
    # case-sensitive tables only: lower-case key -> ((written token tuple, label), ...) (see label)
    cased: dict | None = None

    @classmethod
    def build(cls, pairs, source: str, case_sensitive: bool = False, unique: bool = True) -> "PhraseTable":
        """``pairs`` of (phrase, label). A phrase listed twice is refused (with ``unique``: even with the
        same label; in a case-sensitive table, also a form the case policy already reads, such as
        ``Đồng`` beside ``đồng``). ``unique=False`` is for a table merged from other lists.

        In a case-sensitive table two spellings that differ only in case are two entries, each with
        its label (``MW`` megawatt, ``mW`` milliwatt); ``entries`` then holds the first one listed."""
        entries: dict = {}
        cased: dict = {}
        for phrase, label in pairs:
            key = phrase_key(phrase)
            if not key:
                raise PatternError(f"{source}: empty phrase")
            written = tuple(t.text for t in tokenize(phrase))
            if case_sensitive and key in entries:
                if any(all(w in case_forms(t) for w, t in zip(written, listed)) or
                       all(t in case_forms(w) for w, t in zip(written, listed)) for listed, _ in cased[key]):
                    if unique or any(lab != label for listed, lab in cased[key] if listed == written):
                        raise PatternError(f"{source}: {phrase!r} listed twice (or as a case form the case "
                                           "policy reads anyway)")
                    continue
                cased[key].append((written, label))
                continue
            if key in entries and entries[key] != label:
                raise PatternError(f"{source}: {phrase!r} listed as {entries[key]!r} and {label!r}")
            if unique and key in entries:
                raise PatternError(f"{source}: {phrase!r} listed twice (case aside)")
            entries[key] = label
            if case_sensitive:
                cased[key] = [(written, label)]
        firsts: dict = {}
        lasts: dict = {}
        for key in entries:
            firsts[key[0]] = max(firsts.get(key[0], 0), len(key))
            lasts[key[-1]] = max(lasts.get(key[-1], 0), len(key))
        return cls(entries, max((len(k) for k in entries), default=0), firsts, lasts,
                   {k: tuple(v) for k, v in cased.items()} if case_sensitive else None)

    def label(self, key: tuple, texts: list[str] | None, i: int):
        """The label of ``key`` as written at ``texts[i:]``: a case-sensitive table accepts each token
        only as listed (see :func:`case_forms`) and tells ``MW`` from ``mW``; a case-blind table, or a
        caller without the written tokens, takes the entry whatever its case."""
        if self.cased is None or texts is None:
            return self.entries.get(key)
        listed = self.cased.get(key)
        if listed is None:
            return None
        written = texts[i:i + len(key)]
        for form, label in listed:
            if all(w in case_forms(t) for w, t in zip(written, form)):
                return label
        return None

    def match_at(self, words: list[str], i: int, texts: list[str] | None = None) -> tuple[int, Any] | None:
        """Longest phrase starting at ``words[i]``: (number of tokens, label). ``texts`` are the tokens
        as written, for a case-sensitive table."""
        if i >= len(words):
            return None
        longest = self.firsts.get(words[i])
        if longest is None:
            return None
        top = min(longest, len(words) - i)
        if self.cased is None or texts is None:  # the common case, without a call per candidate
            entries = self.entries
            if top == 1:
                label = entries.get((words[i],))
                return None if label is None else (1, label)
            for n in range(top, 0, -1):
                label = entries.get(tuple(words[i:i + n]))
                if label is not None:
                    return n, label
            return None
        for n in range(top, 0, -1):
            label = self.label(tuple(words[i:i + n]), texts, i)
            if label is not None:
                return n, label
        return None

    def match_before(self, words: list[str], end: int, texts: list[str] | None = None) -> tuple[int, Any] | None:
        """Longest phrase ending right before ``words[end]``: (number of tokens, label)."""
        if end <= 0:
            return None
        longest = self.lasts.get(words[end - 1])
        if longest is None:
            return None
        top = min(longest, end)
        if self.cased is None or texts is None:
            entries = self.entries
            if top == 1:
                label = entries.get((words[end - 1],))
                return None if label is None else (1, label)
            for n in range(top, 0, -1):
                label = entries.get(tuple(words[end - n:end]))
                if label is not None:
                    return n, label
            return None
        for n in range(top, 0, -1):
            label = self.label(tuple(words[end - n:end]), texts, end - n)
            if label is not None:
                return n, label
        return None



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

