"""Write the agencies' API description to docs/agencies-openapi.json (from cbi/agencies/schemas.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cbi.agencies.openapi import document_json

PATH = Path(settings.BASE_DIR) / "docs" / "agencies-openapi.json"


class Command(BaseCommand):
    help = "Write docs/agencies-openapi.json."

    def handle(self, *args, **options):
        PATH.write_text(document_json(), encoding="utf-8")
        self.stdout.write(str(PATH))
