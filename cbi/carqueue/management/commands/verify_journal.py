"""Recompute the MAC chain of the journals of applications and check every signed checkpoint.

    python manage.py verify_journal [--journal ORG_CODE]

Exit 0 with the number of entries and checkpoints verified; exit 1 naming the first broken
entry (journal, number, what does not match) or checkpoint."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cbi.carqueue.intake import checkpoints
from cbi.carqueue.intake.journal import verify
from cbi.carqueue.models import Journal


class Command(BaseCommand):
    help = "Verify the hash chain of the car-application journals (all, or one organization's)."

    def add_arguments(self, parser):
        parser.add_argument("--journal", metavar="ORG_CODE", help="code of the organization whose journal to check")

    def handle(self, *args, journal=None, **options):
        journals = Journal.objects.select_related("organization").order_by("organization__code")
        if journal:
            journals = journals.filter(organization__code=journal)
            if not journals.exists():
                raise CommandError(f"No journal for organization {journal!r}.")
        total = 0
        for item in journals:
            count, broken = verify(item)
            if broken is not None:
                raise CommandError(f"Broken: {broken}. Entries before it verified: {count}.")
            self.stdout.write(f"Journal {item.organization.code}: {count} entries verified.")
            total += count
        verified, broken = checkpoints.verify()
        if broken is not None:
            raise CommandError(f"Broken: {broken}. Checkpoints before it verified: {verified}.")
        self.stdout.write(f"Checkpoints: {verified} verified.")
        self.stdout.write(self.style.SUCCESS(f"OK: {total} entries verified."))
