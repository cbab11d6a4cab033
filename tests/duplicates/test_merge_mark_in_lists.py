"""A merged person is marked wherever a person is listed, not only on the record and in the search
(issue #14 §3, docs/duplicates.md "The mark in lists"): the assistive-products work list, the car
applications and their deadlines, the region's queue, the removals, the duplicates work list and
the complaints — each list asks for the marks of all its persons in one query.

The world: Олена Петренко is the kept record; "Алена Петренко", the same woman written with a typo
by another clerk, was merged into her. Afterwards a paper application, a car application and a
queue entry were still entered on Алена's old record (the officer looked her up by the old card):
the lists must tell the officer that this record was merged into Олена's.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.urls import reverse

from cbi.applications import workflow
from cbi.carqueue.decisions import services as queue_decisions
from cbi.carqueue.models import QueueDecision, QueueEntry
from cbi.organizations.models import Organization
from cbi.registry.models import DisabilityStatus, IdentityDocument
from cbi.registry.demo import make_rnokpp
from tests.applications.fixtures import advance, cabinet_user_for, new_application
from tests.carqueue.test_applications import register, with_assessment
from tests.conftest import make_person, signed_in, SHEVCHENKIVSKYI
from tests.duplicates.test_merged_mark import _merged
from tests.querycount import captured_queries

pytestmark = pytest.mark.django_db

MARK = ("Record merged with Петренко Олена Іванівна", "Запис об’єднано з Петренко Олена Іванівна")


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def _row(page: str, name: str) -> str:
    """The first table row or list item that names the person."""
    rows = [r for r in re.split(r"<tr|<li", page.split("<main", 1)[-1]) if name in r]
    assert rows, f"{name} is not listed"
    return rows[0]


def _marked(row: str) -> bool:
    return any(text in row for text in MARK)


def _with_status(person):
    """Group II since 2023 and an ID card: what a car application needs from the registry."""
    IdentityDocument.objects.create(person=person, kind="id_card", number=f"{abs(hash(person.pk)) % 10**9:09d}",
                                    issued_on=date(2019, 6, 1), issued_by="8000")
    DisabilityStatus.objects.create(person=person, group="II", cause="general_disease", established_on=date(2023, 5, 15))
    return person


@pytest.fixture
def world(organizations, district_officer, wheelchair):
    olena, alena, merge = _merged(organizations, district_officer)
    # Тарас Бондар, a neighbour of the same office, never merged: his rows carry no mark.
    taras = make_person(organizations[SHEVCHENKIVSKYI], surname="Бондар", given_name="Тарас",
                        patronymic="Андрійович", sex="male", date_of_birth=date(1971, 8, 14),
                        rnokpp=make_rnokpp(date(1971, 8, 14), 55, True))
    for person, username in ((alena, "alena.petrenko"), (taras, "taras.bondar")):
        _with_status(person)
        user = cabinet_user_for(person, username)
        advance(new_application(workflow.PROVISION, person=person, person_user=user, product=wheelchair),
                workflow.SUBMITTED, officer=district_officer, person_user=user)
        register(district_officer, with_assessment(person))
    region = Organization.objects.get(code="rd-80")
    for number, person in enumerate((alena, taras), start=1):
        entry = QueueEntry.objects.create(person=person, region=region, category="general",
                                          enrollment_date=date(2021, 4, 12 + number), journal_number=900 + number)
        QueueDecision.objects.create(entry=entry, kind="removal", status="proposed", rule_id="CQ-RM-1",
                                     citation="Постанова КМУ № 999, п. 12",
                                     reason_uk="Строк встановлення інвалідності закінчився.",
                                     effective_on=date(2026, 12, 1), proposed_by_system=True)
    queue_decisions.renumber(entry, cause="test")
    return {"olena": olena, "alena": alena, "taras": taras, "merge": merge}


LISTS = [  # route, query, who reads it
    ("applications_staff:work_list", "", "district_officer"),
    ("carqueue:application_list", "", "district_officer"),
    ("carqueue:queue_list", "?category=general", "district_officer"),
    ("carqueue:removal_list", "", "regional_officer"),
]


@pytest.mark.parametrize("route,query,who", LISTS)
def test_the_list_marks_the_merged_record_and_only_it(world, request, route, query, who):
    page = _page(signed_in(request.getfixturevalue(who)), reverse(route) + query)
    assert _marked(_row(page, "Петренко Алена Іванівна")), f"{route}: Алена's row has no mark"
    assert not _marked(_row(page, "Бондар Тарас Андрійович")), f"{route}: Тарас is marked"


def test_the_car_application_deadlines_mark_the_merged_record(world, district_officer):
    page = _page(signed_in(district_officer), reverse("carqueue:application_list"))
    deadlines = [r for r in page.split("<li>") if "Петренко Алена Іванівна" in r and "</a>" in r]
    assert deadlines and all(_marked(r) for r in deadlines)


def test_the_duplicates_work_list_marks_the_merged_record(world, district_officer):
    page = _page(signed_in(district_officer), reverse("duplicates:list"))
    decided = _row(page, "Петренко Алена Іванівна")
    alena_part = next(part for part in decided.split(" — ") if "Петренко Алена Іванівна" in part)
    olena_part = next(part for part in decided.split(" — ") if part.lstrip(">").startswith("Петренко Олена"))
    assert _marked(alena_part) and not _marked(olena_part.split(":")[0]), decided


def test_the_mark_names_no_one_outside_the_readers_area(world, other_district_officer, organizations):
    """The Pechersk officer may not open Олена's record: a list would say only that the record was
    merged with one kept in another area (the same rule as the record page)."""
    from cbi.registry.marks import mark_persons

    alena = world["alena"]
    mark_persons(other_district_officer, [alena])
    (mark,) = alena.merge_marks
    assert mark.merged_away and not mark.other_visible


@pytest.mark.parametrize("route,query,who", LISTS)
def test_one_query_for_the_marks_however_many_rows(world, request, district_officer, wheelchair, route, query, who):
    """Ten more merged persons listed cost the same number of queries as one: the marks of a list
    are read in one query (the lists' own reads are counted by tests/web/test_query_budgets.py)."""
    client = signed_in(request.getfixturevalue(who))
    url = reverse(route) + query
    client.get(url)
    with captured_queries() as before:
        client.get(url)
    _more_merged(world, district_officer, wheelchair, 10)
    with captured_queries() as after:
        page = _page(client, url)
    assert len(after) == len(before), after.listing()
    assert sum(page.count(text) for text in ("Record merged with", "Запис об’єднано з")) >= 11


def _more_merged(world, officer, wheelchair, n: int) -> None:
    """``n`` more persons, each merged into a kept twin, each with the same rows as Алена."""
    from cbi.duplicates import services
    from cbi.duplicates.models import DuplicatePair
    office = world["olena"].office
    region = Organization.objects.get(code="rd-80")
    names = ["Оксана", "Ірина", "Марія", "Галина", "Тетяна", "Лариса", "Надія", "Віра", "Зоя", "Уляна"]
    for i in range(n):
        born = date(1960 + i, 5, 3)
        kept = make_person(office, surname="Коваль", given_name=names[i], patronymic="Степанівна",
                           date_of_birth=born, rnokpp=make_rnokpp(born, 10 + i, False))
        twin = make_person(office, surname="Коваль", given_name=names[i] + "а"[: i % 2], patronymic="Степанiвна",
                           date_of_birth=born, rnokpp=make_rnokpp(born, 40 + i, False))
        first, second = sorted((kept, twin), key=lambda p: str(p.pk))
        pair = DuplicatePair.objects.create(person_a=first, person_b=second, score=97)
        services.merge(actor=officer, pair_id=pair.pk, survivor_id=kept.pk)
        _with_status(twin)
        user = cabinet_user_for(twin, f"twin.{i}")
        advance(new_application(workflow.PROVISION, person=twin, person_user=user, product=wheelchair),
                workflow.SUBMITTED, officer=officer, person_user=user)
        register(officer, with_assessment(twin))
        entry = QueueEntry.objects.create(person=twin, region=region, category="general",
                                          enrollment_date=date(2022, 2, 1 + i), journal_number=950 + i)
        QueueDecision.objects.create(entry=entry, kind="removal", status="proposed", rule_id="CQ-RM-1",
                                     citation="Постанова КМУ № 999, п. 12",
                                     reason_uk="Строк встановлення інвалідності закінчився.",
                                     effective_on=date(2026, 12, 1), proposed_by_system=True)
    queue_decisions.renumber(entry, cause="test")
