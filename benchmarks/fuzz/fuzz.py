#!/usr/bin/env python3
"""One atheris fuzzer: ``fuzz.py HARNESS [libFuzzer options] [CORPUS_DIR …]`` (see harnesses.py).

    python benchmarks/fuzz/fuzz.py extract -max_total_time=60 out/fuzz/corpus/extract
"""
from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():  # coverage feedback from the extractor and its readers
    import harnesses  # noqa: E402  (next to this file)
    import extractor.pipeline  # noqa: E402,F401
    import extractor.readers  # noqa: E402,F401
    import extractor.tables  # noqa: E402,F401
    from extractor.readers import archives, docx, html, mail, office, pdf, sheets, text  # noqa: E402,F401


def main() -> None:
    name = sys.argv[1]
    target = harnesses.HARNESSES[name]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
