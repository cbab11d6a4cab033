from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.ua import rntrc

from cbi.registry.demo import RNOKPP_EPOCH, make_rnokpp
from cbi.registry.models import IdentityDocument, Person
from cbi.registry.validators import validate_rnokpp
from cbi.registry.error_codes import RegistryErrorCode
from tests.errors import error_codes


@pytest.mark.parametrize("value", ["3113201244", "2916000373", "311 320 1244"])
def test_valid_rnokpp_is_accepted(value):
    validate_rnokpp(value)


def test_rnokpp_with_wrong_check_digit_is_refused_with_a_message_about_the_last_digit():
    with pytest.raises(ValidationError) as error:
        validate_rnokpp("3113201245")
    assert error.value.code == RegistryErrorCode.RNOKPP_CHECKSUM.value


@pytest.mark.parametrize("value", ["311320124", "31132012441", "31132O1244", ""])
def test_rnokpp_of_wrong_length_or_with_letters_is_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_rnokpp(value)
    assert error.value.code == RegistryErrorCode.RNOKPP_FORMAT.value


@given(born=st.dates(min_value=date(1920, 1, 1), max_value=date(2025, 12, 31)),
       serial=st.integers(0, 999), male=st.booleans())
def test_demo_rnokpp_is_valid_and_encodes_birth_date_and_sex(born, serial, male):
    number = make_rnokpp(born, serial, male)
    assert rntrc.is_valid(number)
    assert int(number[:5]) == (born - RNOKPP_EPOCH).days
    assert int(number[8]) % 2 == (1 if male else 0)


def _document(kind, series, number):
    return IdentityDocument(person=Person(), kind=kind, series=series, number=number)


@pytest.mark.parametrize("kind,series,number", [
    ("passport_booklet", "МК", "123456"),
    ("passport_booklet", "мк", "654321"),  # lower case is normalised
    ("id_card", "", "001234567"),
    ("birth_certificate", "І-ЖС", "123456"),
    ("birth_certificate", "I-ЖС", "123456"),  # Latin I typed for the Roman numeral
    ("birth_certificate", "II-КИ", "000001"),
    ("other", "", "ВК-12/2020"),
])
def test_document_formats_accepted(kind, series, number):
    doc = _document(kind, series, number)
    doc.clean()


def test_birth_certificate_series_is_stored_with_cyrillic_numeral():
    doc = _document("birth_certificate", "I-жс", "123456")
    doc.clean()
    assert doc.series == "І-ЖС"


@pytest.mark.parametrize("kind,series,number,field,code", [
    ("passport_booklet", "MK", "123456", "series", RegistryErrorCode.PASSPORT_SERIES),      # Latin letters
    ("passport_booklet", "МКК", "123456", "series", RegistryErrorCode.PASSPORT_SERIES),
    ("passport_booklet", "МК", "12345", "number", RegistryErrorCode.PASSPORT_NUMBER),
    ("id_card", "", "12345678", "number", RegistryErrorCode.ID_CARD_NUMBER),
    ("id_card", "МК", "001234567", "series", RegistryErrorCode.ID_CARD_SERIES),             # an ID card has no series
    ("birth_certificate", "ЖС", "123456", "series", RegistryErrorCode.BIRTH_CERTIFICATE_SERIES),
    ("birth_certificate", "І-ЖС", "1234567", "number", RegistryErrorCode.BIRTH_CERTIFICATE_NUMBER),
    ("other", "", "", "number", RegistryErrorCode.DOCUMENT_NUMBER_REQUIRED),
])
def test_document_formats_refused_on_the_right_field(kind, series, number, field, code):
    with pytest.raises(ValidationError) as error:
        _document(kind, series, number).clean()
    assert error_codes(error.value) == {field: [code.value]}
