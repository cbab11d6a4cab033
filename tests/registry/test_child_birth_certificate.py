"""A child without a taxpayer number is identified by the birth certificate (issue #11).

Choice (docs/primary-registration.md): any minor, i.e. under 18 — a child (дитина з
інвалідністю) is a person under 18 in the glossary, a РНОКПП is not obligatory for
minors, and every child has a birth certificate. Adults keep the РНОКПП or the refusal mark."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from cbi.registry import validators
from cbi.registry.models import Person
from cbi.registry.error_codes import RegistryErrorCode
from tests.conftest import SHEVCHENKIVSKYI
from tests.errors import error_codes

pytestmark = pytest.mark.django_db


def years_ago(years: int, days: int = 0):
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


def child(organizations, **fields) -> Person:
    data = {"surname": "Бондар", "given_name": "Остап", "date_of_birth": years_ago(7), "sex": "male",
            "office": organizations[SHEVCHENKIVSKYI], "birth_certificate": "I-КВ 123456", **fields}
    return Person(**data)


@pytest.mark.parametrize("typed", ["I-КВ", "І-КВ", "i-кв", "I КВ", "IКВ", "І–КВ", "I-KB"])
def test_the_series_is_normalised_whatever_i_and_hyphen_were_typed(typed):
    assert validators.normalize_birth_certificate_series(typed) == "І-КВ"
    assert validators.validate_child_birth_certificate(typed, "123456") == {}


@pytest.mark.parametrize("series", ["II-ЖС", "III-БК", "IV-ОД", "V-КИ"])
def test_numerals_one_to_five(series):
    assert validators.validate_child_birth_certificate(series, "654321") == {}


@pytest.mark.parametrize("series", ["VI-КВ", "X-КВ", "I-К", "I-КВС", "1-КВ", "КВ", "I-QW", ""])
def test_a_wrong_series_says_what_the_right_one_looks_like(series):
    errors = validators.validate_child_birth_certificate(series, "123456")
    assert errors["series"].code == RegistryErrorCode.CHILD_BIRTH_CERTIFICATE_SERIES.value
    with translation.override("en"):  # the message shows an example of a right series
        assert "I-КВ" in str(errors["series"].message) and "I to V" in str(errors["series"].message)


@pytest.mark.parametrize("number", ["12345", "1234567", "12345a", ""])
def test_the_number_has_exactly_six_digits(number):
    errors = validators.validate_child_birth_certificate("I-КВ", number)
    assert list(errors) == ["number"] and errors["number"].code == RegistryErrorCode.CHILD_BIRTH_CERTIFICATE_NUMBER.value


def test_a_child_with_a_birth_certificate_and_no_taxpayer_number_is_kept(organizations):
    person = child(organizations, birth_certificate="i-кв123456")
    person.full_clean()
    person.save()
    person.refresh_from_db()
    assert (person.rnokpp, person.rnokpp_refused, person.birth_certificate) == (None, False, "І-КВ 123456")


def test_an_adult_is_not_identified_by_a_birth_certificate(organizations):
    with pytest.raises(ValidationError) as error:
        child(organizations, date_of_birth=years_ago(18)).full_clean()
    assert error_codes(error.value)["birth_certificate"] == [RegistryErrorCode.BIRTH_CERTIFICATE_ADULT.value]
    child(organizations, date_of_birth=years_ago(18, days=-1)).full_clean()  # 17, birthday tomorrow


def test_the_certificate_is_not_a_second_identifier(organizations):
    with pytest.raises(ValidationError):
        child(organizations, rnokpp="3456789014").full_clean()
    with pytest.raises(ValidationError):
        child(organizations, rnokpp_refused=True).full_clean()


def test_the_database_keeps_one_identifier_only(organizations):
    # Neither РНОКПП, nor refusal, nor certificate: refused by the database itself.
    with pytest.raises(IntegrityError), transaction.atomic():
        child(organizations, birth_certificate="").save()
    with pytest.raises(IntegrityError), transaction.atomic():
        child(organizations, rnokpp="3456789014").save()
    child(organizations).save()
