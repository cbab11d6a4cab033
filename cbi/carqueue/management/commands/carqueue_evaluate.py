"""``python manage.py carqueue_evaluate FILE.json`` (``-`` reads standard input).

Prints the decision for a facts document exactly as ``POST /api/v1/car-queue/evaluate``
returns it (same current rules settings, same JSON text). Exit code 0 on success, 2 when the
document is refused (each error with its field path on standard error) or cannot be read.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from cbi.carqueue.settings import evaluation


class Command(BaseCommand):
    help = "Evaluate a car-queue facts document (JSON file, or - for standard input) and print the decision."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the facts document (JSON), or - to read standard input.")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            if path == "-":
                text = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
            else:
                with open(path, "rb") as handle:
                    text = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}", returncode=2) from error
        try:
            decision = evaluation.evaluate_document(evaluation.parse_json_text(text))
        except evaluation.FactsInvalid as invalid:
            for item in invalid.errors:
                self.stderr.write(f"{item['path'] or '(document)'}: {item['message']}")
            raise CommandError(
                f"The facts document is not valid ({len(invalid.errors)} error(s)).", returncode=2
            ) from invalid
        self.stdout.write(evaluation.decision_json(decision))
