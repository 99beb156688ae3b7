"""What a value column's header says (TABLES §2-§6): its label, the measure it names, its time,
status, estimate mark, comparison basis and unit, read from its header path (levels top to bottom).

>>> c = read_column(("Năm 2023", "Quý I"))
>>> (c.time, c.status, c.label)
('2023-Q1', 'actual', 'Năm 2023 / Quý I')
>>> read_column(("Sản lượng", "Tổng số (tấn)")).metric
'Sản lượng'
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .labels import clean_label, is_total
from .policy import basis, ends_with_introducer, is_comparison, is_estimate, status_of, time_before_comparison
from .times import combine, has_year, is_time_only
from .units import Unit, header_unit, split_label_unit


@dataclass(frozen=True, slots=True)
class Column:
    """What a value column's header says."""

    path: tuple[str, ...]
    label: str
    metric: str
    time: str
    is_time: bool
    status: str
    estimate: bool
    basis: str | None
    comparison: bool
    unit: Unit | None


def column_metric(path: tuple[str, ...]) -> str:
    """The lowest header level that names a measure; a "Tổng số" under a group is the group's."""
    levels = [p for p in path if not is_time_only(p) and header_unit(p) is None and clean_label(p).text]
    if not levels:
        return ""
    low = clean_label(levels[-1]).text
    if is_total(low) and len(levels) > 1:
        return clean_label(levels[-2]).text
    return low


@lru_cache(maxsize=4096)
def read_column(path: tuple[str, ...]) -> Column:
    percent = any("%" in p for p in path)
    # "Tháng 12 năm 2023 so với" over "Cùng kỳ năm trước", "Kỳ gốc (2019)": the lower levels name the base
    dangling = next((i for i, level in enumerate(path[:-1]) if ends_with_introducer(level)), None)
    own = path if dangling is None else path[:dangling + 1]
    col_basis, comparison, unit = None, False, None
    if dangling is not None:
        col_basis, comparison = basis(" ".join(path[dangling:]), percent) or "", True
    for level in reversed(own if dangling is None else ()):
        b = basis(level, percent)
        if b is not None:
            col_basis, comparison = b, True
            break
    comparison = comparison or any(is_comparison(p) for p in path)
    for level in reversed(path):
        _, u = split_label_unit(level)
        u = u or header_unit(level)
        if u is not None:
            unit = u
            break
    time = ""
    for level in reversed(own):
        t = time_before_comparison(level)
        if t:
            time = combine(time, t) if time else t
            if has_year(time):
                break
    lowest = path[-1] if path else ""
    return Column(path, " / ".join(path), column_metric(path), time, bool(lowest) and is_time_only(lowest),
                  status_of(own), is_estimate(own), col_basis, comparison, unit)
