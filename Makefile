# Sijill: two commands for a newcomer.
#   make demo   install, migrate SQLite, load gazetteer and demo data, serve on 127.0.0.1:8000
#   make test   install and run the whole suite (SQLite, then PostgreSQL when one answers)

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Debian packages the tests and tools need: the browser for the browser tests, gettext for
# translators, the PostgreSQL client, exiftool and ffprobe for evidence metadata, libmagic, Noto fonts for PDFs.
DEBIAN_PACKAGES := chromium chromium-driver gettext postgresql-client libimage-exiftool-perl ffmpeg libmagic1 fonts-noto-core openjdk-17-jre-headless poppler-utils
PG_TEST_URL ?= postgres://postgres:postgres@127.0.0.1:5432/sijill

.PHONY: demo test test-sqlite test-postgres lint install system-packages serve clean

demo: install
	SIJILL_REQUIRE_2FA=$${SIJILL_REQUIRE_2FA:-0} $(BIN)/sijill demo --port $(PORT)

test: install system-packages lint test-sqlite test-postgres

lint: install
	$(BIN)/ruff check .

test-sqlite: install
	SIJILL_HOME=$$(mktemp -d) $(BIN)/pytest -q -p no:cacheprovider -n 2

# PostgreSQL is mandatory in CI (CI=true); on a laptop without one the run says so and passes.
test-postgres: install
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_TEST_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		SIJILL_HOME=$$(mktemp -d) DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -q -p no:cacheprovider -n 2; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL does not answer at $(PG_TEST_URL); CI must run the suite on it." >&2; exit 1; \
	else \
		echo "PostgreSQL does not answer at $(PG_TEST_URL): skipped the PostgreSQL run (set PG_TEST_URL)."; \
	fi

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Sijill needs Python 3.11; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

# Installs what is missing, once; root or passwordless sudo required only when something is missing.
system-packages:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

serve: install
	$(BIN)/sijill runserver 127.0.0.1:$(PORT)

clean:
	rm -rf $(VENV) var build *.egg-info test-artifacts
