"""Stable codes of the errors the registry import raises (docs/registry-import.md;
docs/architecture.md, "Errors have codes").

The upload form's errors are ``ValidationError``s. ``reading.FileFormatError`` (an ``ImportFileError``),
``reading.ImportFileError`` and ``rows.RowError`` are user-facing: their messages, in
Ukrainian, reach the administrator on the import's page or in its per-row report. A message
raised at two places is a constant here."""

from enum import Enum

from django.utils.translation import gettext_lazy as _


class ImportsErrorCode(Enum):
    # The upload (services._create_job).
    FILE_KIND = "file_kind"
    FILE_TOO_LARGE = "file_too_large"
    FILE_EMPTY = "file_empty"
    # The file as a whole (reading.FileFormatError, services.ImportFileError).
    FILE_UNREADABLE = "file_unreadable"
    COLUMNS_MISSING = "columns_missing"
    # A row (rows.RowError): its reasons name the columns.
    ROW_INVALID = "row_invalid"
    OFFICE_UNKNOWN = "office_unknown"
    OFFICE_OUTSIDE_REGION = "office_outside_region"


FILE_EMPTY_MESSAGE = _("The file is empty.")
FILE_UNREADABLE_MESSAGE = _(
    "The file could not be read as CSV or XLSX. Save it from the template as CSV (UTF-8) or XLSX.")
OFFICE_OUTSIDE_REGION_MESSAGE = _("%(office)s is outside your region; import only the persons of your region.")
