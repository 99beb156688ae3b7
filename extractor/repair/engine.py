"""The repair driver: runs the rules in order and keeps every change as an edit of the original.

Each rule looks at the current text and proposes replacements ``(start, end, after)`` in the
current text's offsets. The engine turns them into :class:`Edit` records in offsets of the
ORIGINAL text (merging with earlier edits they touch), so the edits replayed on the original give
the repaired text exactly, and any span of the repaired text maps back to the original.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable

from ..model import Edit, OffsetMap

Proposal = tuple[int, int, str]
Rule = Callable[[str], Iterable[Proposal]]


def compose(raw: str, current: OffsetMap, text: str, proposals: list[Proposal], rule: str) -> OffsetMap:
    """Fold ``proposals`` (offsets in ``text`` = ``current.apply(raw)``) into ``current``."""
    if not proposals:
        return current
    first = not current.edits  # nothing repaired yet: text is raw, every offset maps to itself
    # 1. the region of the original each proposal covers, widened over earlier edits it touches
    regions: list[list] = []
    for a, b, after in sorted(proposals):
        if first:
            s, e = a, b
        elif a == b:
            s = e = current.source_start(a)
        else:
            s, e = current.to_source(a, b)
        if regions and s < regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], e)
            regions[-1][2].append((a, b, after))
        else:
            regions.append([s, e, [(a, b, after)]])
    # 2. one merged edit per region: original slice -> current slice with the proposals applied
    merged: list[Edit] = []
    replaced: set[int] = set()
    old = current.edits
    starts = [ed.start for ed in old]
    for s, e, props in regions:
        ts, te = (s, e) if first else (current.to_target(s), current.to_target(e))
        ts, te = min(ts, props[0][0]), max(te, props[-1][1])
        pieces, pos = [], ts
        for a, b, after in props:
            pieces.append(text[pos:a])
            pieces.append(after)
            pos = b
        pieces.append(text[pos:te])
        rules = [rule]
        # the earlier edits inside [s, e]: sorted and disjoint, so found from a bisection (linear
        # overall, where a pass over every earlier edit per region was quadratic in the edits)
        k = bisect_left(starts, s)
        while k < len(old) and old[k].start <= e:
            old_edit = old[k]
            if old_edit.end <= e and not (old_edit.start == old_edit.end == s):
                replaced.add(k)
                rules.insert(len(rules) - 1, old_edit.rule)
            k += 1
        names = "+".join(dict.fromkeys(rules))
        merged.append(Edit(s, e, raw[s:e], "".join(pieces), names))
    kept = [ed for k, ed in enumerate(old) if k not in replaced]
    edits = [ed for ed in kept + merged if ed.before != ed.after]
    return OffsetMap.from_edits(edits)


def run(raw: str, rules: Iterable[tuple[str, Rule]]) -> tuple[str, OffsetMap]:
    """Apply ``rules`` in order; returns the repaired text and its map back to ``raw``."""
    current = OffsetMap()
    text = raw
    for name, rule in rules:
        # a proposal found twice (two patterns of one rule) is one proposal: compose takes each as its own
        proposals = list(dict.fromkeys(p for p in rule(text) if text[p[0]:p[1]] != p[2]))
        if proposals:
            current = compose(raw, current, text, proposals, name)
            text = current.apply(raw)
    return text, current
