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

from .error_codes import RegistryErrorCode

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
            code=RegistryErrorCode.RNOKPP_FORMAT.value,
        )
    except InvalidChecksum:
        raise ValidationError(
            _("This taxpayer number (РНОКПП) does not exist: its last digit does not match. Check each digit against the document."),
            code=RegistryErrorCode.RNOKPP_CHECKSUM.value,
        )


def normalize_phone(value: str) -> str:
    """A Ukrainian mobile number as +380XXXXXXXXX (spaces, brackets and hyphens
    allowed when typed; 0XX… and 380… forms accepted)."""
    phone = re.sub(r"[\s()-]", "", value or "")
    if phone and not re.fullmatch(r"\+?380\d{9}|0\d{9}", phone):
        raise ValidationError(_("Enter a Ukrainian phone number, for example +380 67 123 45 67."), code=RegistryErrorCode.PHONE.value)
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
            code=RegistryErrorCode.PASSPORT_SERIES.value,
        )
    if not SIX_DIGITS_RE.match(number or ""):
        errors["number"] = ValidationError(
            _("The number of a passport booklet has 6 digits, for example 123456."),
            code=RegistryErrorCode.PASSPORT_NUMBER.value,
        )
    return errors


def validate_id_card(series: str, number: str) -> dict[str, ValidationError]:
    errors: dict[str, ValidationError] = {}
    if series:
        errors["series"] = ValidationError(
            _("An ID card has no series. Leave the series empty."), code=RegistryErrorCode.ID_CARD_SERIES.value
        )
    if not ID_CARD_RE.match(number or ""):
        errors["number"] = ValidationError(
            _("The number of an ID card has 9 digits, for example 001234567 (the field “Документ №”)."),
            code=RegistryErrorCode.ID_CARD_NUMBER.value,
        )
    return errors


def validate_birth_certificate(series: str, number: str) -> dict[str, ValidationError]:
    errors: dict[str, ValidationError] = {}
    normalized = normalize_series(series).translate(LATIN_TO_CYRILLIC)
    if not BIRTH_CERT_SERIES_RE.match(normalized):
        errors["series"] = ValidationError(
            _("The series of a birth certificate is a Roman numeral, a hyphen and two Ukrainian capital letters, for example І-ЖС."),
            code=RegistryErrorCode.BIRTH_CERTIFICATE_SERIES.value,
        )
    if not SIX_DIGITS_RE.match(number or ""):
        errors["number"] = ValidationError(
            _("The number of a birth certificate has 6 digits, for example 654321."),
            code=RegistryErrorCode.BIRTH_CERTIFICATE_NUMBER.value,
        )
    return errors


# --- A child's birth certificate as the identifier (instead of a РНОКПП) ----------------------

# Certificates of children alive today: the numeral is I to V (Latin I and V, or the
# Cyrillic І people type), a hyphen, two Ukrainian capitals: I-КВ, II-ЖС, IV-БК, V-ОД.
CHILD_BIRTH_CERT_SERIES_RE = re.compile(rf"^(?:I{{1,3}}|IV|V)-[{CYRILLIC_UPPER}]{{2}}$")
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_NUMERAL_TO_LATIN = str.maketrans({"І": "I", "Х": "X"})
# Latin capitals that look like Cyrillic ones, typed with the wrong keyboard layout.
_LETTERS_TO_CYRILLIC = str.maketrans({"A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К",
                                      "M": "М", "O": "О", "P": "Р", "T": "Т", "X": "Х", "Y": "У"})


def normalize_birth_certificate_series(value: str) -> str:
    """"i-кв", "І–КВ", "I КВ", "IКВ" → "І-КВ": capitals, one hyphen, the numeral with the
    Cyrillic І the registry keeps (as ``LATIN_TO_CYRILLIC``), Latin look-alikes in the
    letters made Cyrillic. Anything else is returned as typed, to be refused."""
    series = _DASHES.sub("-", re.sub(r"\s+", "", (value or "").upper()))
    match = re.fullmatch(r"([IVXІХ]{1,4})-?([^-\d]{2})", series)
    if not match:
        return series
    numeral, letters = match.groups()
    return f"{numeral.translate(_NUMERAL_TO_LATIN).translate(LATIN_TO_CYRILLIC)}-{letters.translate(_LETTERS_TO_CYRILLIC)}"


def normalize_birth_certificate(value: str) -> str:
    """"I-КВ123456", "і-кв 123456" → "І-КВ 123456" (series, a space, the number)."""
    text = (value or "").strip()
    match = re.fullmatch(r"(.*?)[\s№]*(\d+)", text)
    if not match:
        return normalize_birth_certificate_series(text)
    return f"{normalize_birth_certificate_series(match.group(1))} {match.group(2)}"


def validate_child_birth_certificate(series: str, number: str) -> dict[str, ValidationError]:
    """A child's birth certificate: series I-КВ … V-ЖС and exactly six digits."""
    errors: dict[str, ValidationError] = {}
    normalized = normalize_birth_certificate_series(series).translate(_NUMERAL_TO_LATIN)
    numeral, _hyphen, letters = normalized.partition("-")
    if not CHILD_BIRTH_CERT_SERIES_RE.match(f"{numeral}-{letters.translate(_LETTERS_TO_CYRILLIC)}"):
        errors["series"] = ValidationError(
            _("The series of a birth certificate is a Roman numeral from I to V, a hyphen and two Ukrainian "
              "capital letters, for example I-КВ."),
            code=RegistryErrorCode.CHILD_BIRTH_CERTIFICATE_SERIES.value,
        )
    if not SIX_DIGITS_RE.match((number or "").strip()):
        errors["number"] = ValidationError(
            _("The number of a birth certificate has exactly 6 digits, for example 123456."),
            code=RegistryErrorCode.CHILD_BIRTH_CERTIFICATE_NUMBER.value,
        )
    return errors


def validate_other_document(series: str, number: str) -> dict[str, ValidationError]:
    if not (number or "").strip():
        return {"number": ValidationError(_("Enter the document number."), code=RegistryErrorCode.DOCUMENT_NUMBER_REQUIRED.value)}
    return {}


DOCUMENT_VALIDATORS = {
    "passport_booklet": validate_passport_booklet,
    "id_card": validate_id_card,
    "birth_certificate": validate_birth_certificate,
    "other": validate_other_document,
}
