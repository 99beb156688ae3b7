"""OCR repair: damaged text in, repaired text plus the edits that explain it out."""
from __future__ import annotations

from ..model import OffsetMap
from .engine import run
from .rules import NORMALISING, RULES, is_normalising

__all__ = ["repair", "RULES", "NORMALISING", "is_normalising"]


def repair(raw: str, rules: tuple[str, ...] | None = None) -> tuple[str, OffsetMap]:
    """Repaired text of ``raw`` and the map back to it; ``rules`` limits which rules run."""
    chosen = RULES if rules is None else {k: RULES[k] for k in rules}
    return run(raw, chosen.items())
