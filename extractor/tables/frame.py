"""What a table's surroundings say: the measure its title names, the time of its title or caption,
and the unit its caption states ("Đơn vị tính: %"), for the cells that name none themselves.

>>> f = read_frame("", "html", ("Chỉ số giá tiêu dùng các tháng năm 2018", "Đơn vị tính: %"), [])
>>> (f.measure, f.time, f.unit.unit)
('Chỉ số giá tiêu dùng', '2018', '%')
"""
from __future__ import annotations

from dataclasses import dataclass

from .labels import title_measure
from .times import has_year, times
from .units import Unit, caption_unit, is_unit_line


@dataclass(frozen=True, slots=True)
class Frame:
    """What the table's surroundings say: its title's measure, time and unit."""

    measure: str
    time: str
    unit: Unit | None


def read_frame(caption: str, origin: str, context: tuple[str, ...], header_texts: list[str],
               inner_title: str = "") -> Frame:
    """The title's measure, the caption's time and unit ("Đơn vị tính: %"). The title is the table's
    caption, a title row inside the grid, or the nearest short paragraph before it that does not
    introduce it ("… như sau:")."""
    lines = [p for p in reversed(context) if p and len(p) <= 400]
    if inner_title:
        lines = [inner_title] + lines
    if caption:  # a <caption> is the title; a sheet's name ("Sheet1") only when nothing else is
        lines = lines + [caption] if origin == "sheet" else [caption] + lines
    unit = None
    for line, leads_only in [(x, False) for x in lines] + [(x, True) for x in header_texts]:
        unit = caption_unit(line, leads_only)
        if unit is not None:
            break
    title = ""
    for line in lines:
        if is_unit_line(line) or not title_measure(line) or line.rstrip().endswith(":") or len(line) > 250:
            continue
        title = line
        break
    time = ""
    for line in ([title] if title else []) + lines:
        found = [d for d, _, _ in times(line) if has_year(d)]
        if found:
            time = found[0]
            break
    return Frame(title_measure(title) if title else "", time, unit)
