# Pháo Đài: `make demo` serves the demo province, `make test` runs the suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_ARGS ?=

.PHONY: demo test lint bench clean-demo help

help:
	@echo "make demo   set up and serve the demo province on http://$(HOST):$(PORT)"
	@echo "make test   run the whole suite (DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make lint   ruff, mypy and the import contracts"
	@echo "make bench  run the benchmarks (needs PostgreSQL: BENCH_DATABASE_URL)"

$(VENV)/.runtime: pyproject.toml
	@PYBIN=$$(sh scripts/find-python) || exit 1; \
	  [ -x $(PY) ] || $$PYBIN -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $@

# The demo replays late 2021, like the directives it is built from: its clock is pinned there.
demo: export PHAODAI_TODAY ?= 2021-11-20
demo: $(VENV)/.runtime
	@mkdir -p var
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) load_units
	$(MANAGE) demo_province $(DEMO_ARGS)
	@bash scripts/serve-demo $(HOST) $(PORT)

test: $(VENV)/.dev
	@bash scripts/run-tests

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports

bench: $(VENV)/.dev
	$(PY) -m bench

clean-demo:
	rm -f var/phaodai.sqlite3*
