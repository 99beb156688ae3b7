"""Row labels and column headers as metrics: numbering and bullets removed, "Trong đó:" removed, a
unit in parentheses at the end removed (TABLES §6); the nesting level a label's marker or indent
gives; the measure a table's title names.

>>> clean_label("- Trong đó: Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ")
Label(text='Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ', rank=6, child=True, unit=None)
>>> clean_label("1. Lượt khách phục vụ (Lượt khách)").text
'Lượt khách phục vụ'
>>> clean_label("Dược sĩ (Kể cả tiến sĩ, thạc sĩ, chuyên khoa)").text
'Dược sĩ (Kể cả tiến sĩ, thạc sĩ, chuyên khoa)'
>>> title_measure("Chỉ số giá tiêu dùng các tháng trong năm")
'Chỉ số giá tiêu dùng'
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..lexicon import lexicon
from ..tokens import NUM, PUNCT, tokenize
from .times import times
from .units import Unit, split_label_unit

# numbering before a label: "I.", "II -", "1.", "1.2.", "2)", "a)", "b.", "A." and bullets "-", "+", "*", "•"
_MARKER = regex.compile(
    r"^\s*(?:(?P<roman>[IVXL]{1,5})\s*[.)/:-]|(?P<num>\d{1,3}(?:\.\d{1,3})*)\s*[.)/-]|(?P<upper>[A-Z])\s*[.)/]"
    r"|(?P<letter>[a-zđ])\s*[).]|(?P<bullet>[-+*•–—]))\s*(?=[^\W\d_])")
_RANK_BULLET = {"-": 6, "–": 6, "—": 6, "+": 7, "*": 8, "•": 8}


@dataclass(frozen=True, slots=True)
class Label:
    """A row label read: its text as a metric, the rank its marker gives (0 none, 1 roman, 2 upper
    letter, 3+ digits by depth, 5 lower letter, 6+ bullets), whether it opens with "Trong đó",
    and the unit its end names."""

    text: str
    rank: int = 0
    child: bool = False
    unit: Unit | None = None


def _marker(s: str) -> tuple[str, int]:
    m = _MARKER.match(s)
    if not m:
        return s, 0
    rest = s[m.end():]
    if m["roman"]:
        rank = 1
    elif m["upper"]:
        rank = 2
    elif m["num"]:
        rank = 2 + m["num"].count(".") + 1
    elif m["letter"]:
        if not rest[:1].isupper():  # "a) Thu nội địa", not "x trên …"
            return s, 0
        rank = 5
    else:
        rank = _RANK_BULLET[m["bullet"]]
    return rest, rank


def _children_prefix(s: str) -> tuple[str, bool]:
    tokens = tokenize(s)
    hit = lexicon().tables.children.match_at([t.low for t in tokens], 0)
    if not hit:
        return s, False
    k = hit[0]
    while k < len(tokens) and tokens[k].kind == PUNCT and tokens[k].text in ":,;-–":
        k += 1
    if k >= len(tokens):
        return "", True
    return s[tokens[k].start:], True


@lru_cache(maxsize=8192)
def clean_label(label: str) -> Label:
    """A row label as TABLES §6 writes its metric."""
    s = " ".join(label.split())
    s, rank = _marker(s)
    s, child = _children_prefix(s)
    s, unit = split_label_unit(s)
    s = s.strip().rstrip(":").strip()
    return Label(s, rank, child, unit)


def is_total(text: str) -> bool:
    """A "Tổng số" header or label."""
    tokens = tokenize(text)
    words = [t.low for t in tokens if t.kind != PUNCT]
    hit = lexicon().tables.totals.match_at(words, 0)
    return bool(hit) and hit[0] == len(words)


@lru_cache(maxsize=1024)
def title_measure(title: str) -> str:
    """What a table's title says it measures: the title before its first time or "phân theo"
    ("Chỉ số giá tiêu dùng các tháng trong năm" → "Chỉ số giá tiêu dùng")."""
    tab = lexicon().tables
    s = " ".join(title.split())
    tokens = tokenize(s)
    words = [t.low for t in tokens]
    start = 0
    hit = tab.title_numbering.match_at(words, 0)
    if hit:  # "Biểu 19:", "Bảng 3.2 -": skip the number and its punctuation
        start = hit[0]
        while start < len(tokens) and (tokens[start].kind in (NUM, PUNCT)):
            start += 1
    found = times(s)
    end = len(tokens)
    for date, i, _ in found:
        if i >= start:
            end = min(end, i)
            break
    time_words = lexicon().times
    for k in range(start, end):
        if tab.title_cut.match_at(words, k) or words[k] in time_words.month or words[k] in time_words.year \
                or words[k] in time_words.quarter:
            end = k
            break
    while end > start and (words[end - 1] in tab.title_trailing or tokens[end - 1].kind == PUNCT
                           or tab.title_cut.match_before(words, end)):
        end -= 1
    if end <= start:
        return ""
    return s[tokens[start].start:tokens[end - 1].end]
