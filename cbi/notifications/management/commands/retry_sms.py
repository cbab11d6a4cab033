"""Send the text messages whose next try is due.

    manage.py retry_sms

A notification's SMS is sent by the worker right after it is queued; one the provider did not
accept is tried again on ``SMS_RETRY_DELAYS`` by this command (a systemd timer runs it every
few minutes: deploy/systemd/cbi-job@retry_sms.timer). Idempotent: a sent message is never
sent again (docs/notifications.md).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cbi.notifications.services import retry_due_sms


class Command(BaseCommand):
    help = "Send the queued text messages whose next try is due."

    def handle(self, *args, **options):
        counts = retry_due_sms()
        summary = ", ".join(f"{status}: {count}" for status, count in sorted(counts.items())) or "nothing due"
        self.stdout.write(f"Text messages: {summary}.")
