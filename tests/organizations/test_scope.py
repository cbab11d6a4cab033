"""The one scope rule (cbi/organizations/scope.py): which staff member sees which person, queue
entry and car batch. Kyiv: Олена Петренко of Shevchenkivskyi district and Андрій Мельник of
Pecherskyi district; Lviv region: Тарас Гнатюк."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from cbi.accounts.models import Role, StaffProfile
from cbi.carqueue.models import CarBatch, QueueEntry
from cbi.organizations.models import Organization
from cbi.organizations.scope import Level, scope_of, scoped
from cbi.registry.demo import make_rnokpp
from cbi.registry.models import Person, Territory
from tests.conftest import LVIV_DISTRICT, PECHERSKYI, SHEVCHENKIVSKYI, make_person, make_staff


@pytest.fixture
def people(organizations):
    return {
        "olena": make_person(organizations[SHEVCHENKIVSKYI]),
        "andrii": make_person(organizations[PECHERSKYI], surname="Мельник", given_name="Андрій",
                              patronymic="Петрович", date_of_birth=date(1971, 6, 2), sex="male",
                              rnokpp=make_rnokpp(date(1971, 6, 2), 12, True)),
        "taras": make_person(organizations[LVIV_DISTRICT], surname="Гнатюк", given_name="Тарас",
                             patronymic="Богданович", date_of_birth=date(1979, 8, 2), sex="male",
                             rnokpp=make_rnokpp(date(1979, 8, 2), 17, True)),
    }


def _visible(user) -> set[str]:
    return set(scoped(Person.objects.all(), user=user, office_field="office").values_list("given_name", flat=True))


def _fund_branch_auditor(organizations, oblast_code: str, username: str):
    """A branch of the Fund (no role may be given to one through the service yet: issue #13)."""
    branch = Organization.objects.create(
        code=f"fb-{oblast_code[2:4]}", kind=Organization.Kind.FUND_BRANCH, parent=organizations["fund"],
        territory=Territory.objects.get(code=oblast_code),
        name="Київське міське відділення Фонду соціального захисту осіб з інвалідністю")
    user = get_user_model().objects.create_user(username=username, password="x")
    StaffProfile.objects.create(user=user, role=Role.AUDITOR, organization=branch)
    return get_user_model().objects.get(pk=user.pk)


def test_each_kind_of_organization_sees_its_own_persons(organizations, people, district_officer,
                                                        regional_officer, auditor):
    lviv = make_staff(organizations, "regional.lviv", Role.REGIONAL_OFFICER, "rd-46", first="Богдан", last="Гнатишин")
    kyiv_branch = _fund_branch_auditor(organizations, organizations["rd-80"].territory_id, "fund.kyiv")

    assert _visible(district_officer) == {"Олена"}
    assert _visible(regional_officer) == {"Олена", "Андрій"}
    assert _visible(lviv) == {"Тарас"}
    assert _visible(kyiv_branch) == {"Олена", "Андрій"}
    assert _visible(auditor) == {"Олена", "Андрій", "Тарас"}
    assert _visible(AnonymousUser()) == set()
    assert scope_of(kyiv_branch).level == Level.REGION and scope_of(auditor).level == Level.NATIONAL


def test_a_person_without_a_staff_profile_sees_nothing(people):
    citizen = get_user_model().objects.create_user(username="olena.petrenko", password="x")
    assert scope_of(citizen).level == Level.NONE
    assert _visible(citizen) == set()


def test_queue_entries_a_district_office_sees_its_persons_in_its_regions_queue(
        organizations, people, district_officer, regional_officer):
    kyiv, lviv = organizations["rd-80"], organizations["rd-46"]
    at_home = QueueEntry.objects.create(person=people["olena"], region=kyiv, category="general",
                                        enrollment_date=date(2021, 1, 11), journal_number=501)
    # Олена had been in Lviv region's queue before she moved (an entry kept there).
    elsewhere = QueueEntry.objects.create(person=people["olena"], region=lviv, category="general",
                                          enrollment_date=date(2019, 2, 1), journal_number=77)
    neighbour = QueueEntry.objects.create(person=people["andrii"], region=kyiv, category="general",
                                          enrollment_date=date(2021, 1, 12), journal_number=502)
    entries = QueueEntry.objects.all()

    both = scoped(entries, user=district_officer, office_field="person__office", region_field="region")
    assert set(both) == {at_home}
    assert set(scoped(entries, user=district_officer, office_field="person__office")) == {at_home, elsewhere}
    assert set(scoped(entries, user=regional_officer, office_field="person__office",
                      region_field="region")) == {at_home, neighbour}


def test_car_batches_are_seen_by_the_region_and_its_offices(organizations, district_officer, regional_officer,
                                                           other_district_officer):
    kyiv_batch = CarBatch.objects.create(region=organizations["rd-80"], arrived_on=date(2026, 3, 2), cars=12,
                                         created_by=regional_officer)
    CarBatch.objects.create(region=organizations["rd-46"], arrived_on=date(2026, 3, 3), cars=9,
                            created_by=regional_officer)
    batches = CarBatch.objects.all()
    for user in (district_officer, other_district_officer, regional_officer):
        assert list(scoped(batches, user=user, region_field="region")) == [kyiv_batch]
    assert scope_of(district_officer).region == organizations["rd-80"]
