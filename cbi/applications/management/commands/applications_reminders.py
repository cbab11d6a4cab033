"""Replacement reminders (EC-APP-2).

    manage.py applications_reminders [--today YYYY-MM-DD]

Tells each person once, in the cabinet and by e-mail, that a product they received may now
be replaced (its service life has ended). Running it twice sends nothing new. Run it daily
from cron or a systemd timer, or enqueue `cbi.applications.tasks.applications_reminders`
(docs/operations.md).
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cbi.applications import services


class Command(BaseCommand):
    help = "Remind persons whose assistive products may now be replaced (once per product)."

    def add_arguments(self, parser):
        parser.add_argument("--today", metavar="YYYY-MM-DD", help="Send as of this day (default: today).")

    def handle(self, *args, today=None, **options):
        try:
            on = date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError("--today must be a date as YYYY-MM-DD.") from exc
        sent = services.send_replacement_reminders(on)
        self.stdout.write(f"Replacement reminders sent: {sent}.")
