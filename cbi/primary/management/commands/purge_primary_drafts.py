"""Delete expired drafts of primary registration with their files.

    manage.py purge_primary_drafts

A draft nobody changed or saved for ``PRIMARY_DRAFT_DAYS`` days is deleted with its uploaded
files and their history (drafts are never seen by officers). Submitted, returned and accepted
applications are never touched. Idempotent; run it daily from cron or a systemd timer, or
enqueue `cbi.primary.tasks.purge_primary_drafts` (docs/operations.md).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cbi.primary import drafts


class Command(BaseCommand):
    help = "Delete expired drafts of primary registration and their files."

    def handle(self, *args, **options):
        result = drafts.purge_expired()
        self.stdout.write(f"Expired drafts deleted: {result['drafts']}, files: {result['files']}.")
