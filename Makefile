# Bricoleur's verbs. `make run` and `make test` set up everything they need on first use.

PYTHON ?= python3.11
# Where `make run` serves: `PORT=5055 make run`, or `HOST=0.0.0.0` for other machines too.
HOST ?= 127.0.0.1
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMPS := .make
VENDOR := static/vendor
TRANSLATIONS := initiatives/translations

.PHONY: system-libraries run serve setup test lint fmt translations extract-messages browser screenshots bench loadtest clean help

help:
	@echo "make setup        install what the app needs: .venv, Python packages, front-end assets, translations"
	@echo "make run          set up (first time) and serve on http://$(HOST):$(PORT); another port: PORT=5055 make run (and HOST=...)"
	@echo "make serve        production: gunicorn with gunicorn.conf.py (see docs/deployment.md)"
	@echo "make test         set up what is needed and run the whole test suite"
	@echo "make lint         ruff checks and the import contracts (import-linter);  make fmt  formats the code"
	@echo "make extract-messages  update the translation catalogues after changing texts"
	@echo "make bench        time the case pages, the dashboard and the exports on 100,000 demo cases;"
	@echo "                  a million: make bench INITIATIVES=1000000 (BENCH_ARGS=--help for options)"
	@echo "make loadtest     a working morning against gunicorn: 150 people for 5 min, a log-in wave, a hot case, a BI tool;"
	@echo "                  PASS/MISS per target; LOADTEST_ARGS=\"--mode flat\" for 32 users flat out (LOADTEST_ARGS=--help)"

run: setup
	@$(FLASK) db upgrade
	@$(FLASK) demo-data --if-empty --initiatives 60
	@$(FLASK) exports prepare
	@echo "Serving Bricoleur on http://$(HOST):$(PORT) (stop with Ctrl+C); mails go to instance/mail/ unless BRICOLEUR_SMTP_HOST is set"
	@# The deliverer (reminders, digests, mails) every minute in the background, stopped with the server.
	@export BRICOLEUR_BASE_URL=$${BRICOLEUR_BASE_URL:-http://$(HOST):$(PORT)}; \
	( while true; do $(FLASK) notifications deliver --quiet; sleep 60; done ) & deliverer=$$!; \
	trap 'kill $$deliverer 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

# Production: several gunicorn workers, set by BRICOLEUR_* variables (docs/deployment.md). Like
# the app, it refuses to start, in one line, without a real SECRET_KEY. Migrate first: `flask db upgrade`.
serve: setup
	@BRICOLEUR_ENV=$${BRICOLEUR_ENV:-production} $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

setup: system-libraries $(STAMPS)/venv $(STAMPS)/assets translations

test: setup browser
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

lint: $(STAMPS)/venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

fmt: $(STAMPS)/venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

$(STAMPS)/venv: requirements.txt requirements-dev.txt
	@mkdir -p $(STAMPS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

$(STAMPS)/assets: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/utrecht $(VENDOR)/voorbeeld $(VENDOR)/axe-core
	cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/utrecht/
	cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css $(VENDOR)/voorbeeld/
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe-core/
	mkdir -p $(VENDOR)/leaflet $(VENDOR)/leaflet.markercluster $(VENDOR)/proj4 $(VENDOR)/proj4leaflet
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images $(VENDOR)/leaflet/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js node_modules/leaflet.markercluster/dist/MarkerCluster.css node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css $(VENDOR)/leaflet.markercluster/
	cp node_modules/proj4/dist/proj4.js $(VENDOR)/proj4/
	cp node_modules/proj4leaflet/src/proj4leaflet.js $(VENDOR)/proj4leaflet/
	@touch $@

translations: $(STAMPS)/venv
	@$(BIN)/pybabel compile --statistics -d $(TRANSLATIONS) 2>&1 | grep -v '^$$' || true

extract-messages: $(STAMPS)/venv
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k _l -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete --width 100 -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

# Pango and fonts for WeasyPrint's PDFs (a Python package cannot bring these itself).
system-libraries:
	@if ldconfig -p | grep -q libpangoft2-1.0 && fc-list 2>/dev/null | grep -qi dejavu; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Pango and fonts for the PDF reports..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-dejavu-core >/dev/null; \
	else echo "Pango or the DejaVu fonts are missing and cannot be installed here: PDF reports will fail."; fi

# Debian's Chromium for the browser tests; Playwright's own browser download does not work here.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "No /usr/bin/chromium and no root to install it: browser tests will be skipped."; fi

screenshots: setup browser
	$(BIN)/pytest tests/browser/test_screenshots.py --screenshots

# A fresh SQLite database with 100,000 demo cases, then the case pages' medians; a million:
# `make bench INITIATIVES=1000000` (the exports at 10,000 and that many). For PostgreSQL, e.g.
# BENCH_ARGS="--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench".
INITIATIVES ?= 100000
bench: setup
	$(BIN)/python scripts/bench.py --initiatives $(INITIATIVES) $(BENCH_ARGS)
	$(BIN)/python scripts/bench_exports.py --sizes 10000,$(INITIATIVES) $(BENCH_EXPORTS_ARGS)

# 32 users (pages and API, reads and writes) for 60 s against gunicorn on a fresh SQLite file;
# fails on any 5xx, "database is locked" or lost write. For PostgreSQL, e.g.
# LOADTEST_ARGS="--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bric_load" (made by
# scripts/postgres_database.py create URL).
loadtest: setup
	$(BIN)/python scripts/loadtest.py $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) $(STAMPS)
