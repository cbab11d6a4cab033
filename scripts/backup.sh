#!/usr/bin/env bash
# Backup of ЦБІ (docs/operations.md, "Backup and restore"): the PostgreSQL database as a
# pg_dump custom-format archive, the uploaded files (MEDIA_ROOT) as a tarball, a copy of the
# journal's signed checkpoints, and a manifest (row counts of every table in the dump's own
# snapshot, SHA-256 of every file) into DEST/cbi-backup-<UTC time>/.
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=… scripts/backup.sh /srv/backups
#
# Prove a backup with scripts/restore-drill.sh. Environment as for the application.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
if [ $# -ne 1 ]; then echo "usage: $0 DEST_DIR" >&2; exit 2; fi
umask 077  # the backup holds personal data: readable by its owner only
exec "$PY" scripts/backup_tools.py backup "$1"
