# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV_SET ?= ../shared/dev/real_dev.jsonl

.PHONY: run test eval eval-repair bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-all: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[formats,parquet,dev]'
	touch $@ $(VENV)/.installed-run

## run: extract every sample report into out/metrics.csv
run: $(VENV)/.installed-run
	$(BIN)/vnextract extract samples -o out/metrics.csv
	@echo "wrote out/metrics.csv"

## test: the whole test suite (installs every extra)
test: $(VENV)/.installed-all
	$(BIN)/python -m pytest

## eval: precision/recall/F1 on the test corpus (and on the development set when it is present)
eval: $(VENV)/.installed-all
	$(BIN)/vnextract eval tests/corpus/*.jsonl
	@if [ -f "$(DEV_SET)" ]; then echo; echo "development set: $(DEV_SET)"; $(BIN)/vnextract eval "$(DEV_SET)"; fi

clean:
	rm -rf out .pytest_cache

## bench: throughput, peak memory and start-up on a generated 20 MB corpus (~10 min; figures in out/bench.json)
BENCH_MB ?= 20
bench: $(VENV)/.installed-all
	$(BIN)/python benchmarks/bench.py --mb $(BENCH_MB)

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
