"""Journey: sign up in the cabinet with an authorization code, confirm the e-mail and
sign in — with the keyboard alone, at 320 px and 200 % text, in forced colours with
reduced motion, and without JavaScript (issue #6, item 2)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cbi.accounts import codes
from cbi.accounts.models import CabinetAccount
from tests.browser import journeys as J
from tests.browser.journeys import clear_throttle  # noqa: F401 (a fixture)
from tests.browser.support import date_field, fill_date_group, is_date_group, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("clear_throttle")]

PASSWORD = "Весна-над-Дніпром-2026"
USERNAME = "olena.petrenko"
EMAIL = "olena@example.com"
DOB = "27.03.1985"
CODE_WAY = "With an authorization code from the receipt I got at the social protection office"


@pytest.fixture
def code(person, district_officer) -> str:
    return codes.issue(actor=district_officer, person=person)[1]


def confirm_path() -> str:
    return re.search(r"https?://[^/]+(/cabinet/confirm/\S+/)", mail.outbox[-1].body).group(1)


def sign_up_fields(page, code: str) -> list:
    return [(page.get_by_label(t("Authorization code")), code),
            (date_field(page, t("Date of birth of the person named on the receipt")), DOB),
            (page.get_by_label(t("Login")), USERNAME),
            (page.get_by_label(t("E-mail"), exact=True), EMAIL),
            (page.get_by_label(t("Password"), exact=True), PASSWORD),
            (page.get_by_label(t("Password again")), PASSWORD)]


def walk(page, code: str, check) -> None:
    """The journey with the mouse (for the display modes): ``check(page, label)`` on
    every page and error state."""
    page.goto("/cabinet/start/")
    check(page, "cabinet start")
    page.get_by_role("link", name=t("Register"), exact=True).click()
    check(page, "way")
    page.get_by_role("button", name=t("Continue")).click()
    J.expect_errors(page)
    check(page, "way error")
    page.get_by_label(t(CODE_WAY)).check()
    page.get_by_role("button", name=t("Continue")).click()
    check(page, "code form")
    page.get_by_role("button", name=t("Register")).click()
    J.expect_errors(page)
    check(page, "code form errors")
    for control, value in sign_up_fields(page, code):
        if is_date_group(control):
            fill_date_group(control, value)
        else:
            control.fill(value)
    page.get_by_role("button", name=t("Register")).click()
    expect(J.h1(page)).to_have_text(t("Confirm your e-mail"))
    check(page, "confirm your e-mail")
    page.goto(confirm_path())
    check(page, "sign-in after confirmation")
    page.get_by_label(t("Login")).fill(USERNAME)
    page.get_by_label(t("Password")).fill("не той пароль")
    page.get_by_role("button", name=t("Sign in")).click()
    J.expect_errors(page)
    check(page, "sign-in error")
    page.get_by_label(t("Password")).fill(PASSWORD)
    page.get_by_role("button", name=t("Sign in")).click()
    expect(J.h1(page)).to_have_text(t("My cabinet"))
    check(page, "cabinet home")


@J.keyboard_colours()
def test_sign_up_confirm_and_sign_in_with_the_keyboard_alone(page, code, colours):
    kb = J.keyboard_only(page, forced=colours == "forced")
    page.goto("/cabinet/start/")
    kb.skip_to_main()
    kb.activate(page.get_by_role("link", name=t("Register"), exact=True))
    kb.check(page.get_by_label(t(CODE_WAY)))
    kb.activate(page.get_by_role("button", name=t("Continue")))
    expect(J.h1(page)).to_have_text(t("Register with an authorization code"))

    # A refused submit: the summary takes focus, Tab goes on from it to its links and the fields.
    kb.activate(page.get_by_role("button", name=t("Register")))
    summary = J.expect_errors(page)
    expect(summary).to_be_focused()
    kb.tab_to(summary.get_by_role("link").first)
    J.fill_by_keyboard(kb, sign_up_fields(page, code.lower()))
    kb.activate(page.get_by_role("button", name=t("Register")))
    expect(J.h1(page)).to_have_text(t("Confirm your e-mail"))
    assert CabinetAccount.objects.filter(user__username=USERNAME, email_confirmed_at__isnull=True).exists()

    page.goto(confirm_path())  # the link in the letter
    expect(page.get_by_role("status")).to_contain_text(t("Your e-mail is confirmed. Sign in to your cabinet."))
    J.fill_by_keyboard(kb, [(page.get_by_label(t("Login")), USERNAME), (page.get_by_label(t("Password")), PASSWORD)])
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a field submits its form
    expect(J.h1(page)).to_have_text(t("My cabinet"))
    expect(page.get_by_role("main")).to_contain_text("Петренко Олена Іванівна")
    # The cabinet's own navigation and sign-out are reachable too.
    kb.tab_to(page.get_by_role("button", name=t("Sign out")))


@J.display_modes()
def test_every_page_reflows_and_survives_display_settings(page, code, live_server, mode):
    J.walk_in_display_mode(page, live_server.url, mode, lambda check: walk(page, code, check))


def test_sign_up_and_sign_in_without_javascript(browser, live_server, code):
    with J.no_js_context(browser, live_server.url) as page:
        walk(page, code, J.no_js_check)
    assert CabinetAccount.objects.get(user__username=USERNAME).email_confirmed_at is not None
