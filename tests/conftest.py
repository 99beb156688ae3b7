"""Shared fixtures: paths of the project's data."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def need(present: bool, what: str) -> None:
    """A system package that `make test` installs: when it is missing the set-up failed, and the test
    says so (it is never skipped)."""
    if not present:
        pytest.fail(f"{what} is missing: `make test` installs it (see the README's set-up)", pytrace=False)
