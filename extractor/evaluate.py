"""Scoring extracted facts against an annotated JSONL file (the corpus format of tests/corpus).

A case is ``{"id", "source", "text", "facts", "optional", "xfail"?}``; the loader rejects any other
key, in a case or in a fact, so a typo in an annotation fails loudly instead of being ignored.
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .facts.kinds import all_kinds
from .model import Fact

CASE_KEYS = {"id", "source", "text", "facts", "optional", "xfail"}
FACT_KEYS = {"kind", "value", "value_max", "unit", "date", "qualifier", "direction", "basis", "status", "period",
             "repaired", "metric"}
ATTRIBUTES = ("qualifier", "direction", "basis", "status", "period")
METRIC_OVERLAP = 0.5  # a metric label matches when its tokens overlap the annotation's by Dice >= 0.5


class CorpusError(ValueError):
    pass


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    text: str
    facts: tuple[dict, ...]
    optional: tuple[dict, ...]
    xfail: str = ""
    origin: str = ""


def load_cases(path: Path | str) -> list[Case]:
    path = Path(path)
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{where}: not JSON ({exc})") from exc
        unknown = set(raw) - CASE_KEYS
        if unknown:
            raise CorpusError(f"{where}: unknown keys {sorted(unknown)}")
        for fact in list(raw.get("facts", [])) + list(raw.get("optional", [])):
            bad = set(fact) - FACT_KEYS
            if bad:
                raise CorpusError(f"{where}: unknown fact keys {sorted(bad)}")
            if fact.get("kind") not in all_kinds():
                raise CorpusError(f"{where}: unknown kind {fact.get('kind')!r}")
        out.append(Case(raw.get("id", where), raw.get("source", ""), raw["text"], tuple(raw.get("facts", [])),
                        tuple(raw.get("optional", [])), raw.get("xfail", ""), where))
    return out


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def matches(gold: dict, fact: Fact) -> bool:
    """Same kind, value, range, unit and date (``*`` accepts anything)."""
    if gold["kind"] != fact.kind:
        return False
    if "value" in gold and gold["value"] != "*" and not _close(gold["value"], fact.value):
        return False
    if "value_max" in gold and not _close(gold["value_max"], fact.value_max):
        return False
    if "value_max" not in gold and fact.kind not in ("year",) and fact.value_max is not None and "value" in gold:
        return False
    if "unit" in gold:
        units = gold["unit"] if isinstance(gold["unit"], list) else [gold["unit"]]
        # a money rate keeps its denominator (VND/m2); FACTS: "a rate may follow" a bare code
        rate_ok = fact.kind == "money" and any("/" not in u and fact.unit.split("/")[0] == u for u in units)
        if "*" not in units and fact.unit not in units and not rate_ok:
            return False
    if "date" in gold and gold["date"] != "*" and gold["date"] != fact.date:
        return False
    return True


_PUNCT = regex.compile(r"[^\w%/\s]")


def _tokens(label: str) -> list[str]:
    return _PUNCT.sub(" ", unicodedata.normalize("NFC", label.lower())).split()


def metric_overlap(want: str, got: str) -> float:
    """Dice coefficient of the two labels' token multisets (lower case, NFC, punctuation dropped).

    >>> metric_overlap("Tỷ lệ hộ nghèo", "tỷ lệ hộ nghèo")
    1.0
    >>> round(metric_overlap("giải quyết việc làm", "việc làm"), 2)
    0.67
    """
    a, b = Counter(_tokens(want)), Counter(_tokens(got))
    if not a and not b:
        return 1.0
    return 2 * sum((a & b).values()) / (sum(a.values()) + sum(b.values()))


def fact_problems(gold: dict, fact: Fact) -> list[str]:
    """What a matched fact gets wrong against its annotation: attributes, ``repaired`` and ``metric``
    where the annotation gives them. The corpus tests and ``vnextract eval`` both use this."""
    out = []
    for name in ATTRIBUTES:
        want = expected_attribute(gold, name)
        if want is not None and getattr(fact, name) != want:
            out.append(f"{name} of {fact.text!r}: want {want!r}, got {getattr(fact, name)!r}")
    if "repaired" in gold and fact.repaired != gold["repaired"]:
        out.append(f"repaired of {fact.text!r}: want {gold['repaired']}, got {fact.repaired}")
    if "metric" in gold and metric_overlap(gold["metric"], fact.metric) < METRIC_OVERLAP:
        out.append(f"metric of {fact.text!r}: want {gold['metric']!r}, got {fact.metric!r}")
    return out


def expected_attribute(gold: dict, name: str) -> str | None:
    """What the annotation says of an attribute; None where it is not checked."""
    if name in ("qualifier", "direction", "basis"):
        return gold.get(name, "")
    if name == "status":
        return gold.get("status", "actual") if gold["kind"] in ("quantity", "money", "percent") else None
    return gold.get(name)


def align(case: Case, facts: list[Fact]) -> tuple[list[tuple[dict, Fact]], list[dict], list[Fact]]:
    """(matched pairs, missed gold facts, extra facts); optional facts absorb extras silently."""
    free = list(range(len(facts)))
    pairs, missed = [], []
    for gold in case.facts:
        cands = [k for k in free if matches(gold, facts[k])]
        if not cands:
            missed.append(gold)
            continue

        def agreement(k):
            return sum(expected_attribute(gold, a) in (None, getattr(facts[k], a)) for a in ATTRIBUTES)
        best = max(cands, key=lambda k: (agreement(k), -k))
        free.remove(best)
        pairs.append((gold, facts[best]))
    for opt in case.optional:
        cand = next((k for k in free if matches(opt, facts[k])), None)
        if cand is not None:
            free.remove(cand)
    return pairs, missed, [facts[k] for k in free]


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)

    def add(self, key: str, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp[key] += tp
        self.fp[key] += fp
        self.fn[key] += fn

    def prf(self, key: str) -> tuple[float, float, float]:
        tp, fp, fn = self.tp[key], self.fp[key], self.fn[key]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def score_case(case: Case, facts: list[Fact], score: Score) -> list[str]:
    """Add one case to ``score``; returns readable lines for what went wrong."""
    pairs, missed, extra = align(case, facts)
    problems = []
    for gold, _ in pairs:
        score.add(gold["kind"], tp=1)
        score.add("all", tp=1)
    for gold in missed:
        score.add(gold["kind"], fn=1)
        score.add("all", fn=1)
        problems.append(f"missed {gold}")
    for f in extra:
        score.add(f.kind, fp=1)
        score.add("all", fp=1)
        problems.append(f"extra {f.kind} {f.value} {f.unit!r} {f.date} {f.text!r}")
    for gold, f in pairs:
        for a in ATTRIBUTES:
            want = expected_attribute(gold, a)
            if want is None:
                continue
            got = getattr(f, a)
            if a == "status":
                want, got = ("target" if want == "target" else ""), ("target" if got == "target" else "")
            key = f"@{a}"
            if want == got:
                if want:
                    score.add(key, tp=1)
                continue
            if got:
                score.add(key, fp=1)
            if want:
                score.add(key, fn=1)
            problems.append(f"{a}: want {want!r} got {got!r} for {f.text!r}")
        if "repaired" in gold:
            ok = f.repaired == gold["repaired"]
            score.add("@repaired", tp=int(ok and gold["repaired"]), fp=int(not ok and f.repaired),
                      fn=int(not ok and gold["repaired"]))
            if not ok:
                problems.append(f"repaired: want {gold['repaired']} got {f.repaired} for {f.text!r}")
        if "metric" in gold:
            overlap = metric_overlap(gold["metric"], f.metric)
            score.add("@metric", tp=int(overlap >= METRIC_OVERLAP), fn=int(overlap < METRIC_OVERLAP))
            score.add("@metric exact", tp=int(overlap == 1.0), fn=int(overlap < 1.0))
            if overlap < METRIC_OVERLAP:
                problems.append(f"metric: want {gold['metric']!r} got {f.metric!r} for {f.text!r}")
    return problems


def report(score: Score) -> str:
    lines = [f"{'':12} {'P':>6} {'R':>6} {'F1':>6} {'TP':>6} {'FP':>5} {'FN':>5}"]
    for key in (*all_kinds(), "all", *(f"@{a}" for a in ATTRIBUTES), "@repaired", "@metric", "@metric exact"):
        if key == "@qualifier":
            lines.append("attributes (on matched facts)")
        if not (score.tp[key] or score.fp[key] or score.fn[key]):
            continue
        p, r, f = score.prf(key)
        lines.append(f"{key.lstrip('@'):12} {p:6.3f} {r:6.3f} {f:6.3f} {score.tp[key]:6d} {score.fp[key]:5d} {score.fn[key]:5d}")
    return "\n".join(lines)


def evaluate(paths: Iterable[Path | str], extract_fn, verbose: bool = False) -> tuple[Score, list[str]]:
    score, notes = Score(), []
    for path in paths:
        for case in load_cases(path):
            problems = score_case(case, extract_fn(case.text), score)
            if verbose and problems:
                notes.append(f"{case.id}:")
                notes.extend(f"  {p}" for p in problems)
    return score, notes
