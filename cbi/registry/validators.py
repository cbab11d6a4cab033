"""Format checks for identifiers kept in the registry.

Each check raises ``ValidationError`` with a message that tells the officer or
the person what to do. The same functions serve models, forms and the API.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.ua import rntrc

CYRILLIC_UPPER = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ"
# Passport booklet (паспорт-книжечка): two Cyrillic capitals and six digits.
PASSPORT_SERIES_RE = re.compile(rf"^[{CYRILLIC_UPPER}]{{2}}$")
SIX_DIGITS_RE = re.compile(r"^\d{6}$")
# ID card (паспорт у формі картки): a nine-digit document number.
ID_CARD_RE = re.compile(r"^\d{9}$")
# Birth certificate (свідоцтво про народження): series of a Roman numeral,
# a hyphen and two Cyrillic capitals (e.g. І-ЖС, II-КИ, IV-БК), six digits.
BIRTH_CERT_SERIES_RE = re.compile(rf"^[IVXІХ]{{1,4}}-[{CYRILLIC_UPPER}]{{2}}$")

LATIN_TO_CYRILLIC = str.maketrans({"I": "І", "X": "Х"})


def normalize_rnokpp(value: str) -> str:
    return re.sub(r"\s+", "", value or "")


def validate_rnokpp(value: str) -> None:
    """РНОКПП: ten digits, the last one a check digit."""
    value = normalize_rnokpp(value)
    try:
        rntrc.validate(value)
    except (InvalidLength, InvalidFormat):
        raise ValidationError(
            _("The taxpayer number (РНОКПП) has exactly 10 digits. Check the number and enter it again."),
            code="rnokpp_format",
        )
    except InvalidChecksum:
        raise ValidationError(
            _("This taxpayer number (РНОКПП) does not exist: its last digit does not match. Check each digit against the document."),
            code="rnokpp_checksum",
        )


def normalize_phone(value: str) -> str:
    """A Ukrainian mobile number as +380XXXXXXXXX (spaces, brackets and hyphens
    allowed when typed; 0XX… and 380… forms accepted)."""
    phone = re.sub(r"[\s()-]", "", value or "")
    if phone and not re.fullmatch(r"\+?380\d{9}|0\d{9}", phone):
        raise ValidationError(_("Enter a Ukrainian phone number, for example +380 67 123 45 67."), code="phone")
    if phone.startswith("0"):
        phone = "+38" + phone
    elif phone.startswith("380"):
        phone = "+" + phone
    return phone


def normalize_series(value: str) -> str:
    return re.sub(r"\s+", "", (value or "").upper())


def validate_passport_booklet(series: str, number: str) -> dict[str, ValidationError]:
    errors: dict[str, ValidationError] = {}
    if not PASSPORT_SERIES_RE.match(normalize_series(series)):
        errors["series"] = ValidationError(
            _("The series of a passport booklet is two Ukrainian capital letters, for example МК."),
            code="passport_series",
        )
    if not SIX_DIGITS_RE.match(number or ""):
        errors["number"] = ValidationError(
            _("The number of a passport booklet has 6 digits, for example 123456."),
            code="passport_number",
        )
    return errors


def validate_id_card(series: str, number: str) -> dict[str, ValidationError]:
    errors: dict[str, ValidationError] = {}
    if series:
        errors["series"] = ValidationError(
            _("An ID card has no series. Leave the series empty."), code="id_card_series"
        )
    if not ID_CARD_RE.match(number or ""):
        errors["number"] = ValidationError(
            _("The number of an ID card has 9 digits, for example 001234567 (the field “Документ №”)."),
            code="id_card_number",
        )
    return errors


def validate_birth_certificate(series: str, number: str) -> dict[str, ValidationError]:
    errors: dict[str, ValidationError] = {}
    normalized = normalize_series(series).translate(LATIN_TO_CYRILLIC)
    if not BIRTH_CERT_SERIES_RE.match(normalized):
        errors["series"] = ValidationError(
            _("The series of a birth certificate is a Roman numeral, a hyphen and two Ukrainian capital letters, for example І-ЖС."),
            code="birth_certificate_series",
        )
    if not SIX_DIGITS_RE.match(number or ""):
        errors["number"] = ValidationError(
            _("The number of a birth certificate has 6 digits, for example 654321."),
            code="birth_certificate_number",
        )
    return errors


def validate_other_document(series: str, number: str) -> dict[str, ValidationError]:
    if not (number or "").strip():
        return {"number": ValidationError(_("Enter the document number."), code="required")}
    return {}


DOCUMENT_VALIDATORS = {
    "passport_booklet": validate_passport_booklet,
    "id_card": validate_id_card,
    "birth_certificate": validate_birth_certificate,
    "other": validate_other_document,
}
