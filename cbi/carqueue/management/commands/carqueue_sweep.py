"""The daily sweep of the car queue (CQ-RM-1..5).

    manage.py carqueue_sweep [--today YYYY-MM-DD]

Evaluates every active queue entry with the rules engine and records the warnings before
the removal deadlines, the removals proposed to the officers and the flags. Running it twice
on the same day records nothing new. Run it daily from cron or a systemd timer, after
`recheck_vehicle_register` (docs/carqueue-removals.md).
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cbi.carqueue.decisions import services as decisions


class Command(BaseCommand):
    help = "Evaluate every active car-queue entry and record warnings, proposed removals and flags."

    def add_arguments(self, parser):
        parser.add_argument("--today", metavar="YYYY-MM-DD", help="Evaluate as of this day (default: today).")

    def handle(self, *args, today=None, **options):
        try:
            on = date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError("--today must be a date as YYYY-MM-DD.") from exc
        report = decisions.sweep(on=on)
        self.stdout.write(
            f"Car-queue sweep on {report.on.isoformat()}: evaluated {report.evaluated}; "
            f"proposals: {len(report.proposals)}; warnings: {len(report.warnings)}; flags: {len(report.flags)}; "
            f"flags cleared: {len(report.cleared)}; skipped: {len(report.skipped)}."
        )
