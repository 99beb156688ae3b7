"""OCR repair, measured: robustness under seeded OCR noise, and restraint on clean text.

    python benchmarks/eval_repair.py [--seeds 3] [--clean PATH...] [--restraint PATH...]

(a) Robustness. Every clean document is read (facts F), damaged with the noise model
    (`benchmarks/ocr_noise.py`, seeds 0..N-1) and read again (facts D). The figure is the share of F,
    as a multiset of (kind, value, unit), that is also in D. The headline is every family on at its
    default rate, the damage no repair can always undo included (``short_split``: ``85 0 ha``;
    ``digit_swap``: a digit read as another, a fact whose value changed is lost); the same is printed
    without those two families, and for each family alone, each with the repair on and, for
    comparison, with the repair switched off (the same extractor fed the damaged text as it is), so
    the table shows which families the repair undoes and which it does not ("repair undoes": of the
    facts the damage costs without the repair, the share the repair gets back). "touched" counts
    the clean facts whose text the noise changed; "kept of touched" is (touched - lost) / touched,
    the figure that does not dilute the damage with facts it never reached. "extra" counts facts of
    the damaged text that the clean text does not have. The first lost facts are listed with
    the damaged text around them.
(b) Restraint. ``repair`` runs over clean real text; every edit it makes there is a false repair,
    except pure Unicode normalisation (rules ``unicode.*``), which is not counted. Printed: the
    characters read, the edits, edits per 20,000 characters, and every edit with its context.

Defaults: the clean documents are the samples that samples/README.md does not mark as OCR-damaged
plus the ``text`` of every case in tests/corpus/real_*.jsonl; restraint reads the same texts.
``--clean`` and ``--restraint`` take files (.txt) or folders (every .txt below them), in place of
the defaults; the word ``default`` stands for the default set (``--restraint default .cache/clean-text``).
A fact's value is its number (``a-b`` for a range), or its date when it has no number.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractor import pipeline  # noqa: E402
from extractor.model import Edit, Fact, OffsetMap  # noqa: E402
from benchmarks.ocr_noise import NoiseRates, damage_edits, families  # noqa: E402
from extractor.repair import is_normalising, repair  # noqa: E402

PER = 20_000


# --- inputs -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Doc:
    name: str
    text: str


def clean_samples(root: Path = ROOT) -> list[Path]:
    """Samples whose README line does not say they have OCR damage."""
    samples = root / "samples"
    readme = (samples / "README.md").read_text(encoding="utf-8")
    damaged = set()
    for line in readme.splitlines():
        m = regex.match(r"\s*[-*]\s*`([^`]+)`", line)
        if m and "OCR damage" in line and "no OCR damage" not in line:
            damaged.add(m.group(1))
    return [p for p in sorted(samples.glob("*.txt")) if p.name not in damaged and _is_utf8(p)]


def _is_utf8(path: Path) -> bool:
    """False for a sample kept in a legacy encoding (the same text as a UTF-8 sample, other bytes)."""
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return False
    return True


def real_corpus(root: Path = ROOT) -> list[Doc]:
    docs = []
    for path in sorted((root / "tests" / "corpus").glob("real_*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                case = json.loads(line)
                docs.append(Doc(f"{path.name}:{case.get('id', n)}", case["text"]))
    return docs


def default_docs() -> list[Doc]:
    return [Doc(f"samples/{p.name}", p.read_text(encoding="utf-8")) for p in clean_samples()] + real_corpus()


def read_paths(paths: Iterable[str]) -> list[Doc]:
    docs: list[Doc] = []
    for raw in paths:
        if raw == "default":
            docs += default_docs()
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(path.rglob("*.txt"))
            if not files:
                sys.exit(f"eval_repair: no .txt files under {raw}")
        elif path.is_file():
            files = [path]
        else:
            sys.exit(f"eval_repair: no such file or folder: {raw}")
        docs += [Doc(str(f), f.read_text(encoding="utf-8")) for f in files]
    return docs


# --- facts --------------------------------------------------------------------------------------

def fact_key(f: Fact) -> tuple:
    if f.value is None:
        value = f.date
    elif f.value_max is not None:
        value = f"{f.value.normalize():f}-{f.value_max.normalize():f}"
    else:
        value = f"{f.value.normalize():f}"
    return f.kind, value, f.unit


def show_key(key: tuple) -> str:
    kind, value, unit = key
    return f"{kind} {value}" + (f" {unit}" if unit else "")


def extract(text: str, with_repair: bool = True) -> list[Fact]:
    return pipeline.extract(text, rules=None if with_repair else ())


def _outside(edits: list[Edit], pos: int, side: str) -> int:
    """``pos`` moved out of any edit it falls strictly inside (to the edit's start or end)."""
    for e in edits:
        if e.start < pos < e.end:
            return e.start if side == "start" else e.end
    return pos


def touched(f: Fact, edits: list[Edit]) -> list[str]:
    """The damage (``family:variant``) that changed the text of ``f``."""
    out = []
    for e in edits:
        inside = f.start < e.start < f.end if e.start == e.end else (e.start < f.end and e.end > f.start)
        if inside:
            out.append(e.rule)
    return out


def one_line(s: str) -> str:
    return s.replace("\r", "").replace("\n", "⏎")


# --- (a) robustness -----------------------------------------------------------------------------

@dataclass
class Tally:
    clean: int = 0
    kept: int = 0
    kept_raw: int = 0
    touched: int = 0
    lost: int = 0
    lost_raw: int = 0
    extra: int = 0
    sites: int = 0

    def pct(self, part: int, whole: int) -> str:
        return f"{100 * part / whole:6.2f}%" if whole else "     -"


def _attribute(clean_facts: list[Fact], damaged_facts: list[Fact], lost: Counter,
               edits: list[Edit]) -> list[tuple[Fact, list[str]]]:
    """The clean facts behind the lost keys, with the damage inside each.

    A clean fact counts as found at its place when a damaged fact with the same key maps back
    (through the damage edits) onto an overlapping span of the clean text; for each lost key the
    clean facts not found at their place are named first, then damaged ones, then the rest.
    """
    omap = OffsetMap.from_edits(edits)
    spans: dict[tuple, list[tuple[int, int]]] = {}
    for d in damaged_facts:
        spans.setdefault(fact_key(d), []).append(omap.to_source(d.start, d.end))

    def found_in_place(f: Fact) -> bool:
        for i, (a, b) in enumerate(spans.get(fact_key(f), [])):
            if a < f.end and f.start < b:
                del spans[fact_key(f)][i]
                return True
        return False

    placed = {id(f): found_in_place(f) for f in clean_facts}
    remaining = Counter(lost)
    out = []
    for f in sorted(clean_facts, key=lambda f: (placed[id(f)], not touched(f, edits))):
        key = fact_key(f)
        if remaining[key] > 0:
            remaining[key] -= 1
            out.append((f, sorted(set(touched(f, edits)))))
    return sorted(out, key=lambda pair: pair[0].start)


def _shown(f: Fact, edits: list[Edit], damaged: str, context: int) -> str:
    """The damaged text around where clean fact ``f`` was, the fact's place marked ⟦…⟧."""
    omap = OffsetMap.from_edits(edits)
    a = omap.to_target(_outside(edits, f.start, "start"))
    b = omap.to_target(_outside(edits, f.end, "end"))
    left, right = max(0, a - context), b + context
    return one_line(damaged[left:a] + "⟦" + damaged[a:b] + "⟧" + damaged[b:right])


HEADLINE = "all families"
UNRECOVERABLE = ("short_split", "digit_swap")
WITHOUT_UNRECOVERABLE = "all but " + "/".join(UNRECOVERABLE)


def headline_configs() -> list[tuple[str, NoiseRates]]:
    """The headline run (every family at its default rate) and the same without the damage no repair can
    always undo."""
    every = NoiseRates()
    return [(HEADLINE, every), (WITHOUT_UNRECOVERABLE, replace(every, **{f: 0.0 for f in UNRECOVERABLE}))]


def t_pct(part: int, whole: int) -> str:
    return Tally().pct(part, whole)


def robustness(docs: list[Doc], seeds: int, show_lost: int, context: int, baseline: bool, examples: int) -> None:
    configs = headline_configs() + [(fam, NoiseRates.only(fam)) for fam in families()]
    tallies = {name: Tally() for name, _ in configs}
    lost_rows: list[str] = []
    lost_by_family: Counter = Counter()
    variant_touched: Counter = Counter()  # single-family runs: clean facts each damage variant reached
    variant_lost: Counter = Counter()  # ... and lost
    variant_examples: dict[str, list[str]] = {}
    started = time.time()
    n_facts = 0
    for doc in docs:
        clean_facts = extract(doc.text)
        clean_keys = Counter(fact_key(f) for f in clean_facts)
        n_facts += len(clean_facts)
        for name, rates in configs:
            t = tallies[name]
            for seed in range(seeds):
                edits = damage_edits(doc.text, rates, seed)
                damaged = OffsetMap.from_edits(edits).apply(doc.text)
                t.sites += len(edits)
                t.clean += len(clean_facts)
                damaged_facts = extract(damaged) if edits else clean_facts
                got = Counter(fact_key(f) for f in damaged_facts)
                t.kept += sum((clean_keys & got).values())
                t.extra += sum((got - clean_keys).values())
                hits = [touched(f, edits) for f in clean_facts]
                t.touched += sum(1 for h in hits if h)
                lost = clean_keys - got
                t.lost += sum(lost.values())
                if baseline:
                    raw = Counter(fact_key(f) for f in extract(damaged, with_repair=False)) if edits else clean_keys
                    t.kept_raw += sum((clean_keys & raw).values())
                    t.lost_raw += sum((clean_keys - raw).values())
                lost_facts = _attribute(clean_facts, damaged_facts, lost, edits) if lost else []
                if name in families():
                    variant_touched.update(v for h in hits for v in set(h))
                    variant_lost.update(v for _, vs in lost_facts for v in vs)
                    for f, variants in lost_facts:
                        for v in variants:
                            rows = variant_examples.setdefault(v, [])
                            if len(rows) < examples:
                                rows.append(f"{show_key(fact_key(f))}: …{_shown(f, edits, damaged, context // 2)}…")
                    continue
                if name != HEADLINE:
                    continue
                for f, variants in lost_facts:
                    fams = sorted({v.split(":")[0] for v in variants})
                    lost_by_family.update(fams or ["(none: fact text not damaged)"])
                    if len(lost_rows) >= show_lost:
                        continue
                    shown = _shown(f, edits, damaged, context)
                    lost_rows.append(f"  {len(lost_rows) + 1:2}. {show_key(fact_key(f))}  [{doc.name}, seed {seed}; "
                                     f"damage inside: {', '.join(variants) or 'none'}]\n"
                                     f"      clean:   {one_line(f.text)}\n"
                                     f"      damaged: …{shown}…")
    elapsed = time.time() - started
    print("=" * 100)
    print("(a) ROBUSTNESS: share of the clean text's facts (kind, value, unit) still found after OCR noise")
    print(f"    {len(docs)} clean documents, {sum(len(d.text) for d in docs):,} characters, {n_facts} facts; "
          f"seeds 0..{seeds - 1}; {elapsed:.0f} s")
    print()
    top = tallies[HEADLINE]
    print(f"  HEADLINE ({HEADLINE}: every family at its default rate, {', '.join(UNRECOVERABLE)} included): "
          f"{t_pct(top.kept, top.clean).strip()} of the clean facts kept"
          + (f", {t_pct(top.kept_raw, top.clean).strip()} without the repair" if baseline else ""))
    print("  " + ", ".join(f"{f}={getattr(NoiseRates(), f)}" for f in families()) + " (rate per eligible site)")
    print()
    name_w = max(len(n) for n, _ in configs) + 2
    head = (f"  {'noise':<{name_w}}{'sites':>8}{'facts':>8}{'kept':>9}{'touched':>9}{'lost':>7}{'kept of touched':>17}"
            f"{'extra':>7}")
    if baseline:
        head += f"{'| no repair: kept':>19}{'of touched':>12}{'repair undoes':>15}"
    print(head)
    for name, _ in configs:
        t = tallies[name]
        row = (f"  {name:<{name_w}}{t.sites:>8}{t.clean:>8}{t.pct(t.kept, t.clean):>9}{t.touched:>9}{t.lost:>7}"
               f"{t.pct(t.touched - t.lost, t.touched):>17}{t.extra:>7}")
        if baseline:
            row += (f"{t.pct(t.kept_raw, t.clean):>19}{t.pct(t.touched - t.lost_raw, t.touched):>12}"
                    f"{t.pct(t.lost_raw - t.lost, t.lost_raw):>15}")
        print(row)
    print()
    print(f"  {HEADLINE!r}: every family on; {WITHOUT_UNRECOVERABLE!r}: the same without "
          f"{' and '.join(UNRECOVERABLE)};")
    print("  the other rows: that family alone at its default rate. digit_swap is lost by definition (the value")
    print("  changed); short_split has two readings (85 0 ha: 850 or 85 and 0) that no repair can always choose.")
    print()
    print("  each family alone, by damage variant: facts the variant damaged, lost, kept of those")
    for v in sorted(variant_touched, key=lambda v: (v.split(":")[0] not in families(), families().index(v.split(":")[0]), v)):
        n, lost_n = variant_touched[v], variant_lost[v]
        print(f"    {v:<32}{n:>6}{lost_n:>6}{Tally().pct(n - lost_n, n):>9}")
        for row in variant_examples.get(v, []):
            print(f"        e.g. {row}")
    print()
    print(f"  facts lost in the headline run ({HEADLINE}), by the family that damaged them: "
          + ", ".join(f"{k} {v}" for k, v in lost_by_family.most_common()))
    print()
    print(f"  first {len(lost_rows)} facts lost ({HEADLINE}):")
    for row in lost_rows:
        print(row)


# --- (b) restraint ------------------------------------------------------------------------------

def counted(e: Edit) -> bool:
    """An edit that is more than Unicode normalisation (a merged edit counts if any part does)."""
    return not is_normalising(e.rule)


def restraint(docs: list[Doc], context: int) -> None:
    chars, rows, per_rule, normalised = 0, [], Counter(), 0
    started = time.time()
    seen = set()
    for doc in docs:
        if doc.text in seen:  # the same text twice would count its edits twice
            continue
        seen.add(doc.text)
        chars += len(doc.text)
        _, offsets = repair(doc.text)
        for e in offsets.edits:
            if not counted(e):
                normalised += 1
                continue
            per_rule[e.rule] += 1
            left = doc.text[max(0, e.start - context):e.start]
            right = doc.text[e.end:e.end + context]
            rows.append(f"{e.rule:<22} {e.before!r} -> {e.after!r}   [{doc.name}]\n"
                        f"        …{one_line(left)}⟦{one_line(e.before)}⟧{one_line(right)}…")
    elapsed = time.time() - started
    edits = len(rows)
    print()
    print("=" * 100)
    print("(b) RESTRAINT: edits the repair makes on clean real text (unicode.* normalisation not counted)")
    print(f"    {len(seen)} texts, {chars:,} characters, {edits} edits = "
          f"{edits * PER / chars if chars else 0:.2f} edits per {PER:,} characters; {elapsed:.0f} s")
    print(f"    ({normalised} unicode.* normalisation edits not counted)")
    if per_rule:
        print("    by rule: " + ", ".join(f"{k} {v}" for k, v in per_rule.most_common()))
    print()
    for n, row in enumerate(rows, 1):
        print(f"  {n:3}. {row}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seeds", type=int, default=3, help="noise seeds 0..N-1 per document (default 3)")
    p.add_argument("--clean", nargs="+", metavar="PATH", default=["default"],
                   help="clean documents for robustness (files or folders of .txt; 'default' = the default set)")
    p.add_argument("--restraint", nargs="+", metavar="PATH", default=["default"],
                   help="clean real text for restraint (files or folders of .txt; 'default' = the default set)")
    p.add_argument("--lost", type=int, default=20, help="how many lost facts to list (default 20)")
    p.add_argument("--context", type=int, default=40, help="characters of context either side (default 40)")
    p.add_argument("--examples", type=int, default=2, help="lost facts shown per damage variant (default 2)")
    p.add_argument("--no-baseline", action="store_true", help="skip the same measure without repair")
    p.add_argument("--skip", choices=("robustness", "restraint"), help="leave one of the two measures out")
    args = p.parse_args(argv)
    if args.skip != "robustness":
        robustness(read_paths(args.clean), args.seeds, args.lost, args.context, not args.no_baseline, args.examples)
    if args.skip != "restraint":
        restraint(read_paths(args.restraint), args.context)
    return 0


if __name__ == "__main__":
    sys.exit(main())
