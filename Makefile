# The two commands: `make run` and `make test`. Everything else is a helper.
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Parallel test workers (CI machines have 2 cores).
WORKERS ?= 2

.PHONY: run test venv migrate demo serve lock messages bench check

run: venv migrate demo serve

venv:
	@scripts/bootstrap.sh

migrate: venv
	@$(PY) manage.py migrate --no-input -v 0

demo: migrate
	@$(PY) manage.py seed_demo

serve:
	@echo "Serving ЦБІ at http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	@$(PY) manage.py runserver $(HOST):$(PORT)

test: venv
	@scripts/ensure-chromium.sh
	$(PY) -m pytest -n $(WORKERS) --dist loadfile $(PYTEST_ARGS)

check: venv
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

lock:
	rm -rf .lock-venv && python3 -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	.lock-venv/bin/pip freeze --exclude-editable > requirements.lock
	rm -rf .lock-venv

messages: venv
	$(PY) manage.py makemessages -l uk -l en --ignore=.venv --ignore=tests --ignore=bench --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv
