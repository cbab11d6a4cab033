"""Registry import fixtures: a regional administrator of Kyiv and files in the template."""

from __future__ import annotations

import csv
import io

import pytest

from cbi.accounts.models import Role
from cbi.imports.columns import COLUMNS
from tests.conftest import SHEVCHENKIVSKYI, make_staff

HEADERS = [column.header for column in COLUMNS]
KEYS = [column.key for column in COLUMNS]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}}}


@pytest.fixture
def regional_admin(organizations):
    """The administrator of the Kyiv city department who brings in the city's registry."""
    return make_staff(organizations, "admin.kyiv", Role.ADMINISTRATOR, "rd-80", first="Тарас", last="Гончаренко")


def row(**values) -> list[str]:
    return [str(values.get(key, "")) for key in KEYS]


# Realistic rows of a Kyiv registry kept in a spreadsheet (РНОКПП with valid check digits).
KOVALENKO = dict(surname="Коваленко", given_name="Марія", patronymic="Петрівна", date_of_birth="15.07.1990",
                 sex="ж", rnokpp="3306800701", document_kind="паспорт", document_series="ТТ",
                 document_number="456789", document_issued_on="20.08.2006",
                 place="Шевченківський район, м. Київ", street="вул. Січових Стрільців", building="21",
                 apartment="14", postcode="04053", group="II", cause="загальне захворювання",
                 established_on="12.09.2022")
MELNYK = dict(surname="Мельник", given_name="Андрій", patronymic="Васильович", date_of_birth="1972-11-04",
              sex="ч", rnokpp="2660604511", document_kind="ID-картка", document_number="001234567",
              place="київ", street="просп. Перемоги", building="37", office=SHEVCHENKIVSKYI,
              group="I", subgroup_a="так", cause="інвалідність внаслідок війни", established_on="01.03.2023",
              valid_until="01.03.2026")
BAD_RNOKPP = dict(surname="Бондар", given_name="Ігор", patronymic="Олексійович", date_of_birth="30.01.1963",
                  sex="ч", rnokpp="2304008811", place="Шевченківський район, м. Київ", street="вул. Велика Житомирська",
                  building="8")
SHEVCHUK = dict(surname="Шевчук", given_name="Дмитро", patronymic="Ігорович", date_of_birth="09.09.2001",
                sex="ч", rnokpp="3714200515", place="Шевченківський район, м. Київ", street="вул. Ярославів Вал",
                building="2", group="III", cause="з дитинства", established_on="10.10.2019")


def csv_bytes(rows: list[list[str]], *, encoding: str = "utf-8-sig", delimiter: str = ";") -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=delimiter)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return stream.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for values in rows:
        sheet.append(values)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def read_report(data: bytes) -> dict[int, tuple[str, str, str]]:
    """Row number → (result, person, reason), read as the administrator's spreadsheet would."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    return {int(r[0]): (r[1], r[2], r[3]) for r in rows[1:]}


def label(outcome: str) -> str:
    """The result as the report writes it (Ukrainian)."""
    from django.utils import translation

    from cbi.imports.services import outcome_label

    with translation.override("uk"):
        return outcome_label(outcome)
