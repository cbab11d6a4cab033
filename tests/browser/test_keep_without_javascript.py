"""The last pages that lost what was typed when A+, contrast or the language was pressed without
JavaScript (issue #11, section 3), played in a browser: each is one page form now (cbi/web/keep.py).

Олена Петренко, with JavaScript off, sets how she is told about news: she clears "By e-mail",
types her mobile number and enlarges the text — both are still there; Enter in the number box
sends the code. Officer Ірина Коваленко, without JavaScript, types a document number and a surname
in the person search and turns on high contrast — both stay; Enter searches by the document. She
compares two records, chooses the one to keep, types a reason, presses A+: both kept. She
registers a car application: ticks documents, writes why the passport is missing, presses A+ —
kept — and Enter registers it. Марія Коваль chooses the scan of her ID card and presses A+: the
scan is uploaded and shown by name and size. axe cannot run without JavaScript (its script never
answers), so each page is checked with axe in a JavaScript pass of the same state.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cbi.carqueue.models import CarApplication
from cbi.duplicates import services as duplicate_services
from cbi.duplicates.models import DuplicatePair
from cbi.notifications import sms
from cbi.registry.demo import make_rnokpp
from cbi.registry.models import Assessment
from tests.applications.fixtures import CABINET_PASSWORD, cabinet_user_for
from tests.browser import journeys as J
from tests.browser.support import field, label_pattern, sign_in, t
from tests.browser.test_kept_scans import ID_CARD, ID_CARD_BYTES, expect_the_id_card_kept, identity, to_the_documents_step
from tests.conftest import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAIT = 5_000
PHONE = "067 123 45 67"
REASON = "Близнючки: різні РНОКПП, підтверджено свідоцтвами про народження"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}}}


def press(page, name: str) -> None:
    """A button that loads a page (a form submit, or a switch without scripts)."""
    with page.expect_navigation(timeout=WAIT):
        page.get_by_role("button", name=name, exact=True).click(timeout=WAIT)
    page.wait_for_load_state(timeout=WAIT)


def larger(page) -> None:
    press(page, f"A+ {t('Larger text')}")
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-125\b"))


def contrast(page) -> None:
    press(page, t("High contrast"))
    expect(page.locator("html")).to_have_class(re.compile(r"\bhigh-contrast\b"))


def enter(page, locator) -> None:
    with page.expect_navigation(timeout=WAIT):
        locator.press("Enter")
    page.wait_for_load_state(timeout=WAIT)


def js_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="uk-UA", viewport=J.WIDE)
    page = context.new_page()
    page.set_default_timeout(WAIT)
    return context, page


def staff_in_both(browser, live_server, officer, url: str, axe, label: str):
    """Sign the officer in once with JavaScript (a TOTP code is accepted only once), run axe on ``url``,
    and hand the signed-in session to a browser without JavaScript (a context manager yielding its page)."""
    context, page = js_page(browser, live_server)
    try:
        sign_in(page, officer)
        page.goto(url)
        axe.check(page, f"{label} (js)")
        cookies = context.cookies()
    finally:
        context.close()
    return cookies


def cabinet_sign_in(page, username: str) -> None:
    page.goto("/cabinet/login/")
    page.get_by_label(t("Login")).fill(username)
    page.get_by_label(t("Password")).fill(CABINET_PASSWORD)
    press(page, t("Sign in"))


def test_notification_channels_keep_the_number_and_the_cleared_box_without_javascript(
        browser, live_server, person, axe, settings):
    settings.SMS_BACKEND = "locmem"
    sms.outbox.clear()
    cabinet_user_for(person, "olena.petrenko")
    context, page = js_page(browser, live_server)
    try:
        cabinet_sign_in(page, "olena.petrenko")
        page.goto("/cabinet/notifications/channels/")
        field(page, t("Mobile phone number")).fill(PHONE)
        axe.check(page, "notification channels, a number typed (js)")
    finally:
        context.close()

    with J.no_js_context(browser, live_server.url) as page:
        page.set_default_timeout(WAIT)
        cabinet_sign_in(page, "olena.petrenko")
        page.goto("/cabinet/notifications/channels/")
        by_email = page.get_by_role("checkbox", name=re.compile("^" + label_pattern(t("By e-mail"))))
        expect(by_email).to_be_checked()
        by_email.uncheck()
        number = field(page, t("Mobile phone number"))
        number.fill(PHONE)
        larger(page)
        expect(field(page, t("Mobile phone number"))).to_have_value(PHONE)
        expect(by_email).not_to_be_checked()
        contrast(page)
        expect(field(page, t("Mobile phone number"))).to_have_value(PHONE)
        expect(by_email).not_to_be_checked()
        expect(page.locator(".error-summary")).to_have_count(0)
        J.no_js_check(page, "notification channels after A+ and contrast")
        assert sms.outbox == []
        # Enter in the number box: the code is sent, as "Надіслати код" does.
        enter(page, field(page, t("Mobile phone number")))
        expect(page.get_by_role("heading", name=t("Confirm the number"))).to_be_visible()
        assert len(sms.outbox) == 1


def test_the_person_search_keeps_every_box_and_enter_searches_without_javascript(
        browser, live_server, person, district_officer, axe):
    cookies = staff_in_both(browser, live_server, district_officer, "/staff/persons/", axe, "person search")
    with J.no_js_context(browser, live_server.url) as page:
        page.set_default_timeout(WAIT)
        page.context.add_cookies(cookies)
        page.goto("/staff/persons/")
        document = field(page, t("Document series and number"))
        document.fill("МК123456")
        field(page, t("Surname")).fill("Петренко")
        contrast(page)
        expect(field(page, t("Document series and number"))).to_have_value("МК123456")
        expect(field(page, t("Surname"))).to_have_value("Петренко")
        expect(page.get_by_role("link", name=re.compile("Петренко Олена"))).to_have_count(0)  # nothing searched
        J.no_js_check(page, "person search after contrast")
        enter(page, field(page, t("Document series and number")))
        expect(page.get_by_role("link", name=re.compile("Петренко Олена"))).to_be_visible()
        larger(page)
        expect(page.get_by_role("link", name=re.compile("Петренко Олена"))).to_be_visible()  # the results stay
        expect(field(page, t("Surname"))).to_have_value("Петренко")


def test_the_duplicate_pair_keeps_the_choice_and_the_reason_without_javascript(
        browser, live_server, person, district_officer, axe):
    make_person(person.office, given_name="Алена", rnokpp=make_rnokpp(date(1985, 3, 27), 78, False))
    duplicate_services.scan(organization=person.office)
    pair = DuplicatePair.objects.get()
    url = f"/staff/duplicates/{pair.pk}/"
    cookies = staff_in_both(browser, live_server, district_officer, url, axe, "duplicate pair")
    with J.no_js_context(browser, live_server.url) as page:
        page.set_default_timeout(WAIT)
        page.context.add_cookies(cookies)
        page.goto(url)
        expect(J.h1(page)).to_have_text(t("Compare two records"))
        first = page.get_by_role("radio").first
        first.check()
        reason = field(page, t("Why are these two different persons?"))
        reason.fill(REASON)
        larger(page)
        expect(page.get_by_role("radio").first).to_be_checked()
        expect(field(page, t("Why are these two different persons?"))).to_have_value(REASON)
        expect(page.locator(".error-summary")).to_have_count(0)
        J.no_js_check(page, "duplicate pair after A+")
        pair.refresh_from_db()
        assert pair.status == "open"


def test_the_car_application_keeps_the_answers_and_enter_registers_without_javascript(
        browser, live_server, person, district_officer, axe):
    Assessment.objects.create(person=person, kind="msek", assessed_on=timezone.localdate(),
                              conclusion_number="МСЕК-1024/26", body_name="Київська міська МСЕК № 3",
                              indications_for_car=True)
    url = f"/staff/car-queue/applications/new/?person={person.pk}"
    cookies = staff_in_both(browser, live_server, district_officer, url, axe, "car application")
    with J.no_js_context(browser, live_server.url) as page:
        page.set_default_timeout(WAIT)
        page.context.add_cookies(cookies)
        page.goto(url)
        boxes = page.locator('input[name="documents"]')
        boxes.nth(0).check()
        boxes.nth(1).check()
        reason = page.locator('textarea[name="missing_documents_reason"]')
        reason.fill("Паспорт особа подасть до 20 числа")
        larger(page)
        expect(page.locator('input[name="documents"]').nth(0)).to_be_checked()
        expect(page.locator('input[name="documents"]').nth(1)).to_be_checked()
        expect(reason).to_have_value("Паспорт особа подасть до 20 числа")
        J.no_js_check(page, "car application after A+")
        assert not CarApplication.objects.exists()
        # Enter in a text box presses "Зареєструвати заяву", not "Оновити перелік документів".
        enter(page, page.locator('input[type="text"]').first)
        expect(J.h1(page)).not_to_have_text(t("Register a car application"))
        assert CarApplication.objects.count() == 1


def test_a_chosen_scan_survives_a_plus_without_javascript(browser, live_server, organizations):
    with J.no_js_context(browser, live_server.url) as page:
        page.set_default_timeout(WAIT)
        to_the_documents_step(page, live_server)
        identity(page).set_input_files({"name": ID_CARD, "mimeType": "image/jpeg", "buffer": ID_CARD_BYTES})
        larger(page)
        expect(J.h1(page)).to_have_text(t("Upload the documents"))
        expect(page.locator(".error-summary")).to_have_count(0)
        expect_the_id_card_kept(page)
        J.no_js_check(page, "documents step: the ID card kept through A+ without JavaScript")
