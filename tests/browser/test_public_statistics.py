"""Issue #15 §3–4: a mother on a phone, text enlarged, keyboard only, finds out how long a
wheelchair takes in Kyiv before she applies; a small region shows no figure; the open data
downloads and reads back. axe on every state."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from cbi.statistics import services as statistics
from tests.browser.journeys import assert_no_horizontal_scroll, at_320, keyboard_only, text_200_by_the_site
from tests.browser.support import field, t
from tests.conftest import SHEVCHENKIVSKYI, make_person
from tests.statistics.test_public_figures import deliver, rnokpp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def wheelchairs_in_kyiv(organizations, district_officer, wheelchair):
    for i, (days, surname) in enumerate(zip([30, 61, 94, 94, 100, 120],
                                            ["Петренко", "Коваль", "Шевчук", "Бондар", "Ткачук", "Мельник"])):
        person = make_person(organizations[SHEVCHENKIVSKYI], surname=surname, rnokpp=rnokpp(f"29163056{i}"),
                             date_of_birth=date(1970 + i, 5, 14))
        delivered = date(2026, 6, 1) + timedelta(days=7 * i)
        deliver(person=person, officer=district_officer, product=wheelchair,
                submitted=delivered - timedelta(days=days), delivered=delivered, username=f"kyiv{i}")
    statistics.refresh_public_statistics(today=date(2026, 11, 30))


def test_a_mother_on_a_phone_reads_how_long_a_wheelchair_takes_in_kyiv(page, axe, live_server, wheelchairs_in_kyiv):
    at_320(page)
    text_200_by_the_site(page, live_server.url)
    keyboard = keyboard_only(page)
    page.goto("/")
    keyboard.activate(page.get_by_role("link", name=t("How long you wait for an assistive product")))
    axe.check(page, "statistics form")
    assert_no_horizontal_scroll(page, "statistics form")

    product = field(page, t("Assistive product"))
    keyboard.tab_to(product)
    product.select_option(label="Крісла колісні з ручним приводом")
    region = field(page, t("Region"))
    keyboard.tab_to(region)
    region.select_option(label="м. Київ")
    keyboard.activate(page.get_by_role("button", name=t("Show the waiting time")))

    answer = page.locator(".answer")
    expect(answer).to_contain_text("Зазвичай люди чекають 94 дні від заяви до отримання засобу.")
    expect(answer).to_contain_text("9 людей з 10 отримали його не пізніше ніж за 120 днів.")
    # What she chose is still chosen, so she can change one thing and ask again.
    expect(product).to_have_value("12 22")
    table = page.get_by_role("table")
    expect(table.locator("caption")).to_contain_text("Крісла колісні з ручним приводом")
    expect(table.get_by_role("row", name="м. Київ")).to_contain_text("94")
    axe.check(page, "statistics answer")
    assert_no_horizontal_scroll(page, "statistics answer")

    # Житомирська обл.: nobody got a wheelchair there; the page says so instead of a number.
    keyboard.tab_to(region)
    region.select_option(label="Житомирська обл.")
    keyboard.activate(page.get_by_role("button", name=t("Show the waiting time")))
    expect(answer).to_contain_text("ніхто не отримав цього засобу")
    axe.check(page, "statistics no data")


def test_the_open_data_downloads_and_reads_back(page, axe, wheelchairs_in_kyiv):
    page.goto("/open-data/")
    axe.check(page, "open data")
    with page.expect_download() as download:
        page.get_by_role("link", name="waiting-times.csv").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    kyiv = next(row for row in rows if row["region"] == "м. Київ")
    assert (kyiv["cases"], kyiv["median_days"], kyiv["p90_days"]) == ("6", "94.0", "120.0")
    page.goto("/statistics/car-queue/")
    axe.check(page, "car queue length")
