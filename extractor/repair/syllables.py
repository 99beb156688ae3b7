"""Is a string one written Vietnamese syllable? (onset + rhyme + at most one tone mark)

>>> is_syllable("giải"), is_syllable("iải"), is_syllable("g"), is_syllable("phát")
(True, False, False, True)
>>> is_onset("ngh"), is_onset("tr"), is_onset("a")
(True, True, False)
"""
from __future__ import annotations

import unicodedata
from functools import cache

from ..lexicon import lexicon

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng
_STOP_TONES = {"\u0301", "\u0323"}


@cache
def _tables() -> tuple[frozenset, frozenset, tuple]:
    syl = lexicon().syllables
    return syl.onsets, syl.rhymes, syl.stop_finals


def _strip_tone(s: str) -> tuple[str, list[str]]:
    decomposed = unicodedata.normalize("NFD", s)
    tones = [c for c in decomposed if c in _TONES]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return base, tones


@cache
def is_syllable(word: str) -> bool:
    """True when ``word`` (any case) is a well-formed Vietnamese syllable."""
    base, tones = _strip_tone(word.lower())
    if len(tones) > 1 or not base:
        return False
    onsets, rhymes, stops = _tables()
    for cut in range(min(3, len(base)), -1, -1):
        onset, rhyme = base[:cut], base[cut:]
        if onset not in onsets:
            continue
        if onset == "gi" and (rhyme in rhymes or ("i" + rhyme) in rhymes or rhyme == ""):
            pass
        elif onset == "qu" and rhyme and rhyme[0] not in "uo" and rhyme in rhymes:
            pass
        elif onset == "q":
            continue
        elif rhyme not in rhymes:
            continue
        if tones and rhyme.endswith(stops) and tones[0] not in _STOP_TONES:
            continue
        return True
    return False


@cache
def is_onset(piece: str) -> bool:
    """True when ``piece`` is a bare onset (consonant letters only), such as ``g``, ``ph``, ``ngh``."""
    return piece.lower() in _tables()[0] and piece != "" and not is_syllable(piece)
