"""A small bar chart of facts per period as inline SVG, drawn here (no plotting library at view time)."""
from __future__ import annotations

from html import escape

BAR_W, GAP, HEIGHT, LABEL_H = 28, 6, 90, 18


def facts_per_period(periods: list[tuple[str, int]], most: int = 24) -> str:
    """``<svg>`` with one bar per period (the ``most`` latest), its count on top, its label below.

    >>> svg = facts_per_period([("2023", 10), ("2024", 5)])
    >>> svg.count("<rect"), "2024" in svg
    (2, True)
    >>> facts_per_period([])
    ''
    """
    periods = periods[-most:]
    if not periods:
        return ""
    top = max(n for _, n in periods) or 1
    width = len(periods) * (BAR_W + GAP) + GAP
    parts = [f'<svg class="chart" role="img" aria-label="facts per period" width="{width}" '
             f'height="{HEIGHT + 2 * LABEL_H}" viewBox="0 0 {width} {HEIGHT + 2 * LABEL_H}">']
    for k, (label, n) in enumerate(periods):
        h = max(1, round(HEIGHT * n / top))
        x, y = GAP + k * (BAR_W + GAP), LABEL_H + HEIGHT - h
        parts.append(f'<rect x="{x}" y="{y}" width="{BAR_W}" height="{h}"><title>{escape(label)}: {n}</title></rect>')
        parts.append(f'<text x="{x + BAR_W / 2}" y="{y - 4}" text-anchor="middle">{n}</text>')
        parts.append(f'<text x="{x + BAR_W / 2}" y="{LABEL_H + HEIGHT + 13}" text-anchor="middle">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
