"""Public waiting times and queue lengths: from real deliveries to the page a person reads."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from cbi.applications import services, workflow
from cbi.statistics import services as statistics
from cbi.statistics.models import WaitingTime
from tests.applications.fixtures import cabinet_user_for, decide, new_application, path_to
from tests.clock import KYIV
from tests.conftest import SHEVCHENKIVSKYI, make_person

TODAY = date(2026, 11, 30)
KYIV_REGION = "rd-80"


def rnokpp(first_nine: str) -> str:
    """A РНОКПП whose check digit holds."""
    from stdnum.ua import rntrc

    return first_nine + rntrc.calc_check_digit(first_nine)


def deliver(*, person, officer, product, submitted: date, delivered: date, username: str):
    """A wheelchair applied for on ``submitted`` and handed over on ``delivered``, through the real
    workflow (the person submits in the cabinet, the office takes every step but the decision, which
    the Fund's branch of the region takes)."""
    user = cabinet_user_for(person, username)
    with time_machine.travel(datetime.combine(submitted, datetime.min.time()).replace(hour=10, tzinfo=KYIV),
                             tick=False):
        application = services.submit(actor=user, application=new_application(
            workflow.PROVISION, person=person, person_user=user, product=product))
    with time_machine.travel(datetime.combine(delivered, datetime.min.time()).replace(hour=12, tzinfo=KYIV),
                             tick=False):
        for status, who in path_to(workflow.PROVISION, workflow.PROVIDED)[1:]:
            if status == workflow.APPROVED:  # forwarded by the office, approved by the Fund's branch
                application = decide(application, approve=True, officer=officer,
                                     reasons="Потребу підтверджено індивідуальною програмою реабілітації.")
            else:
                application = services.move(actor=officer, application=application, to=status, reason="")
    return application


@pytest.fixture
def kyiv_wheelchairs(organizations, district_officer, wheelchair):
    """Six people of Shevchenkivskyi district got a wheelchair this year after 30–120 days."""
    office = organizations[SHEVCHENKIVSKYI]
    waits = [30, 61, 94, 94, 100, 120]
    surnames = ["Петренко", "Коваль", "Шевчук", "Бондар", "Ткачук", "Мельник"]
    people = []
    for i, (days, surname) in enumerate(zip(waits, surnames)):
        person = make_person(office, surname=surname, given_name="Олена", rnokpp=rnokpp(f"31132012{i}"),
                             date_of_birth=date(1960 + i, 3, 27))
        delivered = date(2026, 6, 1) + timedelta(days=7 * i)
        deliver(person=person, officer=district_officer, product=wheelchair,
                submitted=delivered - timedelta(days=days), delivered=delivered, username=f"person{i}")
        people.append(person)
    return people


def test_the_refresh_counts_days_from_application_to_delivery(kyiv_wheelchairs, organizations, wheelchair):
    statistics.refresh_public_statistics(today=TODAY)
    kyiv = WaitingTime.objects.get(product_group=wheelchair.group, region=organizations[KYIV_REGION])
    assert kyiv.cases == 6
    assert kyiv.median_days == 94.0
    assert kyiv.p90_days == 120.0
    country = WaitingTime.objects.get(product_group=wheelchair.group, region=None)
    assert country.cases == 6


def test_deliveries_older_than_twelve_months_count_only_as_a_year_ago(kyiv_wheelchairs, organizations, wheelchair):
    # On 20.06.2027 the twelve months start on 21.06.2026: the wheelchairs handed over on 22.06,
    # 29.06 and 06.07.2026 count; those of 01.06, 08.06 and 15.06.2026 are "a year ago".
    statistics.refresh_public_statistics(today=date(2027, 6, 20))
    row = WaitingTime.objects.get(product_group=wheelchair.group, region=organizations[KYIV_REGION])
    assert (row.cases, row.median_days, row.cases_year_ago, row.median_days_year_ago) == (3, 100.0, 3, 61.0)


def test_a_person_reads_one_sentence_for_a_product_and_a_region(kyiv_wheelchairs, wheelchair):
    statistics.refresh_public_statistics(today=TODAY)
    page = Client().get("/statistics/", {"group": wheelchair.group.iso_code, "region": KYIV_REGION},
                        HTTP_ACCEPT_LANGUAGE="uk")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Зазвичай люди чекають 94 дні від заяви до отримання засобу." in text
    assert "9 людей з 10 отримали його не пізніше ніж за 120 днів." in text


def test_a_region_with_fewer_than_five_deliveries_shows_no_figure(organizations, district_officer, wheelchair):
    person = make_person(organizations[SHEVCHENKIVSKYI])
    deliver(person=person, officer=district_officer, product=wheelchair,
            submitted=date(2026, 5, 4), delivered=date(2026, 8, 10), username="olena")
    statistics.refresh_public_statistics(today=TODAY)
    page = Client().get("/statistics/", {"group": wheelchair.group.iso_code, "region": KYIV_REGION},
                        HTTP_ACCEPT_LANGUAGE="uk")
    text = page.content.decode()
    assert "Менше ніж 5 людей отримали цей засіб тут за останні 12 місяців" in text
    # Her 98 days are nowhere: neither on the page nor in the open data.
    assert "98" not in text.split("<main", 1)[1]
    data = json.loads(Client().get("/open-data/waiting-times.json").content)
    assert all(record["median_days"] is None and record["suppressed"] for record in data["records"])
    assert all(record["cases"] is None for record in data["records"])


def test_open_data_csv_has_the_same_cells_as_the_page(kyiv_wheelchairs, wheelchair):
    statistics.refresh_public_statistics(today=TODAY)
    response = Client().get("/open-data/waiting-times.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    kyiv = next(row for row in rows if row["region"] == "м. Київ")
    assert (kyiv["product_group_iso9999"], kyiv["cases"], kyiv["median_days"], kyiv["p90_days"]) == (
        "12 22", "6", "94.0", "120.0")
    assert kyiv["region_katottg"].startswith("UA80")


def test_no_page_is_computed_before_the_first_refresh(db):
    page = Client().get("/statistics/", HTTP_ACCEPT_LANGUAGE="uk")
    assert "Цифри ще не пораховано" in page.content.decode()
    assert json.loads(Client().get("/open-data/car-queue-length.json").content)["records"] == []


def test_regions_are_listed_alphabetically_with_kyiv_under_k(organizations):
    from cbi.statistics.selectors import region_name, regions

    names = [region_name(department) for department in regions()]
    assert names.index("Івано-Франківська обл.") < names.index("м. Київ") < names.index("Кіровоградська обл.")
    assert names.index("Донецька обл.") < names.index("Житомирська обл.")
