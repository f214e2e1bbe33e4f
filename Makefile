# Ketenwerk — the two commands of the contract are `make run` and `make test`.
# Everything runs inside .venv, created on first use from any Python 3.11+.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo serve lint format check messages ci clean bench loadtest faults-pg-restart fuzz

run: install migrate demo serve  ## Install, migrate, load the demo region and serve on :8000

# Two test processes (pytest-xdist), one per core of our CI machine; each gets its own test
# database. TEST_WORKERS=0 runs in one process; a test file stays in one process (loadfile).
TEST_WORKERS ?= 2

test: install  ## Install and run the whole test suite (SQLite unless DATABASE_URL is set)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Ketenwerk needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: install
	$(BIN)/python manage.py seed_demo

serve: install
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install  ## What CI checks besides the tests
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check_translations

messages: install  ## Refresh the nl/fr/en catalogues after changing user-facing strings
	$(BIN)/python manage.py makemessages --locale nl --locale fr --locale en --no-obsolete --ignore ".venv/*" --ignore "staticfiles/*"
	$(BIN)/python manage.py compilemessages --ignore ".venv/*"

SCALE ?= full
bench: install  ## The benchmark on PostgreSQL (DATABASE_URL; a bench database created and dropped): SCALE=small|full, KEEP=1
	$(BIN)/python -m bench --scale $(SCALE) $(BENCH_ARGS)

loadtest: install  ## 60 s of locust (32 users) against gunicorn on PostgreSQL demo data: zero 5xx, zero lost writes
	$(BIN)/python -m pip install --quiet -e ".[dev,load]"
	$(BIN)/python -m loadtest

faults-pg-restart: install  ## Restarts the local PostgreSQL under a running gunicorn: requests succeed after it
	bash loadtest/pg_restart.sh

fuzz: install  ## schemathesis over every API operation against a throwaway demo database (~4 min)
	bash .ci/schemathesis

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
