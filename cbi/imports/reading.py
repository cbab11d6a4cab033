"""Reading an import file: CSV (UTF-8 with or without BOM, or Windows-1251) or XLSX.

Rows come out as ``(row_number, {column key: value})`` where the row number is the one the
spreadsheet shows (the header is row 1). Values are stripped strings, or ``date`` for date
cells of an XLSX file. Empty rows are skipped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from . import columns
from .error_codes import FILE_EMPTY_MESSAGE, FILE_UNREADABLE_MESSAGE, ImportsErrorCode

XLSX_MAGIC = b"PK\x03\x04"


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message (translated) is shown to the
    administrator on the import's page, ``code`` is an ``ImportsErrorCode`` value."""

    def __init__(self, message, *, code: str):
        super().__init__(message)
        self.code = code
        self.message = message


class FileFormatError(ImportFileError):
    """The file cannot be read as an import file (its encoding, an XLSX that does not open, no rows)."""


@dataclass
class Table:
    headers: list[str]
    mapping: dict[int, str]
    unknown: list[str]
    missing: list[str]
    rows: Iterator[tuple[int, dict[str, object]]]
    encoding: str


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text and the encoding: UTF-8 (a BOM is dropped), else Windows-1251."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1251"), "cp1251"


def _cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a РНОКПП or a number typed into a number cell
    return str(value).strip()


def _rows(raw: Iterator[list], mapping: dict[int, str]) -> Iterator[tuple[int, dict[str, object]]]:
    for number, values in enumerate(raw, start=2):
        row = {key: _cell(values[index]) if index < len(values) else "" for index, key in mapping.items()}
        if any(value not in ("", None) for value in row.values()):
            yield number, row


def read_table(data: bytes, *, name: str = "") -> Table:
    if data.startswith(XLSX_MAGIC) or name.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    return _read_csv(data)


def read_path(path: str | Path) -> Table:
    path = Path(path)
    return read_table(path.read_bytes(), name=path.name)


def _table(headers: list, raw: Iterator[list], encoding: str) -> Table:
    headers = [str(h or "").strip() for h in headers]
    mapping, unknown, missing = columns.map_headers(headers)
    return Table(headers, mapping, unknown, missing, _rows(raw, mapping), encoding)


def _read_csv(data: bytes) -> Table:
    try:
        text, encoding = decode_csv(data)
    except UnicodeDecodeError as error:  # pragma: no cover - cp1251 decodes almost anything
        raise FileFormatError(FILE_UNREADABLE_MESSAGE, code=ImportsErrorCode.FILE_UNREADABLE.value) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = next(reader, None)
    if not headers:
        raise FileFormatError(FILE_EMPTY_MESSAGE, code=ImportsErrorCode.FILE_EMPTY.value)
    return _table(headers, reader, encoding)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise FileFormatError(FILE_UNREADABLE_MESSAGE, code=ImportsErrorCode.FILE_UNREADABLE.value) from error
    sheet = workbook.worksheets[0]
    raw = sheet.iter_rows(values_only=True)
    headers = next(raw, None)
    if not headers:
        raise FileFormatError(FILE_EMPTY_MESSAGE, code=ImportsErrorCode.FILE_EMPTY.value)
    return _table(list(headers), (list(values) for values in raw), "xlsx")
