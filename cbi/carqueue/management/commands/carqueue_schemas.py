"""``python manage.py carqueue_schemas`` writes the JSON Schemas of the facts document and of
the decision to docs/ (generated from the pydantic models of the rules engine);
``--check`` only compares and exits 1 when a file is out of date."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cbi.carqueue.rules import decision_json_schema, facts_json_schema

SCHEMAS = {
    "carqueue-facts.schema.json": facts_json_schema,
    "carqueue-decision.schema.json": decision_json_schema,
}


def schema_text(name: str) -> str:
    return json.dumps(SCHEMAS[name](), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def docs_dir() -> Path:
    return Path(settings.BASE_DIR) / "docs"


class Command(BaseCommand):
    help = "Write (or --check) docs/carqueue-facts.schema.json and docs/carqueue-decision.schema.json."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only report files that are out of date.")

    def handle(self, *args, check: bool = False, **options):
        stale = []
        for name in SCHEMAS:
            path = docs_dir() / name
            text = schema_text(name)
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text:
                continue
            if check:
                stale.append(name)
            else:
                path.write_text(text, encoding="utf-8")
                self.stdout.write(f"Wrote docs/{name}")
        if stale:
            raise CommandError(
                f"Out of date: {', '.join(stale)}. Run: python manage.py carqueue_schemas", returncode=1
            )
