#!/usr/bin/env bash
# The production application server, in one command (docs/operations.md, "Serving"):
# collect static files (hashed names, the manifest readiness checks), then gunicorn with
# workers sized from the CPU count (deploy/gunicorn.conf.py). Migrations are not run here:
# one `manage.py migrate` per release, before the new processes start (deploy/systemd/).
#
#   CBI_ENV=production SECRET_KEY=… ALLOWED_HOSTS=… DATABASE_URL=… CACHE_URL=… scripts/serve-production.sh
#
# Environment: BIND (127.0.0.1:8000), WEB_CONCURRENCY (2 × CPUs + 1), and every setting of
# cbi/settings.py. Extra arguments go to gunicorn.
set -euo pipefail
cd "$(dirname "$0")/.."
export CBI_ENV="${CBI_ENV:-production}"
PY="${PYTHON:-.venv/bin/python}"

"$PY" manage.py collectstatic --no-input -v 0
# Refuse to start on a configuration that `check --deploy` calls an error (no journal key, …).
"$PY" manage.py check --deploy --fail-level ERROR >/dev/null
exec "$PY" -m gunicorn --config deploy/gunicorn.conf.py "$@" cbi.wsgi:application
