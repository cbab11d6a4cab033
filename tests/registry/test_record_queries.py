"""The person's record, the cabinet home and the staff search make a fixed number of queries,
however many documents, statuses, assessments, representatives, family members, applications,
products, uploaded scans, correction requests, notifications and merged namesakes the person has
(issue #14 §2; docs/performance.md). Each page is asked with one row of everything, then with
thirty more, and the counts must be equal and equal to the route's budget in
tests/query_budgets.py; the page must also be longer, so the rows are really shown.

Олена Петренко of Shevchenkivskyi district of Kyiv (the ``person`` fixture) is read by her
district officer; in the cabinet she reads her own home page.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cbi.applications import workflow
from cbi.applications.models import IssuedProduct
from cbi.documents.models import Document
from cbi.documents.services import store_document
from cbi.registry.demo import make_rnokpp
from cbi.registry.models import IdentityDocument
from tests.applications.fixtures import advance, cabinet_user_for, new_application, pdf_file
from tests.conftest import SHEVCHENKIVSKYI, make_person, signed_in
from tests.query_budgets import BUDGETS
from tests.querycount import captured_queries
from tests.web import query_world

pytestmark = pytest.mark.django_db

MORE = 30


def _count(client, url: str) -> tuple[int, int, str]:
    client.get(url)  # warm-up: Django's per-process caches
    cache.clear()
    with captured_queries() as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), len(response.content), captured.listing()


def _grow(person, officer, user, product, n: int, *, start: int) -> None:
    """``n`` more of every part of Олена's record and of what other apps show on it."""
    # (_record_parts numbers the documents from 1: the one made first is renumbered out of the way)
    IdentityDocument.objects.filter(person=person, number="ПОСВ-0001").update(number="ПОСВ-0000")
    query_world._record_parts(person, officer, n)          # documents, statuses, assessments, representatives, family
    query_world._corrections(person, user, n)              # reports of errors from the cabinet
    query_world._notifications(person, n)                  # the cabinet home's notifications
    for i in range(n):
        advance(new_application(workflow.PROVISION, person=person, person_user=user, product=product),
                workflow.SUBMITTED, officer=officer, person_user=user)
        issued_on = date(2015, 1, 1) + timedelta(days=20 * (start + i))
        IssuedProduct.objects.create(person=person, product=product, issued_on=issued_on,
                                     service_life_years=Decimal("4"), serial_number=f"КР-{start + i:05d}",
                                     replacement_possible_on=issued_on + timedelta(days=4 * 365))
        store_document(file=pdf_file(f"dovidka-msek-{start + i}.pdf"), kind=Document.Kind.REHABILITATION_PROGRAMME,
                       actor=user, person=person)


def _namesakes(organizations, n: int, *, start: int) -> None:
    """``n`` more women named Петренко born on Олена's birthday (the search finds them all)."""
    born = date(1985, 3, 27)
    for i in range(start, start + n):
        make_person(organizations[SHEVCHENKIVSKYI], given_name=query_world.WOMEN[i % len(query_world.WOMEN)],
                    patronymic="Петрівна", rnokpp=make_rnokpp(born, 200 + i, False))


@pytest.fixture
def olena(person, district_officer, wheelchair):
    user = cabinet_user_for(person, "olena.petrenko")
    _grow(person, district_officer, user, wheelchair, 1, start=0)
    return person, user


def test_the_person_record_makes_a_fixed_number_of_queries(olena, district_officer, wheelchair):
    person, user = olena
    client = signed_in(district_officer)
    url = reverse("registry:person_detail", args=[person.pk])
    small, small_size, _ = _count(client, url)
    _grow(person, district_officer, user, wheelchair, MORE, start=1)
    large, large_size, listing = _count(client, url)
    assert large_size > small_size + 20_000, "the thirty more rows are not shown"
    assert large == small, f"{small} queries with one row of each part, {large} with {MORE + 1}:\n{listing}"
    assert small == BUDGETS["registry:person_detail"], listing


def test_the_cabinet_home_makes_a_fixed_number_of_queries(olena, district_officer, wheelchair):
    person, user = olena
    client = Client()
    client.force_login(user)
    url = reverse("cabinet:home")
    small, small_size, _ = _count(client, url)
    _grow(person, district_officer, user, wheelchair, MORE, start=1)
    large, large_size, listing = _count(client, url)
    assert large_size > small_size, "the thirty more rows are not shown"
    assert large == small, f"{small} queries with one row of each part, {large} with {MORE + 1}:\n{listing}"
    assert small == BUDGETS["cabinet:home"], listing


def test_the_staff_search_makes_a_fixed_number_of_queries(olena, organizations, district_officer):
    """Twenty results (the most the search shows), one of them merged into another record: the
    same number of queries as one result."""
    from cbi.duplicates import services
    from cbi.duplicates.models import DuplicatePair

    client = signed_in(district_officer)
    url = reverse("registry:search") + "?by=name&n-surname=Петренко&n-date_of_birth=27.03.1985"
    small, small_size, _ = _count(client, url)
    _namesakes(organizations, MORE, start=0)
    kept = make_person(organizations[SHEVCHENKIVSKYI], given_name="Оксана", patronymic="Петрівна",
                       rnokpp=make_rnokpp(date(1985, 3, 27), 300, False))
    twin = make_person(organizations[SHEVCHENKIVSKYI], given_name="Оксанна", patronymic="Петрівна",
                       rnokpp=make_rnokpp(date(1985, 3, 27), 301, False))
    first, second = sorted((kept, twin), key=lambda p: str(p.pk))
    pair = DuplicatePair.objects.create(person_a=first, person_b=second, score=96)
    services.merge(actor=district_officer, pair_id=pair.pk, survivor_id=kept.pk)
    large, large_size, listing = _count(client, url)
    assert large_size > small_size
    assert large == small, f"{small} queries with one result, {large} with twenty:\n{listing}"
    assert small == BUDGETS["registry:search"], listing
