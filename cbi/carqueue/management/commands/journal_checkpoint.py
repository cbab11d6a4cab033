"""Publish a signed checkpoint of every journal of applications (outside the database).

    python manage.py journal_checkpoint

Run it at a fixed interval (cron or a systemd timer, e.g. hourly) and whenever a checkpoint
is wanted on demand; see docs/security.md."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cbi.carqueue.intake import checkpoints


class Command(BaseCommand):
    help = "Append a signed checkpoint of every car-application journal's head."

    def handle(self, *args, **options):
        record = checkpoints.publish()
        self.stdout.write(f"Checkpoint No. {record['sequence']} of {len(record['journals'])} journals written to "
                          f"{checkpoints.path()}.")
