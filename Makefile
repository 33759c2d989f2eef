# The two commands of the README:
#   make run   — install, seed the demo council, serve on http://127.0.0.1:8000 (SQLite + ./data)
#   make test  — install (Python and Debian packages), lint, run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup system-deps lint bench

run: setup
	bash scripts/system-deps.sh runtime
	$(BIN)/kyhop demo
	$(BIN)/kyhop serve --host $(HOST) --port $(PORT)

test: setup system-deps lint
	$(BIN)/python -m pytest -p no:cacheprovider

lint: setup
	$(BIN)/ruff check app tests bench migrations
	$(BIN)/ruff format --check app tests bench migrations
	$(BIN)/mypy app

bench: setup
	$(BIN)/python -m bench --json bench-results.json

setup: $(VENV)/.installed web/node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

# pdf.js comes from the npm registry and is served by the platform itself (no CDN: commune
# halls may have a closed network).
web/node_modules/.installed: web/package.json web/package-lock.json
	npm ci --prefix web --omit=optional --no-audit --no-fund
	touch $@

system-deps:
	bash scripts/system-deps.sh test
