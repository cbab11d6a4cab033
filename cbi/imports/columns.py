"""The column template of a registry import: Ukrainian headers, one home (pure Python).

The headers are part of the file format, not of the interface: they are the same whatever
language the page is shown in. ``docs/registry-import.md`` describes each column; the back
office offers the template as CSV and XLSX (``template_rows``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cbi.registry.names import APOSTROPHES


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    example: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("surname", "Прізвище", True, "Петренко"),
    Column("given_name", "Ім’я", True, "Олена"),
    Column("patronymic", "По батькові", False, "Іванівна"),
    Column("date_of_birth", "Дата народження", True, "27.03.1985"),
    Column("sex", "Стать", True, "ж"),
    Column("rnokpp", "РНОКПП", False, "3113201244"),
    Column("rnokpp_refused", "Відмова від РНОКПП", False, "ні"),
    Column("birth_certificate", "Свідоцтво про народження дитини", False, ""),
    Column("document_kind", "Вид документа", False, "паспорт"),
    Column("document_series", "Серія документа", False, "МК"),
    Column("document_number", "Номер документа", False, "123456"),
    Column("document_issued_on", "Дата видачі документа", False, "10.04.2001"),
    Column("document_issued_by", "Ким виданий документ", False, "Шевченківським РУ ГУ МВС України в м. Києві"),
    Column("phone", "Телефон", False, "+380671234567"),
    Column("email", "Електронна пошта", False, ""),
    Column("place", "Населений пункт або код КАТОТТГ", False, "Бровари"),
    Column("street", "Вулиця", False, "вул. Героїв України"),
    Column("building", "Будинок", False, "10"),
    Column("apartment", "Квартира", False, "5"),
    Column("postcode", "Індекс", False, "07400"),
    Column("office", "Код органу соціального захисту", False, ""),
    Column("group", "Група інвалідності", False, "II"),
    Column("subgroup_a", "Підгрупа А", False, "ні"),
    Column("cause", "Причина інвалідності", False, "загальне захворювання"),
    Column("established_on", "Дата встановлення інвалідності", False, "15.05.2023"),
    Column("valid_until", "Інвалідність встановлено до", False, ""),
)

BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED = tuple(column.key for column in COLUMNS if column.required)
_DROP = {ord(c): None for c in APOSTROPHES + "*"}


def header_key(text: str) -> str:
    """The comparable form of a header: case, apostrophes, spaces and a trailing * do not matter."""
    text = unicodedata.normalize("NFC", str(text or "")).replace("\ufeff", "").casefold().translate(_DROP)
    return re.sub(r"\s+", " ", text).strip()


_HEADERS = {header_key(column.header): column.key for column in COLUMNS}


def map_headers(headers: list[str]) -> tuple[dict[int, str], list[str], list[str]]:
    """Column index → key; the headers not recognised; the required columns missing."""
    mapping, unknown = {}, []
    for index, header in enumerate(headers):
        key = _HEADERS.get(header_key(header))
        if key is None:
            if header_key(header):
                unknown.append(str(header))
        elif key not in mapping.values():
            mapping[index] = key
    missing = [BY_KEY[key].header for key in REQUIRED if key not in mapping.values()]
    return mapping, unknown, missing


def template_rows() -> list[list[str]]:
    """The header row and one example row."""
    return [[column.header for column in COLUMNS], [column.example for column in COLUMNS]]
