# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV_SET ?= ../shared/dev/real_dev.jsonl
DEV_TABLES ?= ../shared/dev/tables

.PHONY: run test eval eval-repair bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Debian packages the readers call: OCR (tesseract + Vietnamese), Word 97 (antiword), a font for
# rendered test pages; the test suite also drives Chromium. Installed with apt-get when root and missing.
SYSTEM_RUN := tesseract-ocr tesseract-ocr-vie antiword
SYSTEM_TEST := $(SYSTEM_RUN) chromium fonts-dejavu-core

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[formats,ocr,progress]'
	touch $@

$(VENV)/.installed-all: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[formats,ocr,progress,parquet,xlsx,dask,dev]'
	touch $@ $(VENV)/.installed-run

# The hot modules of the prose reader compiled to C with mypyc (same facts, about 1.4x faster; the
# pure Python modules stay beside them and are used when the build is not possible). A module edited
# after its build makes the test suite stop until `make` builds it again (tests/conftest.py).
NATIVE := extractor/tokens.py extractor/resources.py extractor/facts/draft.py extractor/facts/cursor.py \
	extractor/facts/quantities.py extractor/facts/times.py extractor/facts/identifiers.py extractor/facts/scan.py \
	extractor/facts/attributes.py extractor/facts/sentence.py

# one shared library inside the package (extractor/_native__mypyc…so), found however it is installed
MYPYC_BUILD := import sys; from setuptools import setup; from mypyc.build import mypycify; \
	setup(name="vnextract-native", script_args=["build_ext", "--inplace"], \
	ext_modules=mypycify(["--ignore-missing-imports", "--follow-imports=silent", *sys.argv[1:]], group_name="extractor._native"))

$(VENV)/.native: $(NATIVE) | $(VENV)/.installed-run
	@find extractor -name '*.so' -delete
	@if $(BIN)/pip install -q 'mypy>=1.10' >$(VENV)/native.log 2>&1 && \
		$(BIN)/python -c '$(MYPYC_BUILD)' $(NATIVE) >>$(VENV)/native.log 2>&1; then \
		echo "compiled $(words $(NATIVE)) modules with mypyc"; \
	else find extractor -name '*.so' -delete; \
		echo "mypyc could not build the native modules (see $(VENV)/native.log): the pure Python ones run" >&2; fi
	@rm -rf build
	touch $@

# missing packages: apt-get when root, else print the exact command and stop
define need_system
	@missing=""; for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" \
		|| missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if ! command -v apt-get >/dev/null 2>&1; then \
			echo "vnextract needs the system packages$$missing (Debian names): install them, then run make again" >&2; exit 1; \
		elif [ "$$(id -u)" != 0 ]; then \
			echo "vnextract needs system packages; run:  sudo apt-get update && sudo apt-get install -y$$missing" >&2; exit 1; \
		else echo "installing system packages:$$missing"; apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends$$missing >/dev/null; fi; \
	fi
endef

.PHONY: system-run system-test
system-run:
	$(call need_system,$(SYSTEM_RUN))
system-test:
	$(call need_system,$(SYSTEM_TEST))

## run: extract every sample report into out/metrics.csv
run: system-run $(VENV)/.installed-run $(VENV)/.native
	$(BIN)/vnextract extract samples -o out/metrics.csv
	@echo "wrote out/metrics.csv"

## test: the whole test suite (installs every extra and the system packages)
test: system-test $(VENV)/.installed-all $(VENV)/.native
	$(BIN)/python -m pytest

## eval: precision/recall/F1 on the test corpus (and on the development set when it is present)
eval: $(VENV)/.installed-all
	$(BIN)/vnextract eval tests/corpus/*.jsonl
	@if [ -f "$(DEV_SET)" ]; then echo; echo "development set: $(DEV_SET)"; $(BIN)/vnextract eval "$(DEV_SET)"; fi
	@if [ -f "$(DEV_TABLES)/score.py" ]; then for f in html docx pdf; do echo; \
		$(BIN)/python "$(DEV_TABLES)/score.py" --format $$f; done; fi

clean:
	rm -rf out .pytest_cache build $(VENV)/.native
	find extractor -name '*.so' -delete

## bench: throughput, peak memory and start-up on a generated 20 MB corpus (~10 min; figures in out/bench.json)
BENCH_MB ?= 20
bench: $(VENV)/.installed-all
	$(BIN)/python benchmarks/bench.py --mb $(BENCH_MB)
	$(BIN)/python benchmarks/bench_tables.py

## bench-paragraphs: extraction against underthesea word_tokenize on real report paragraphs (paired,
## alternating passes; the development set too when it is present)
.PHONY: bench-paragraphs
bench-paragraphs: $(VENV)/.installed-all $(VENV)/.native
	$(BIN)/python benchmarks/bench_paragraphs.py -r 11 tests/corpus/real_economy.jsonl tests/corpus/real_social.jsonl \
		$(wildcard $(DEV_SET))

## bench-tables: table documents by format (reading vs extracting; pdfplumber's share of a PDF)
.PHONY: bench-tables
bench-tables: $(VENV)/.installed-all
	$(BIN)/python benchmarks/bench_tables.py

## bench-hostile: adversarial inputs (space runs, repeated number words, 1 1 1 …, nested HTML, …) at
## 2k, 20k, 200k and 2M characters: time, peak memory, growth (figures in out/bench-hostile.json)
.PHONY: bench-hostile
bench-hostile: $(VENV)/.installed-all
	$(BIN)/python benchmarks/hostile.py

## fuzz: the atheris harnesses of benchmarks/fuzz/ (extract, each reader family, the table reader),
## FUZZ_SECONDS each (not in CI); a crash is saved under out/fuzz/ and becomes a regression test
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz: $(VENV)/.installed-all
	$(BIN)/python benchmarks/fuzz/run.py --seconds $(FUZZ_SECONDS)

## bench-scaling: the bench plus the CLI on 2, 20 and 200 MB corpora (long: about 45 min)
.PHONY: bench-scaling
bench-scaling: $(VENV)/.installed-all
	$(BIN)/python benchmarks/bench.py --mb $(BENCH_MB) --scaling

## eval-repair: OCR repair measured: facts kept under seeded OCR noise, false edits on clean text
## (restraint also reads .cache/clean-text when it exists; see benchmarks/README.md)
CLEAN_TEXT ?= .cache/clean-text
eval-repair: $(VENV)/.installed-all
	@if [ -d "$(CLEAN_TEXT)" ]; then \
		$(BIN)/python benchmarks/eval_repair.py --restraint default "$(CLEAN_TEXT)"; \
	else \
		echo "($(CLEAN_TEXT) not found: restraint reads the default texts only)"; \
		$(BIN)/python benchmarks/eval_repair.py; \
	fi

## eval-archive: the real corpus paragraphs delivered in 29 ways (legacy encodings, mojibake, HTML, DOCX
## parts, .doc/.odt/.rtf/.xlsx/.eml/.zip/.tar.gz, PDF, scans), read by `vnextract extract` on the
## whole folder, scored per way (figures in out/eval-archive.json; EVAL_ARCHIVE_FLAGS=--quick: ~1 min)
.PHONY: eval-archive
EVAL_ARCHIVE_FLAGS ?=
eval-archive: system-test $(VENV)/.installed-all
	$(BIN)/python benchmarks/eval_archive.py $(EVAL_ARCHIVE_FLAGS)
