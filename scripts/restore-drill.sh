#!/usr/bin/env bash
# Restore drill (docs/operations.md, "Backup and restore"): restore a backup made by
# scripts/backup.sh into a fresh database and a fresh directory and prove that every table has
# the rows it had, every file its checksum (and every file the database refers to is there),
# and that `manage.py verify_journal` passes. Drops what it created unless --keep.
#
#   DATABASE_URL=postgres://… scripts/restore-drill.sh /srv/backups/cbi-backup-20261205T171500Z [--keep]
#
# The fresh database is <name>_drill_<time> on DATABASE_URL's server, or RESTORE_DATABASE_URL.
# Exit status 0 only when everything is intact.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
if [ $# -lt 1 ]; then echo "usage: $0 BACKUP_DIR [--keep]" >&2; exit 2; fi
exec "$PY" scripts/backup_tools.py drill "$@"
