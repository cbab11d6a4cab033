"""Journey: a person checks the notifications in the cabinet — the list, one
message, its link — with the keyboard alone, at 320 px and 200 % text, in forced
colours with reduced motion, and without JavaScript (issue #6, item 2)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cbi.notifications.models import Notification
from cbi.notifications.services import notify
from tests.applications.fixtures import CABINET_PASSWORD, cabinet_user_for
from tests.browser import journeys as J
from tests.browser.journeys import clear_throttle  # noqa: F401 (a fixture)
from tests.browser.support import t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("clear_throttle")]

USERNAME = "olena.petrenko"
SUBJECT = "Ваші дані в ЦБІ виправлено"
BODY = "Ми виправили по батькові у вашому записі: тепер «Іванівна». Дякуємо, що повідомили."


@pytest.fixture
def with_news(person):
    cabinet_user_for(person, USERNAME)
    notify(person=person, subject="Код авторизації видано", body="Вам видано код для реєстрації в кабінеті.")
    return notify(person=person, subject=SUBJECT, body=BODY, link="/cabinet/")


def nav_link(page):
    return page.get_by_role("navigation").get_by_role("link", name=t("Notifications"), exact=True)


def expect_message(page) -> None:
    expect(J.h1(page)).to_have_text(SUBJECT)
    expect(page.get_by_role("main")).to_contain_text(BODY)


def walk(page, check) -> None:
    J.cabinet_sign_in(page, USERNAME, CABINET_PASSWORD, check)
    check(page, "cabinet home with news")
    J.open_menu(page)  # folded behind “Menu” at 320 px
    nav_link(page).click()
    expect(J.h1(page)).to_have_text(t("Notifications"))
    check(page, "notifications")
    page.get_by_role("link", name=SUBJECT).click()
    expect_message(page)
    check(page, "notification")
    page.get_by_role("link", name=t("Open")).click()
    expect(J.h1(page)).to_have_text(t("My cabinet"))


@J.keyboard_colours()
def test_reading_a_notification_with_the_keyboard_alone(page, with_news, colours):
    kb = J.keyboard_only(page, forced=colours == "forced")
    J.cabinet_sign_in_by_keyboard(kb, USERNAME, CABINET_PASSWORD)
    kb.activate(nav_link(page))
    expect(J.h1(page)).to_have_text(t("Notifications"))
    kb.skip_to_main()
    kb.activate(page.get_by_role("link", name=SUBJECT))
    expect_message(page)
    kb.activate(page.get_by_role("link", name=t("Open")))
    expect(J.h1(page)).to_have_text(t("My cabinet"))
    with_news.refresh_from_db()
    assert with_news.read_at is not None
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


@J.display_modes()
def test_every_page_reflows_and_survives_display_settings(page, with_news, live_server, mode):
    J.walk_in_display_mode(page, live_server.url, mode, lambda check: walk(page, check))


def test_reading_a_notification_without_javascript(browser, live_server, with_news):
    with J.no_js_context(browser, live_server.url) as page:
        walk(page, J.no_js_check)
    with_news.refresh_from_db()
    assert with_news.read_at is not None
