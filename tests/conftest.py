"""Shared fixtures: paths of the project's data."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SAMPLES = ROOT / "samples"


def pytest_sessionstart(session) -> None:
    """A module compiled by `make` (mypyc) and edited since would run its old code: stop and say so."""
    for so in (ROOT / "extractor").rglob("*.so"):
        name = so.name.split(".")[0]
        source = so.with_name(name + ".py")
        if name != "_native__mypyc" and source.exists() and source.stat().st_mtime > so.stat().st_mtime:
            pytest.exit(f"{source.relative_to(ROOT)} changed after it was compiled: run `make test` (or "
                        f"`make clean`) so the tests read the code as it is", returncode=3)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def load_benchmark(name: str):
    """A module of benchmarks/ (not a package) imported by its path, once, as ``vnextract_<name>``."""
    import importlib.util  # noqa: PLC0415
    import sys  # noqa: PLC0415

    key = f"vnextract_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, ROOT / "benchmarks" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


def need(present: bool, what: str) -> None:
    """A system package that `make test` installs: when it is missing the set-up failed, and the test
    says so (it is never skipped)."""
    if not present:
        pytest.fail(f"{what} is missing: `make test` installs it (see the README's set-up)", pytrace=False)
