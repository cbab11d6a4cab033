from django.core.management.base import BaseCommand

from cbi.catalogue.services import DATA_FILE, load_catalogue


class Command(BaseCommand):
    help = "Load or refresh the catalogue of assistive products (groups, products, suppliers) from JSON."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DATA_FILE), help="JSON file (default: the shipped data)")

    def handle(self, *args, path, **options):
        counts = load_catalogue(path=path)
        self.stdout.write(f"Catalogue: {counts['groups']} groups, {counts['products']} products, "
                          f"{counts['suppliers']} suppliers; {counts['changed']} records created or changed.")
