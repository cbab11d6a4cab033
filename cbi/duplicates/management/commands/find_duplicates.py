"""``manage.py find_duplicates [--organization CODE]``: record suspected duplicate pairs."""

from django.core.management.base import BaseCommand, CommandError

from cbi.duplicates import services
from cbi.registry.models import Organization


class Command(BaseCommand):
    help = "Scan the registry (or one organization's scope) for suspected duplicate persons."

    def add_arguments(self, parser):
        parser.add_argument("--organization", default="", help="the code of an organization: scan only its scope")

    def handle(self, *args, organization: str = "", **options):
        org = None
        if organization:
            org = Organization.objects.filter(code=organization).first()
            if org is None:
                raise CommandError(f"no organization with the code {organization!r}")
        created = services.scan(organization=org)
        self.stdout.write(f"{created} new suspected duplicate pairs")
