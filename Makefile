# The two commands of the README:
#   make run   — install the runtime set, seed the demo council, serve (SQLite + ./data)
#   make test  — install the test set (Python and Debian packages), lint, run the whole suite
# Both install from the lock files in requirements/ (hashes checked); `make lock` upgrades them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# the address people reach the server at: QR links and mails carry it
BASE_URL ?= http://$(HOST):$(PORT)
UV_VERSION := 0.13.8
PIP := $(BIN)/python -m pip install --quiet --no-input --disable-pip-version-check
LOCK := $(VENV)/uv/bin/uv pip compile --universal --python-version 3.11 --generate-hashes --quiet --no-header

.PHONY: run test lint bench dist lock system-deps web

run: $(VENV)/.runtime web
	bash scripts/system-deps.sh runtime
	KYHOP_BASE_URL=$(BASE_URL) $(BIN)/kyhop demo
	KYHOP_BASE_URL=$(BASE_URL) $(BIN)/kyhop serve --host $(HOST) --port $(PORT)

test: $(VENV)/.test web system-deps lint
	$(BIN)/python -m pytest -p no:cacheprovider

lint: $(VENV)/.test
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench
	$(BIN)/mypy app

bench: $(VENV)/.test web
	$(BIN)/python -m bench --json bench-results.json

# The wheel and sdist we ship, in dist/ (the image builds them the same way).
dist: $(VENV)/.test web
	PYTHON=$(BIN)/python bash scripts/build-wheel.sh dist

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# The runtime set only: what `kyhop serve` needs, nothing of the tests.
$(VENV)/.runtime: requirements/runtime.txt requirements/build.txt pyproject.toml | $(VENV)/bin/python
	$(PIP) --require-hashes --no-deps -r requirements/build.txt
	$(PIP) --require-hashes --no-deps -r requirements/runtime.txt
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.test: requirements/test.txt requirements/build.txt pyproject.toml | $(VENV)/bin/python
	$(PIP) --require-hashes --no-deps -r requirements/build.txt
	$(PIP) --require-hashes --no-deps -r requirements/test.txt
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@ $(VENV)/.runtime

# pdf.js comes from the npm lock and is copied into the package's static files.
web: web/node_modules/.copied
web/node_modules/.copied: web/package.json web/package-lock.json scripts/build-web.sh
	bash scripts/build-web.sh
	touch $@

# A deliberate upgrade of every pinned version (review the diff, then run `make test`).
lock: | $(VENV)/bin/python
	test -x $(VENV)/uv/bin/uv || { $(PYTHON) -m venv $(VENV)/uv && $(VENV)/uv/bin/pip install --quiet uv==$(UV_VERSION); }
	$(LOCK) --upgrade pyproject.toml -o requirements/runtime.txt
	$(LOCK) --upgrade pyproject.toml --extra test -o requirements/test.txt
	$(LOCK) --upgrade requirements/build.in -o requirements/build.txt

system-deps:
	bash scripts/system-deps.sh test
