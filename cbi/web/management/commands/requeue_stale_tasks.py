"""Put background tasks whose worker died back in the queue (cbi/web/taskqueue.py).

Run it before each worker starts and every few minutes (deploy/systemd/cbi-requeue.timer);
it is idempotent and safe on any number of machines at once.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cbi.web import taskqueue


class Command(BaseCommand):
    help = "Requeue background tasks that have been running for longer than TASKS_LEASE_SECONDS."

    def add_arguments(self, parser):
        parser.add_argument("--lease", type=int, default=None, help="seconds (default: TASKS_LEASE_SECONDS)")

    def handle(self, *args, lease=None, **options):
        counts = taskqueue.requeue_abandoned(lease_seconds=lease)
        self.stdout.write(f"requeued {counts['requeued']}, failed {counts['failed']}")
