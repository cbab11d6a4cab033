"""Queue the agencies' notices for disability statuses whose fixed term has run out (AG-NOTE-1).

    manage.py agency_lapse_notices [--today YYYY-MM-DD]

An edit of a status notifies its subscribers at once (the registry's signal); a status "until
<date>" that simply runs out changes nothing in the database, so this daily sweep finds the
statuses whose last day was before today and queues one notice for every subscriber that
subscribed while the status was in force. Running it twice, or a day late, queues nothing twice
(docs/agencies-api.md, "Notifications"). A systemd timer runs it daily:
deploy/systemd/cbi-job@agency_lapse_notices.timer.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cbi.agencies.services import queue_lapse_notices


class Command(BaseCommand):
    help = "Queue the agencies' notices for disability statuses whose fixed term has run out."

    def add_arguments(self, parser):
        parser.add_argument("--today", metavar="YYYY-MM-DD", help="Sweep as of this day (default: today).")

    def handle(self, *args, today=None, **options):
        try:
            on = date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError("--today must be a date as YYYY-MM-DD.") from exc
        queued = queue_lapse_notices(on=on)
        self.stdout.write(f"Agency notices for lapsed statuses: {queued} queued.")
