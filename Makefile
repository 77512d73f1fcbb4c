# Two entry points for a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck eval bench data serve clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	rm -f kuzet.db
	$(BIN)/kuzet demo --db kuzet.db

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/pytest -q

eval: $(STAMP)
	$(BIN)/kuzet eval --all --write docs/quality.md

# BENCH_FLAGS="--web-size 200000 --web-db /tmp/kuzet-bench.db" also measures the dashboard
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --write docs/benchmarks.md $(BENCH_FLAGS)

data: $(STAMP)
	$(BIN)/python scripts/build_data.py

serve: $(STAMP)
	$(BIN)/kuzet serve --db kuzet.db

clean:
	rm -rf $(VENV) kuzet.db .pytest_cache .mypy_cache .ruff_cache
