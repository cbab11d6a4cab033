"""The car queue in the browser: the regional officer's queue list (category tabs, a row
links to the person) and the person's cabinet page "My place in the car queue" (and its
"not in the queue" state), each checked with axe.

The strings are new and not yet in the Ukrainian catalogue, so the UI is switched to English
(Django's language cookie) and elements are found by their English names."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from cbi.accounts.models import CabinetAccount
from cbi.carqueue.queue import services as queue
from cbi.carqueue.models import QueueEntry
from cbi.registry.models import Person
from tests.browser.support import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Каштани-цвітуть-2026"


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()


def in_english(page: Page, live_server) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def enrolled(person, region, *, category="general", on=date(2024, 3, 4), journal=1, reasons=()):
    entry = QueueEntry.objects.create(person=person, region=region, category=category, enrollment_date=on,
                                      journal_number=journal, reasons=list(reasons))
    queue.renumber(region, category, cause="enrollment")
    return entry


@pytest.fixture
def kyiv_queue(organizations, person):
    """Олена Петренко is No. 2 in Kyiv's general queue, after Шевчук; Бойко is first-priority."""
    office = organizations["spo-ua80000000001078669"]
    region = organizations["rd-80"]
    others = [Person.objects.create(surname=s, given_name=g, patronymic=p, date_of_birth=date(1970, 5, 5), sex="male",
                                    rnokpp=None, rnokpp_refused=True, office=office)
              for s, g, p in (("Шевчук", "Василь", "Петрович"), ("Бойко", "Ігор", "Іванович"))]
    enrolled(person, region, on=date(2024, 3, 4), journal=7, reasons=[
        {"rule_id": "CQ-CAT-2", "citation": "Постанова КМУ № 999, п. 5",
         "reason_uk": "Підстава «Інші особи з інвалідністю» → загальна черга.",
         "reason_en": "Ground 'Other persons with disabilities' → category 'general'."},
        {"rule_id": "CQ-DATE-1", "citation": "Постанова КМУ № 999, п. 10",
         "reason_uk": "Дата огляду.", "reason_en": "Assessment date: the expert team's conclusion."}])
    enrolled(others[0], region, on=date(2023, 11, 20), journal=3)
    enrolled(others[1], region, category="first_priority", on=date(2022, 1, 10), journal=2)
    return region


def test_regional_officer_browses_the_queue_by_category(page, axe, regional_officer, kyiv_queue, person, live_server):
    sign_in(page, regional_officer)
    in_english(page, live_server)
    page.goto("/staff/car-queue/queue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Car queue")
    tabs = page.get_by_role("navigation", name="Queue categories")
    expect(tabs.get_by_role("link", name="First-priority queue")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("table")).to_contain_text("Бойко Ігор Іванович")
    axe.check(page, "queue first-priority")

    tabs.get_by_role("link", name="General queue").click()
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(3)  # header + 2
    expect(rows.nth(1)).to_contain_text("Шевчук Василь Петрович")
    expect(rows.nth(2)).to_contain_text("Петренко Олена Іванівна")
    expect(rows.nth(2).get_by_role("rowheader")).to_have_text("2")
    axe.check(page, "queue general")
    page.get_by_role("link", name="Петренко Олена Іванівна").click()
    expect(page).to_have_url(f"{live_server.url}/staff/persons/{person.pk}/")


def cabinet_sign_in(page: Page, username: str) -> None:
    page.goto("/cabinet/login/")
    page.get_by_label("Login").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{page.url.split('/cabinet/')[0]}/cabinet/")


def cabinet_user(username: str, person) -> None:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    CabinetAccount.objects.create(user=user, person=person, registered_via="code", email_confirmed_at=timezone.now())


def test_person_sees_their_place_and_why(page, axe, kyiv_queue, person, live_server):
    cabinet_user("olena.petrenko", person)
    in_english(page, live_server)
    cabinet_sign_in(page, "olena.petrenko")
    page.get_by_role("link", name="My place in the car queue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My place in the car queue")
    place = page.get_by_role("region", name="General queue — " + kyiv_queue.name)
    expect(place.locator("dl")).to_contain_text("2")
    expect(place.locator("dl")).to_contain_text("04.03.2024")
    expect(place).to_contain_text("CQ-DATE-1")
    expect(place).to_contain_text("Assessment date: the expert team's conclusion.")
    history = place.get_by_role("table")
    expect(history.get_by_role("row")).to_have_count(3)  # header, 1 → 2, — → 1
    expect(history.get_by_role("row").nth(1)).to_contain_text("a person was enrolled in the queue")
    axe.check(page, "cabinet queue")


def test_person_not_in_the_queue_is_told_how_to_get_a_car(page, axe, organizations, live_server):
    office = organizations["spo-ua80000000001078669"]
    someone = Person.objects.create(surname="Лисенко", given_name="Ганна", patronymic="Олексіївна",
                                    date_of_birth=date(1955, 12, 1), sex="female", rnokpp=None, rnokpp_refused=True,
                                    office=office)
    cabinet_user("hanna.lysenko", someone)
    in_english(page, live_server)
    cabinet_sign_in(page, "hanna.lysenko")
    page.goto("/cabinet/car-queue/")
    expect(page.get_by_text("You are not in the car queue.")).to_be_visible()
    expect(page.get_by_role("heading", name="How to get a car")).to_be_visible()
    axe.check(page, "cabinet queue empty")
