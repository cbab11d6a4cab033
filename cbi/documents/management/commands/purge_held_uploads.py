"""Delete held uploads past their expiry, with their files.

    manage.py purge_held_uploads

A file chosen on a form that came back with an error is held for ``HELD_UPLOAD_HOURS`` hours
(cbi.documents.models.HeldUpload). Idempotent; run it daily from cron or a systemd timer
(docs/operations.md).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cbi.documents import services


class Command(BaseCommand):
    help = "Delete expired held uploads and their files."

    def handle(self, *args, **options):
        self.stdout.write(f"Held files deleted: {services.purge_expired_held_uploads()}.")
