from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cbi.registry.demo import make_rnokpp
from cbi.registry.models import Assessment, DisabilityStatus, Person
from cbi.registry.error_codes import RegistryErrorCode
from tests.conftest import SHEVCHENKIVSKYI, make_person
from tests.errors import error_codes

pytestmark = pytest.mark.django_db


def test_rnokpp_is_unique_in_the_database(organizations):
    make_person(organizations[SHEVCHENKIVSKYI])
    duplicate = Person(surname="Іваненко", given_name="Петро", date_of_birth=date(1985, 3, 27), sex="male",
                       rnokpp="3113201244", office=organizations[SHEVCHENKIVSKYI])
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_person_without_rnokpp_needs_the_refusal_mark(organizations):
    person = Person(surname="Гнатюк", given_name="Марія", date_of_birth=date(1950, 1, 5), sex="female",
                    office=organizations[SHEVCHENKIVSKYI])
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert error_codes(error.value)["rnokpp"] == [RegistryErrorCode.RNOKPP_REQUIRED.value]
    person.rnokpp_refused = True
    person.full_clean()
    person.save()
    # Several people may refuse a number: NULL does not collide.
    other = Person(surname="Гнатюк", given_name="Іван", date_of_birth=date(1948, 2, 1), sex="male",
                   rnokpp_refused=True, office=organizations[SHEVCHENKIVSKYI])
    other.full_clean()
    other.save()


def test_database_refuses_person_with_neither_number_nor_mark(organizations):
    person = Person(surname="Гнатюк", given_name="Марія", date_of_birth=date(1950, 1, 5), sex="female",
                    rnokpp=None, rnokpp_refused=False, office=organizations[SHEVCHENKIVSKYI])
    with pytest.raises(IntegrityError), transaction.atomic():
        person.save()


def test_subgroup_a_exists_only_in_group_i(person):
    status = DisabilityStatus(person=person, group="II", subgroup_a=True, cause="war",
                              established_on=date(2024, 1, 10))
    with pytest.raises(ValidationError) as error:
        status.full_clean()
    assert error_codes(error.value)["subgroup_a"] == [RegistryErrorCode.SUBGROUP_A_ONLY_GROUP_I.value]
    with pytest.raises(IntegrityError), transaction.atomic():
        status.save()


def test_fixed_term_must_end_after_it_starts(person):
    status = DisabilityStatus(person=person, group="III", cause="general_disease",
                              established_on=date(2024, 1, 10), valid_until=date(2023, 1, 10))
    with pytest.raises(ValidationError) as error:
        status.full_clean()
    assert error_codes(error.value)["valid_until"] == [RegistryErrorCode.STATUS_ENDS_BEFORE_ESTABLISHED.value]


def test_status_cannot_point_at_another_persons_assessment(person, organizations):
    stranger = make_person(organizations[SHEVCHENKIVSKYI], surname="Бойко", given_name="Тарас",
                           date_of_birth=date(1979, 11, 2), sex="male", rnokpp="2916000373")
    foreign = Assessment.objects.create(person=stranger, kind="msek", assessed_on=date(2020, 2, 2),
                                        conclusion_number="12/345")
    status = DisabilityStatus(person=person, group="II", cause="general_disease",
                              established_on=date(2020, 2, 2), assessment=foreign)
    with pytest.raises(ValidationError) as error:
        status.full_clean()
    assert error_codes(error.value)["assessment"] == [RegistryErrorCode.ASSESSMENT_OF_ANOTHER_PERSON.value]


def test_hand_controls_only_with_indications_for_a_car(person):
    assessment = Assessment(person=person, kind="expert_team", assessed_on=date(2025, 6, 1),
                            conclusion_number="2025/001", hand_controls=True)
    with pytest.raises(ValidationError) as error:
        assessment.full_clean()
    assert error_codes(error.value)["hand_controls"] == [RegistryErrorCode.HAND_CONTROLS_WITHOUT_CAR.value]


def test_is_child_follows_the_date_of_birth(organizations):
    born = date.today() - timedelta(days=365 * 7)
    child = make_person(organizations[SHEVCHENKIVSKYI], surname="Петренко", given_name="Софія",
                        date_of_birth=born, rnokpp=make_rnokpp(born, 5, False))
    assert child.is_child
    adult = make_person(organizations[SHEVCHENKIVSKYI], surname="Петренко", given_name="Ольга",
                        date_of_birth=date(1990, 1, 1), rnokpp=make_rnokpp(date(1990, 1, 1), 5, False))
    assert not adult.is_child


def test_future_date_of_birth_is_refused(organizations):
    person = Person(surname="Петренко", given_name="Олена", date_of_birth=date.today() + timedelta(days=1),
                    sex="female", rnokpp="3113201244", office=organizations[SHEVCHENKIVSKYI])
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert error_codes(error.value)["date_of_birth"] == [RegistryErrorCode.DATE_OF_BIRTH_FUTURE.value]
