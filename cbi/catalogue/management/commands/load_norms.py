from django.core.management.base import BaseCommand

from cbi.catalogue.services import load_norms


class Command(BaseCommand):
    help = ("Add the norms of assistive products (term of use, maximum compensation, who may receive it, "
            "source and effective date) from JSON; existing versions are never rewritten.")

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=None,
                            help="JSON file (default: settings.CATALOGUE_NORMS_FILE)")

    def handle(self, *args, path, **options):
        counts = load_norms(path=path)
        self.stdout.write(f"Norms: {counts['norms']} in the file, {counts['added']} new versions added, "
                          f"{counts['unverified']} not verified against the official text.")
