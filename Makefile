# The two commands: `make run` and `make test`. Everything else is a helper.
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Parallel test workers (CI machines have 2 cores).
WORKERS ?= 2

.PHONY: run test venv migrate demo serve serve-production worker lock messages bench check

# One short line per stage; a stage's own output only when it fails.
run: venv migrate demo serve

venv:
	@scripts/bootstrap.sh

migrate: venv
	@echo "[2/4] Database (SQLite in var/ unless DATABASE_URL is set): applying migrations ..."
	@$(PY) manage.py migrate --no-input -v 0

demo: migrate
	@echo "[3/4] Demo data (idempotent: a second start adds nothing) ..."
	@$(PY) manage.py seed_demo --url http://$(HOST):$(PORT)

serve:
	@echo "[4/4] Serving ЦБІ at http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	@DJANGO_RUNSERVER_HIDE_WARNING=true $(PY) manage.py runserver --skip-checks $(HOST):$(PORT)

# Production: collectstatic, then gunicorn with workers from the CPU count (docs/operations.md).
serve-production: venv
	@scripts/serve-production.sh

# Background tasks: requeue tasks whose worker died, then a worker (docs/operations.md).
worker: venv
	@$(PY) manage.py requeue_stale_tasks
	@$(PY) manage.py db_worker

test: venv
	@scripts/ensure-chromium.sh
	@echo "Import contracts (.importlinter) ..."
	@.venv/bin/lint-imports --no-cache > var/lint-imports.log 2>&1 || (cat var/lint-imports.log; exit 1)
	$(PY) -m pytest -n $(WORKERS) --dist loadfile $(PYTEST_ARGS)

check: venv
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	.venv/bin/lint-imports

lock:
	rm -rf .lock-venv && python3 -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	.lock-venv/bin/pip freeze --exclude-editable > requirements.lock
	rm -rf .lock-venv

messages: venv
	$(PY) manage.py makemessages -l uk -l en --ignore=.venv --ignore=tests --ignore=bench --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv
