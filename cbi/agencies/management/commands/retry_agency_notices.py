"""Send the agencies' status notices whose next try is due.

    manage.py retry_agency_notices

A notice is POSTed by the worker right after the status change commits; one the agency's
callback did not accept is tried again on ``AGENCY_NOTIFY_RETRY_DELAYS`` by this command (a
systemd timer runs it every 5 minutes: deploy/systemd/cbi-job@retry_agency_notices.timer).
Idempotent: a delivered notice is never sent again (docs/agencies-api.md).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cbi.agencies.services import retry_due_notices


class Command(BaseCommand):
    help = "Send the agencies' status notices whose next try is due."

    def handle(self, *args, **options):
        counts = retry_due_notices()
        summary = ", ".join(f"{status}: {count}" for status, count in sorted(counts.items())) or "nothing due"
        self.stdout.write(f"Agency notices: {summary}.")
