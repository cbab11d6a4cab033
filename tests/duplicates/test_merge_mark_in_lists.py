"""A merged person is marked wherever a person is listed, not only on the record and in the search
(issue #14 §3, docs/duplicates.md "The mark in lists"): the assistive-products work list, the car
applications and their deadlines, the region's queue, the removals and the duplicates work list —
each list asks for the marks of all its persons in one query. The world is in
tests/duplicates/lists_world.py: Алена Петренко's record, merged into Олена's, still has rows in
those lists, and the lists must tell the officer so; Тарас Бондар's rows carry no mark.
"""

from __future__ import annotations

import html
import re
import pytest
from django.urls import reverse

from tests.conftest import signed_in
from tests.duplicates import lists_world
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


@pytest.fixture
def world(organizations, district_officer, wheelchair):
    return lists_world.build(organizations, district_officer, wheelchair)


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
    lists_world.more_merged(world, district_officer, wheelchair, 10)
    with captured_queries() as after:
        page = _page(client, url)
    assert len(after) == len(before), after.listing()
    assert sum(page.count(text) for text in ("Record merged with", "Запис об’єднано з")) >= 11
