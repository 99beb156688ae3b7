"""The native build: `make` compiles the prose reader's hot modules with mypyc (Makefile NATIVE). The
compiled modules must give exactly the facts of the pure Python ones, which stay beside them."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib

from extractor.evaluate import load_cases

from .conftest import CORPUS, ROOT

_DUMP = r'''
import json, sys
from extractor import extract
import extractor.facts.scan as scan
texts = json.load(sys.stdin)
out = [[[f.kind, str(f.value), str(f.value_max), f.unit, f.date, f.qualifier, f.direction, f.basis, f.status,
         f.period, f.metric, f.start, f.end, f.repaired] for f in extract(t)] for t in texts]
print(json.dumps({"compiled": scan.__file__.endswith(".so"), "facts": out}))
'''


def _makefile_native() -> list[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    block = re.search(r"^NATIVE := (.*?)(?<!\\)$", text, re.M | re.S).group(1)
    return block.replace("\\\n", " ").split()


def _dump(texts: list[str], pythonpath: str | None) -> dict:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    out = subprocess.run([sys.executable, "-c", _DUMP], input=json.dumps(texts), capture_output=True, text=True,
                         env=env, cwd="/", timeout=600, check=True)
    return json.loads(out.stdout)


def test_native_modules_are_built_and_agree_with_the_pure_python_ones(tmp_path):
    texts = [c.text for p in sorted(CORPUS.glob("*.jsonl")) for c in load_cases(p)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt")) if _utf8(p)]
    pure = tmp_path / "pure"
    shutil.copytree(ROOT / "extractor", pure / "extractor", ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    shutil.copytree(ROOT / "patterns", pure / "patterns")
    native, plain = _dump(texts, None), _dump(texts, str(pure))
    assert native["compiled"], "the native modules are not built: `make test` builds them (see its output)"
    assert not plain["compiled"]
    differ = [texts[i][:80] for i, (a, b) in enumerate(zip(native["facts"], plain["facts"])) if a != b]
    assert differ == [] and len(native["facts"]) == len(texts) > 800


def _utf8(path) -> bool:
    try:
        path.read_text(encoding="utf-8")
        return True
    except UnicodeDecodeError:
        return False


def test_the_compiled_modules_are_left_out_of_doctest_collection():
    """Each module the Makefile compiles is ignored by --doctest-modules (pytest cannot import a compiled
    module by its .py path), so it must hold no doctest of its own."""
    native = _makefile_native()
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    ignored = re.findall(r"--ignore=(\S+)", options["addopts"])
    assert sorted(native) == sorted(ignored)
    assert [m for m in native if ">>>" in (ROOT / m).read_text(encoding="utf-8")] == []
