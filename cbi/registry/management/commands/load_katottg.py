from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cbi.registry import katottg
from cbi.registry.models import Territory


class Command(BaseCommand):
    help = "Load or update the territorial codifier КАТОТТГ from a CSV file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("csv", nargs="?", default=str(settings.CBI_KATOTTG_CSV))

    def handle(self, *args, **options):
        created, updated = katottg.load(Territory, Path(options["csv"]))
        self.stdout.write(f"КАТОТТГ: {created} created, {updated} updated, {Territory.objects.count()} in total")
