# Two commands set everything up on a new machine: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
export PIP_CONSTRAINT := $(CURDIR)/requirements-build.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Django 6.1 needs Python 3.12 or newer. Take $(PYTHON) if given, else the newest of
# python3.13 / python3.12 that actually runs (a pyenv shim for a version that is not
# selected exists on PATH but fails), else a pyenv install of either.
define FIND_PYTHON
for c in $(PYTHON) python3.13 python3.12 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[3-9]*/bin/python3 $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12*/bin/python3 2>/dev/null | sort -rV); do \
  if "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then command -v "$$c" || echo "$$c"; exit 0; fi; \
done; \
echo "error: Python 3.12 or newer is required (Django 6.1). Install python3.13 or python3.12, or set PYTHON=/path/to/python3.12" >&2; exit 1
endef

.PHONY: help venv run test lint format check-migrations messages check-messages seed catalog worker superuser totp bench backup restore clean

# The development server's port: make run PORT=8010 (links in emails follow it).
PORT ?= 8000

help:
	@echo "make venv   - only create .venv and install everything (run and test do this themselves)"
	@echo "make run    - set up .venv, migrate, seed the pages and catalog, serve on http://127.0.0.1:8000 (PORT=...)"
	@echo "make test   - set up .venv and run the whole test suite (SQLite unless DATABASE_URL is set)"
	@echo "make lint   - ruff check + ruff format --check + makemigrations --check"
	@echo "make messages - update locale/es/LC_MESSAGES/django.po from the code (then translate what is new)"
	@echo "make worker - run the email worker (manage.py send_emails): sends what the outbox holds"
	@echo "make superuser - create a staff superuser on this development machine (asks for a password)"
	@echo "make totp USER=name - give that staff user an authenticator app (prints a QR code)"
	@echo "make bench  - print the performance benchmarks"
	@echo "make backup - pg_dump -Fc of the PostgreSQL DATABASE_URL into var/backups (BACKUP_DIR)"
	@echo "make restore BACKUP=file.dump - pg_restore it into the empty database DATABASE_URL names"

$(PY):
	@python="$$($(FIND_PYTHON))" || exit 1; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)

$(STAMP): $(PY) requirements.txt requirements-dev.txt requirements-build.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

# The Spanish side's messages, compiled for Django (GNU gettext's msgfmt, via compilemessages).
PO := locale/es/LC_MESSAGES/django.po
MO := $(PO:.po=.mo)
# What makemessages reads: the patient side. The staff side (the admin) stays English.
MESSAGES_IGNORE := --ignore=.venv --ignore=tests --ignore=bench --ignore=tools --ignore=deploy \
	--ignore=staticfiles --ignore=screenshots --ignore=node_modules --ignore='*/migrations/*' \
	--ignore='templates/admin/*' --ignore='*/admin/*' --ignore='*/admin.py'

$(MO): $(PO) | $(STAMP)
	@command -v msgfmt >/dev/null || { echo "error: GNU gettext's msgfmt is needed to compile the Spanish translations (apt-get install gettext)" >&2; exit 1; }
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

venv: $(STAMP) $(MO)

run: venv
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py seed_pages
	DEBUG=1 $(PY) manage.py load_catalog
	DEBUG=1 PORT=$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

catalog: venv
	DEBUG=1 $(PY) manage.py load_catalog
	DEBUG=1 $(PY) manage.py rescreen_requests

superuser: venv
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py createsuperuser

totp: venv
	@# USER is also the shell's own login name: only a USER= given on the command line counts.
	@test "$(origin USER)" = "command line" || { echo "usage: make totp USER=<staff username> [REPLACE=1]" >&2; exit 2; }
	DEBUG=1 $(PY) manage.py enroll_totp "$(USER)" $(if $(REPLACE),--replace)

seed: venv
	DEBUG=1 $(PY) manage.py seed_pages

worker: venv
	$(PY) manage.py send_emails

# PYTEST_ARGS passes options through, e.g. make test PYTEST_ARGS='-m "not browser"'.
test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

messages: venv
	DEBUG=1 $(PY) manage.py makemessages -l es --no-obsolete --no-location $(MESSAGES_IGNORE)

# CI: the catalog is what the code says (only its creation date may differ).
check-messages: messages
	git diff --exit-code --ignore-matching-lines='^"POT-Creation-Date:' -- $(PO)

check-migrations: venv
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

bench: venv
	$(PY) bench/run.py

# Backups need only Python 3 and the PostgreSQL client programs, not .venv: they work on a
# fresh machine. DATABASE_URL or DATABASE_URL_FILE names the database (see deploy/pg_backup.py).
backup:
	python3 deploy/pg_backup.py backup

restore:
	python3 deploy/pg_backup.py restore "$(BACKUP)"

clean:
	rm -rf $(VENV) staticfiles screenshots .pytest_cache .ruff_cache
