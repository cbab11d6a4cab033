"""Journey: a person in the car queue signs in and checks their place and why
(/cabinet/car-queue/) — with the keyboard alone, at 320 px and 200 % text, in forced
colours with reduced motion, and without JavaScript (issue #6, item 2)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from cbi.registry.models import Person
from tests.applications.fixtures import CABINET_PASSWORD, cabinet_user_for
from tests.browser import journeys as J
from tests.browser.journeys import clear_throttle  # noqa: F401 (a fixture)
from tests.browser.support import t
from tests.browser.test_carqueue_queue import enrolled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("clear_throttle")]

USERNAME = "olena.petrenko"
PLACE = "My place in the car queue"


def enrol_second_after_shevchuk(person, region) -> None:
    """The person is No. 2 in the region's general queue, after Шевчук (enrolled earlier)."""
    before = Person.objects.create(surname="Шевчук", given_name="Василь", patronymic="Петрович", sex="male",
                                   date_of_birth=date(1970, 5, 5), rnokpp=None, rnokpp_refused=True,
                                   office=person.office)
    enrolled(person, region, on=date(2024, 3, 4), journal=7, reasons=[
        {"rule_id": "CQ-DATE-1", "citation": "Постанова КМУ № 999, п. 10",
         "reason_uk": "Дата висновку експертної команди.", "reason_en": "Assessment date."}])
    enrolled(before, region, on=date(2023, 11, 20), journal=3)


@pytest.fixture
def in_the_queue(organizations, person):
    """Олена Петренко is No. 2 in Kyiv's general queue, with a cabinet account."""
    region = organizations["rd-80"]
    enrol_second_after_shevchuk(person, region)
    cabinet_user_for(person, USERNAME)
    return region


def expect_place(page, region) -> None:
    expect(J.h1(page)).to_have_text(t(PLACE))
    place = page.get_by_role("region", name=f"{t('general queue').capitalize()} — {region.name}")
    expect(place.locator("dl")).to_contain_text("04.03.2024")
    expect(place).to_contain_text("CQ-DATE-1")
    expect(place.get_by_role("table")).to_be_visible()


def walk(page, region, check) -> None:
    J.cabinet_sign_in(page, USERNAME, CABINET_PASSWORD, check)
    check(page, "cabinet home")
    page.get_by_role("link", name=t(PLACE)).click()
    expect_place(page, region)
    check(page, "car queue")


@J.keyboard_colours()
def test_checking_my_place_with_the_keyboard_alone(page, in_the_queue, colours):
    kb = J.keyboard_only(page, forced=colours == "forced")
    J.cabinet_sign_in_by_keyboard(kb, USERNAME, CABINET_PASSWORD)
    kb.activate(page.get_by_role("link", name=t(PLACE)))
    expect_place(page, in_the_queue)
    # Everything on the page is reachable, down to the way back.
    kb.activate(page.get_by_role("main").get_by_role("link", name=t("Back to my cabinet")))
    expect(J.h1(page)).to_have_text(t("My cabinet"))


@J.display_modes()
def test_every_page_reflows_and_survives_display_settings(page, in_the_queue, live_server, mode):
    J.walk_in_display_mode(page, live_server.url, mode, lambda check: walk(page, in_the_queue, check))


def test_checking_my_place_without_javascript(browser, live_server, in_the_queue):
    with J.no_js_context(browser, live_server.url) as page:
        walk(page, in_the_queue, J.no_js_check)
