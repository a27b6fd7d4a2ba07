# Praktijkbank — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.test-installed

.PHONY: install run serve seed test test-install browser bench load clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements.txt | $(PY)
	$(PIP) install --upgrade pip
	$(PIP) install -r requirements.txt
	touch $@

## install: prepare .venv with the pinned requirements
install: $(INSTALLED)

## seed: create or upgrade the database and import content/ (idempotent)
seed: install
	$(PY) -m kb import content/

## run: install, seed and serve the app at http://$${HOST:-127.0.0.1}:$${PORT:-8050}
run: seed
	$(PY) app.py

## serve: production mode — gunicorn with PRAKTIJKBANK_WORKERS workers (default 4); see docs/deploy.md
PRAKTIJKBANK_WORKERS ?= 4
serve: install
	$(PY) -m kb init
	$(PY) -m kb reindex --sync   # catch the index up once, before the workers start (not once per worker)
	$(VENV)/bin/gunicorn --workers $(PRAKTIJKBANK_WORKERS) --threads 4 --bind $${HOST:-127.0.0.1}:$${PORT:-8050} \
	  --graceful-timeout 20 --access-logfile - 'app:create_server()'

$(TEST_INSTALLED): requirements-test.txt $(INSTALLED)
	$(PIP) install -r requirements-test.txt
	touch $@

## browser: Debian's chromium for the browser tests (Playwright's own download does not work here)
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium ontbreekt: installeer het Debian-pakket 'chromium' (sudo apt-get install chromium)"; exit 1; \
	  fi; \
	fi

test-install: $(TEST_INSTALLED) browser

## test: install what the tests need (the browser too) and run the whole suite
test: test-install
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf var/ .pytest_cache

## load: load test with locust (10,000 initiatives; SQLite 1 worker, PostgreSQL $(PRAKTIJKBANK_WORKERS) workers) → bench/RESULTS.md
LOAD_INSTALLED := $(VENV)/.load-installed
LOAD_ARGS ?=

$(LOAD_INSTALLED): requirements-load.txt $(INSTALLED)
	$(PIP) install -r requirements-load.txt
	touch $@

load: $(LOAD_INSTALLED)
	$(PY) -m bench.load_run --workers $(PRAKTIJKBANK_WORKERS) $(LOAD_ARGS)

## bench: search benchmark at 1,000 / 10,000 / 100,000 initiatives against SQLite FTS5 and Datasette → bench/RESULTS.md
BENCH_INSTALLED := $(VENV)/.bench-installed
BENCH_SIZES ?= 1000,10000,100000

$(BENCH_INSTALLED): bench/requirements.txt $(INSTALLED)
	$(PIP) install -r bench/requirements.txt
	touch $@

bench: $(BENCH_INSTALLED)
	$(PY) -m bench.run --sizes $(BENCH_SIZES)
