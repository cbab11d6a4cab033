"""``manage.py import_registry FILE --user LOGIN``: bring in a region's registry (docs/registry-import.md)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from cbi.imports import reading, services


class Command(BaseCommand):
    help = "Import persons from a CSV or XLSX file in the registry's column template; writes a per-row report."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8 or Windows-1251) or XLSX file")
        parser.add_argument("--user", required=True,
                            help="login of the staff member the changes are recorded for (needs the import right)")
        parser.add_argument("--report", help="where to write the per-row report (CSV); default FILE.report.csv")
        parser.add_argument("--resume-from", type=int, dest="resume_from",
                            help="start at this row of the file (the report of a stopped import names it)")
        parser.add_argument("--batch-size", type=int, default=services.BATCH_SIZE, dest="batch_size")

    def handle(self, *args, file: str, user: str, report: str | None, resume_from: int | None,
               batch_size: int, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {user!r}")
        try:
            table = reading.read_path(path)
        except reading.FileFormatError as error:
            raise CommandError(f"Cannot read {path.name}: {error}") from error

        def progress(done: int, total: int) -> None:
            width = 30
            filled = width * done // max(total, 1)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} rows")
            sys.stderr.flush()

        try:
            result = services.import_table(actor=actor, table=table, name=path.name, batch_size=batch_size,
                                           resume_from=resume_from, progress=progress)
        except PermissionDenied as error:
            raise CommandError(f"{user} may not import the registry (needs the import_registry capability)") from error
        except services.ImportFileError as error:
            raise CommandError(str(error)) from error
        sys.stderr.write("\n")
        report_path = Path(report) if report else path.with_name(path.name + ".report.csv")
        report_path.write_bytes(services.report_bytes(result))
        counts = result.counts()
        summary = ", ".join(f"{key} {value}" for key, value in counts.items() if value)
        self.stdout.write(f"{result.total_rows} rows: {summary or 'nothing'}. Report: {report_path}")
        if table.unknown:
            self.stdout.write(f"Columns not in the template, ignored: {', '.join(table.unknown)}")
        if result.resume_from is not None:
            raise CommandError(f"{result.failure} (--resume-from {result.resume_from})")
