"""Journey (issue #17 §4): a mother who reads her phone more than her e-mail asks to be told by SMS.

Олена Петренко signs in, finds "how to tell me about news" from her notifications, types her
number as people do ("067 12" first, by mistake), gets the code by SMS, types it by keyboard,
and turns e-mail off. When the office then decides about her son, she gets one short SMS whose
link opens the message in her cabinet. At 320 px with text enlarged; axe on every state."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from cbi.notifications import services, sms
from cbi.notifications.models import ChannelPreference
from tests.applications.fixtures import CABINET_PASSWORD, cabinet_user_for
from tests.browser import journeys as J
from tests.browser.journeys import clear_throttle  # noqa: F401 (a fixture)
from tests.browser.support import t
from tests.conftest import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("clear_throttle")]


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.SMS_BACKEND = "locmem"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def test_a_mother_chooses_sms_and_gets_the_news_by_sms(page, axe, person):
    son = make_person(person.office, surname="Петренко", given_name="Андрій", patronymic="Олегович",
                      date_of_birth=date(2016, 9, 1), sex="male", rnokpp="4210301230")
    user = cabinet_user_for(person, "olena.petrenko", represents=[son])
    J.cabinet_sign_in(page, "olena.petrenko", CABINET_PASSWORD)
    J.at_320(page)
    page.goto("/cabinet/notifications/")
    page.get_by_role("link", name=t("How to tell me about news: e-mail, SMS")).click()
    expect(J.h1(page)).to_have_text(t("How to tell me about news"))
    axe.check(page, "channels")
    J.assert_no_horizontal_scroll(page, "channels at 320 px")

    # SMS cannot be turned on before a number is confirmed: she is told what to do.
    page.get_by_label(t("By SMS")).check()
    page.get_by_role("button", name=t("Save my choice")).click()
    J.expect_errors(page, t("Add and confirm your phone number before you turn on SMS."))
    axe.check(page, "channels error")

    keyboard = J.keyboard_only(page)
    phone = page.get_by_label(t("Mobile phone number"))
    keyboard.tab_to(phone)
    keyboard.type_into(phone, "067 12")
    keyboard.activate(page.get_by_role("button", name=t("Send code")))
    J.expect_errors(page, t("Enter a phone number like 067 123 45 67 or +380 67 123 45 67."))
    expect(page.get_by_label(t("Mobile phone number"))).to_have_value("067 12")
    assert sms.outbox == []
    axe.check(page, "wrong number")

    phone = page.get_by_label(t("Mobile phone number"))
    phone.fill("")
    keyboard.type_into(phone, "067 123 45 67")
    keyboard.activate(page.get_by_role("button", name=t("Send code")))
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)
    field = page.get_by_label(t("Code from the message"))
    keyboard.tab_to(field)
    keyboard.type_into(field, code)
    keyboard.activate(page.get_by_role("button", name=t("Confirm")))
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text(
        t("Your phone number is confirmed. Messages will come by SMS too."))
    expect(page.get_by_label(t("By SMS"))).to_be_checked()
    axe.check(page, "number confirmed")

    page.get_by_label(t("By e-mail")).uncheck()
    page.get_by_role("button", name=t("Save my choice")).click()
    preference = ChannelPreference.objects.get(account=user.cabinet_account)
    assert preference.by_sms and not preference.by_email

    sms.outbox.clear()
    services.notify(person=son, subject="Рішення щодо заяви ЗР-2026-000041", body="Заяву задоволено.")
    assert len(sms.outbox) == 1 and sms.outbox[0].to == "+380671234567"
    link = sms.outbox[0].text.split()[-1]
    assert link.startswith("http")
    page.goto(urlsplit(link).path)  # the site's address is configured (SITE_URL); the test server's differs
    expect(J.h1(page)).to_have_text("Рішення щодо заяви ЗР-2026-000041")
    axe.check(page, "the message from the SMS link")
