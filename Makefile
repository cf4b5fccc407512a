# Opvangnet: `make run` serves the demo, `make test` runs every check. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHECKED := src tests benchmarks scripts
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/opvangnet
# Opvangnet runs as production unless told otherwise; everything this Makefile starts is local use.
export OPVANGNET_ENV := local

.PHONY: run test lint typecheck pytest pytest-sqlite pytest-postgres bench load messages browser clean

$(VENV)/.installed-run: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed-run
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# `make run PORT=8124` serves on another port (or set OPVANGNET_BIND=127.0.0.1:8124).
run: $(VENV)/.installed-run
	$(BIN)/opvangnet demo $(if $(PORT),--port $(PORT))

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check $(CHECKED)
	$(BIN)/ruff format --check $(CHECKED)

typecheck: $(VENV)/.installed-dev
	# Whole each time: the django plugin's incremental cache misreads managers after a merge.
	$(BIN)/mypy --no-incremental

browser:
	@scripts/ensure-chromium

# The SQLite run ignores any DATABASE_URL from the environment; the PostgreSQL run uses one when given.
# Both spread the tests over one process per core (pytest-xdist); PYTEST_WORKERS=0 runs them in this one.
PYTEST_WORKERS ?= auto
pytest-sqlite: $(VENV)/.installed-dev browser
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest -n $(PYTEST_WORKERS)

pytest-postgres: $(VENV)/.installed-dev browser
	@scripts/pytest-postgres "$${DATABASE_URL:-$(POSTGRES_URL)}" -n $(PYTEST_WORKERS)

test: lint typecheck
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/opvangnet makemigrations --check --dry-run
	$(MAKE) pytest-sqlite
	$(MAKE) pytest-postgres

bench: $(VENV)/.installed-dev
	$(BIN)/python -m benchmarks
	$(BIN)/python -m benchmarks.placement_bench
	$(BIN)/python -m benchmarks.planning_bench
	$(BIN)/python -m benchmarks.intake_bench
	DATABASE_URL=$${INSIGHTS_BENCH_DATABASE_URL:-sqlite:///$(CURDIR)/var/insights-bench.sqlite3} $(BIN)/python -m benchmarks.insights_bench

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-dev
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

# The load test of benchmarks/load/ (PostgreSQL): LOAD_DATABASE_URL, LOAD_ARGS="--duration 60 --servers 2".
load: $(VENV)/.installed-bench
	$(BIN)/python -m benchmarks.load $(LOAD_ARGS)

messages: $(VENV)/.installed-dev
	cd src/opvangnet && ../../$(BIN)/opvangnet makemessages -l nl -l en --no-obsolete --ignore 'static/*' && ../../$(BIN)/opvangnet compilemessages

clean:
	rm -rf $(VENV) var/test.sqlite3 .pytest_cache .mypy_cache .ruff_cache
