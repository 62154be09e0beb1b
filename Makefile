# Samordna: `make run` serves a demo on http://127.0.0.1:8000, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test e2e lint format migrate demo messages compile gettext pango chromium bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# WeasyPrint renders PDFs with Pango; install it from Debian when the machine lacks it.
pango:
	@ldconfig -p | grep -q libpangoft2-1.0 || { apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }

$(STAMP): pyproject.toml | $(BIN)/python pango
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

var:
	mkdir -p var

# compilemessages needs GNU gettext's msgfmt; install it from Debian when the machine lacks it.
gettext:
	@command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext; }

# The browser tests (tests/e2e) drive Debian's Chromium through Playwright, which never downloads a browser
# of its own here; install it from Debian when the machine lacks it.
chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver; }

compile: $(STAMP) gettext
	cd src/samordna && ../../$(BIN)/django-admin compilemessages -v 0

migrate: compile var
	$(MANAGE) migrate --noinput -v 0

demo: migrate
	$(MANAGE) seed_demo --if-empty

# The task worker (e-mail notices, the recurring deadline sweep) runs beside the web server; Ctrl-C stops both,
# and the worker is stopped by its process id whenever the server ends.
run: demo
	$(MANAGE) sweep_deadlines --schedule
	$(MANAGE) db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

test: lint compile chromium
	$(BIN)/pytest

# Only the browser tests: the SIP process in Chromium, axe-core, keyboard, reflow; refreshes docs/screenshots.
e2e: compile chromium
	$(BIN)/pytest tests/e2e

format: $(STAMP)
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

messages: $(STAMP) gettext
	cd src/samordna && ../../$(BIN)/django-admin makemessages -l en --no-obsolete --no-location
	$(MAKE) compile

bench: compile
	$(BIN)/python -m bench.run $(ARGS)

clean:
	rm -rf $(VENV) var
