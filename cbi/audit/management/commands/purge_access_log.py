"""Delete the reads of personal data older than the retention period.

    manage.py purge_access_log

Reads older than ``ACCESS_LOG_RETENTION_DAYS`` (5 years by default; docs/security.md) are
deleted; nothing else ever deletes or changes the access log. Idempotent; run it daily from
cron or a systemd timer (docs/operations.md).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cbi.audit.services import purge_expired


class Command(BaseCommand):
    help = "Delete the access log's reads older than ACCESS_LOG_RETENTION_DAYS."

    def handle(self, *args, **options):
        self.stdout.write(f"Reads deleted: {purge_expired()}.")
