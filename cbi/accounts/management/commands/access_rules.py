"""``python manage.py access_rules`` writes docs/access-rules.md from the declared access table
(``cbi/accounts/route_access.py``) and the capability table; ``--check`` only compares and exits 1
when the file is out of date (tests/accounts/test_route_access.py runs it)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cbi.accounts.route_access import render_markdown
from cbi.web.routes import route_inventory

DOC = "access-rules.md"


def doc_path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / DOC


def doc_text() -> str:
    return render_markdown(route_inventory())


class Command(BaseCommand):
    help = "Write (or --check) docs/access-rules.md: who reaches which route, and with what scope."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only report whether the file is out of date.")

    def handle(self, *args, check: bool = False, **options):
        path = doc_path()
        text = doc_text()
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            return
        if check:
            raise CommandError(f"Out of date: docs/{DOC}. Run: python manage.py access_rules", returncode=1)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote docs/{DOC}")
