"""Journey: the authorization code reaches a blind person (issue #11, item 2.7).

The officer issues a code and, as the person asks, sends it by SMS and by e-mail besides
the paper receipt; the person, who is blind, opens the link in the SMS and signs up with the
code by keyboard alone. When the SMS service is down the officer is told plainly and has the
large-print receipt at hand. axe on every page and state."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from cbi.accounts.models import CabinetAccount, CodeDelivery
from cbi.notifications import sms
from cbi.notifications.error_codes import NotificationsErrorCode
from tests.browser import journeys as J
from tests.browser.journeys import clear_throttle  # noqa: F401 (a fixture)
from tests.browser.support import date_field, expect_error_summary, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("clear_throttle")]

PASSWORD = "Весна-над-Дніпром-2026"
CODE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}")


class DownProvider:
    def send(self, *, to, text):
        raise sms.SmsError("the SMS provider did not answer in 10 s",
                           code=NotificationsErrorCode.SMS_TIMEOUT.value)


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.SMS_BACKEND = "locmem"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def open_issue_form(page, person, axe):
    page.goto(f"/staff/persons/{person.pk}/")
    page.get_by_role("link", name=t("Issue an authorization code")).click()
    expect(J.h1(page)).to_have_text(t("Issue an authorization code"))
    axe.check(page, "issue code")


def test_officer_sends_the_code_by_sms_and_e_mail_and_a_blind_person_signs_up_by_keyboard(
        officer_page, person, new_page, axe):
    page = officer_page
    open_issue_form(page, person, axe)
    page.get_by_label(t("By e-mail")).check()
    page.get_by_label(t("By SMS to a mobile phone")).check()
    page.get_by_role("button", name=t("Issue the code")).click()
    J.expect_errors(page, t("Type the e-mail address: none is on record for the one who will use the code."),
                    t("Read the address or number back to the person and tick this box when they confirm it."))
    axe.check(page, "issue code: e-mail missing, not confirmed")
    assert not sms.outbox and not CodeDelivery.objects.exists()

    page.get_by_label(t("E-mail for the code")).fill("olena@example.com")
    page.get_by_label(t("I read the e-mail address or phone number back to the person, and they confirmed it")).check()
    page.get_by_role("button", name=t("Issue the code")).click()
    expect(J.h1(page)).to_have_text(t("The code is issued"))
    sent = page.get_by_test_id("deliveries-sent")
    expect(sent).to_contain_text("+38067*****67")  # the number on record, masked
    expect(sent).to_contain_text("o***a@example.com")
    expect(page.get_by_role("alert")).to_have_count(0)
    axe.check(page, "code issued and sent")
    shown = page.get_by_test_id("authorization-code").inner_text()

    [message] = sms.outbox
    assert message.to == "+380671234567"
    code = CODE.search(message.text).group(0)
    assert code == shown
    assert any(code in letter.body for letter in mail.outbox)
    link = re.search(r"https?://\S+/cabinet/register/code/", message.text).group(0)

    # The person hears the SMS read out, follows its link and signs up with the keyboard alone.
    citizen = new_page()
    kb = J.keyboard_only(citizen)
    citizen.goto(urlsplit(link).path)
    expect(J.h1(citizen)).to_have_text(t("Register with an authorization code"))
    axe.check(citizen, "register with the code from the SMS")
    kb.skip_to_main()
    J.fill_by_keyboard(kb, [
        (citizen.get_by_label(t("Authorization code")), code),
        (date_field(citizen, t("Date of birth of the person named on the receipt")), "1985-03-27"),
        (citizen.get_by_label(t("Login")), "olena.petrenko"),
        (citizen.get_by_label(t("E-mail"), exact=True), "olena@example.com"),
        (citizen.get_by_label(t("Password"), exact=True), PASSWORD),
        (citizen.get_by_label(t("Password again")), PASSWORD),
    ])
    kb.activate(citizen.get_by_role("button", name=t("Register")))
    expect(J.h1(citizen)).to_have_text(t("Confirm your e-mail"))
    axe.check(citizen, "registered, confirm your e-mail")
    account = CabinetAccount.objects.get(user__username="olena.petrenko")
    assert account.person == person

    confirm = re.search(r"https?://[^/]+(/cabinet/confirm/\S+/)", mail.outbox[-1].body).group(1)
    citizen.goto(confirm)
    expect(citizen.get_by_role("status")).to_contain_text(t("Your e-mail is confirmed. Sign in to your cabinet."))
    axe.check(citizen, "e-mail confirmed")
    J.cabinet_sign_in_by_keyboard(kb, "olena.petrenko", PASSWORD)
    expect(citizen.get_by_role("main")).to_contain_text("Петренко Олена Іванівна")
    axe.check(citizen, "cabinet home")

    # The officer sees on the record's history how the code was given, without the code.
    page.goto(f"/staff/persons/{person.pk}/history/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("+38067*****67")
    expect(main).not_to_contain_text(code)
    axe.check(page, "history with the code deliveries")


def test_sms_service_down_the_officer_is_told_and_prints_the_large_print_receipt(officer_page, person, axe, settings):
    settings.SMS_BACKEND = "tests.browser.test_journeys_code_delivery.DownProvider"
    page = officer_page
    open_issue_form(page, person, axe)
    kb = J.keyboard_only(page)
    kb.check(page.get_by_label(t("By SMS to a mobile phone")))
    kb.check(page.get_by_label(t("I read the e-mail address or phone number back to the person, and they confirmed it")))
    kb.activate(page.get_by_role("button", name=t("Issue the code")))
    expect(J.h1(page)).to_have_text(t("The code is issued"))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(t("The SMS service did not answer in time."))
    expect(alert).to_be_focused()  # a screen reader announces it first
    expect(page).to_have_title(re.compile(rf"^{re.escape(t('Error'))}: "))
    axe.check(page, "code issued, SMS failed")
    assert CodeDelivery.objects.get(channel="sms").outcome == "failed"

    sheet = page.get_by_test_id("large-print-receipt")
    expect(sheet).to_be_visible()
    code = page.get_by_test_id("authorization-code").inner_text()
    for group in code.split("-"):
        expect(sheet).to_contain_text(" ".join(group))
    page.emulate_media(media="print")
    printed = sheet.evaluate("""s => {
        const style = getComputedStyle(s);
        const code = getComputedStyle(s.querySelector('.large-print__code'));
        const other = getComputedStyle(document.querySelector('h1'));
        return {size: parseFloat(style.fontSize), code: parseFloat(code.fontSize), color: style.color,
                background: style.backgroundColor, display: style.display, h1: other.display};
    }""")
    pages = len(PdfReader(io.BytesIO(page.pdf())).pages)  # printed with the print stylesheet
    page.emulate_media(media="null")  # back to the screen
    assert printed["size"] >= 32 and printed["code"] >= 48  # 24 pt = 32 px, 36 pt = 48 px
    assert printed["color"] == "rgb(0, 0, 0)" and printed["background"] == "rgb(255, 255, 255)"
    assert printed["display"] == "block" and printed["h1"] == "none"  # only the sheet is printed
    assert pages == 1  # one sheet on one page
    J.at_320(page)  # the sheet reflows on a narrow screen too
    J.assert_no_horizontal_scroll(page, "code issued, large-print sheet at 320 px")

    kb.activate(alert.get_by_role("link", name=t("Issue a new code and choose another way")))
    expect(J.h1(page)).to_have_text(t("Issue an authorization code"))
    expect(page.get_by_role("status")).to_be_visible()  # "a code issued on … is still valid"
    axe.check(page, "issue form with a valid code")
