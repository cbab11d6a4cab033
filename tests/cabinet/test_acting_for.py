"""Whose data a cabinet user may see (``persons_user_may_act_for``): themselves and the persons
they legally represent now — read as a UNION of two indexed id lists (issue #14 §2), not an OR
over two joins with DISTINCT, which scanned the whole registry."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cbi.accounts.models import CabinetAccount, Representation
from cbi.registry.selectors import persons_user_may_act_for
from cbi.registry.demo import make_rnokpp
from tests.conftest import SHEVCHENKIVSKYI, make_person


def account_for(username, person=None):
    user = get_user_model().objects.create_user(username=username, password="Пароль-для-тесту-2026")
    CabinetAccount.objects.create(user=user, person=person, registered_via="code")
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def family(organizations):
    office = organizations[SHEVCHENKIVSKYI]

    def person(surname, given_name, patronymic, born, sex):
        return make_person(office, surname=surname, given_name=given_name, patronymic=patronymic,
                           date_of_birth=born, sex=sex, rnokpp=make_rnokpp(born, 17, sex == "male"))

    mother = person("Мельник", "Оксана", "Петрівна", date(1980, 4, 2), "female")
    son = person("Мельник", "Андрій", "Іванович", date(2012, 9, 1), "male")
    ward = person("Гнатюк", "Степан", "Юрійович", date(1950, 1, 20), "male")
    stranger = person("Бондар", "Ірина", "Олегівна", date(1991, 7, 7), "female")
    return {"mother": mother, "son": son, "ward": ward, "stranger": stranger}


def test_a_mother_acts_for_herself_and_her_son_but_not_after_a_guardianship_ended(family):
    user = account_for("melnyk", family["mother"])
    Representation.objects.create(account=user.cabinet_account, person=family["son"])
    Representation.objects.create(account=user.cabinet_account, person=family["ward"], ended_at=timezone.now())
    names = [(p.surname, p.given_name) for p in persons_user_may_act_for(user)]
    assert names == [("Мельник", "Андрій"), ("Мельник", "Оксана")]


def test_a_representative_who_is_not_in_the_registry_sees_only_the_person_they_represent(family):
    user = account_for("hnatiuk-guardian")
    Representation.objects.create(account=user.cabinet_account, person=family["ward"])
    assert [p.surname for p in persons_user_may_act_for(user)] == ["Гнатюк"]
    assert family["stranger"] not in persons_user_may_act_for(user)


def test_the_persons_are_read_in_one_query_through_a_union_without_distinct(family):
    user = account_for("melnyk", family["mother"])
    Representation.objects.create(account=user.cabinet_account, person=family["son"])
    with CaptureQueriesContext(connection) as queries:
        persons = list(persons_user_may_act_for(user))
    assert len(persons) == 2 and len(queries) == 1
    sql = queries[0]["sql"].upper()
    assert "UNION" in sql and "DISTINCT" not in sql and "JOIN" not in sql
