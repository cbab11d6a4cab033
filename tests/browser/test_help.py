"""Issue #6 (3, 4): the plain-language pages, the accessibility statement and
the barrier report, in Ukrainian and English, checked with axe; the report
form completed with the keyboard only; the administrators' pages."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from cbi.help.models import BarrierReport
from tests.browser.support import (
    expect_error_summary, expect_field_error, expect_notification, field, focus_is_visible, sign_in, t,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROBLEM = "Після збільшення тексту до 200% кнопка «Надіслати» ховається під нижнім краєм екрана."

GUIDES = [
    ("/help/", "Help"),
    ("/help/car/", "How to get a car — in plain words"),
    ("/help/products/", "How to apply for an assistive product — in plain words"),
    ("/help/accessibility/", "Accessibility statement"),
    ("/cabinet/start/", "Electronic cabinet of a person with disability"),
]


@pytest.fixture(autouse=True)
def _no_rate_limit_left_over():
    cache.clear()
    yield
    cache.clear()


def h1(page):
    return page.get_by_role("heading", level=1)


def test_help_pages_in_ukrainian_and_english_are_accessible(page, axe):
    for url, title in GUIDES:
        page.goto(url)
        expect(h1(page)).to_have_text(t(title))
        expect(page).to_have_title(re.compile("^" + re.escape(t(title))))
        axe.check(page, f"help uk {url}")

    page.goto("/help/car/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(h1(page)).to_have_text("How to get a car — in plain words")
    expect(page.get_by_role("region", name="The main points")).to_contain_text("Nobody can say how long you will wait.")
    for url, title in GUIDES:
        page.goto(url)
        expect(h1(page)).to_have_text(title)
        axe.check(page, f"help en {url}")


def test_help_index_leads_to_every_guide(page, axe):
    page.goto("/help/")
    page.get_by_role("link", name=t("How to get a car — in plain words")).click()
    expect(h1(page)).to_have_text(t("How to get a car — in plain words"))
    page.get_by_role("link", name=t("All help pages")).click()
    page.get_by_role("link", name=t("How to apply for an assistive product — in plain words")).click()
    expect(page.locator("main").get_by_role("link", name=t("Catalogue of assistive products"))).to_have_attribute(
        "href", "/catalogue/")
    page.get_by_role("link", name=t("How to get into the electronic cabinet")).click()
    expect(h1(page)).to_have_text(t("Electronic cabinet of a person with disability"))


def test_barrier_report_error_then_sent_and_administrators_told(page, axe, administrator):
    page.goto("/help/accessibility/")
    page.locator("main").get_by_role("link", name=t("Report an accessibility problem")).click()
    expect(h1(page)).to_have_text(t("Report an accessibility problem"))
    axe.check(page, "barrier report form")

    page.get_by_role("button", name=t("Send the report")).click()
    message = t("Tell us what went wrong: what you tried to do and what stopped you.")
    expect_error_summary(page, message)
    expect_field_error(field(page, t("What went wrong?")), message)
    axe.check(page, "barrier report empty")
    assert BarrierReport.objects.count() == 0

    field(page, t("Address of the page")).fill("/help/products/")
    field(page, t("What went wrong?")).fill(PROBLEM)
    field(page, t("Do you use assistive technology?")).select_option(label=t("Screen magnifier or zoom"))
    field(page, t("Your e-mail")).fill("olena.petrenko@")
    page.get_by_role("button", name=t("Send the report")).click()
    message = t("Enter an e-mail address like olena@example.com, or leave the field empty.")
    expect_error_summary(page, message)
    expect(field(page, t("What went wrong?"))).to_have_value(PROBLEM)  # nothing typed is lost
    axe.check(page, "barrier report bad e-mail")

    field(page, t("Your e-mail")).fill("olena.petrenko@example.com")
    page.get_by_role("button", name=t("Send the report")).click()
    report = BarrierReport.objects.get()
    expect(h1(page)).to_have_text(t("Report sent"))
    expect(page.get_by_role("status")).to_contain_text(report.reference)
    axe.check(page, "barrier report sent")
    assert report.page == "/help/products/" and report.assistive_technology == "magnifier"
    assert [m.to for m in mail.outbox] == [["admin.ministry@cbi.example"]]
    page.get_by_role("link", name=t("Back to the page where the problem was")).click()
    expect(h1(page)).to_have_text(t("How to apply for an assistive product — in plain words"))


def test_barrier_report_completed_with_the_keyboard_only(page, administrator):
    keyboard = page.keyboard
    page.goto("/help/accessibility/report/?page=/help/car/")
    keyboard.press("Tab")
    expect(page.get_by_role("link", name=t("Skip to main content"))).to_be_focused()
    keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()

    keyboard.press("Tab")
    expect(page.get_by_role("link", name=t("Back to the accessibility statement"))).to_be_focused()
    keyboard.press("Tab")
    address = field(page, t("Address of the page"))
    expect(address).to_be_focused()
    expect(address).to_have_value("/help/car/")  # filled in from the link
    assert focus_is_visible(page), "the address field shows no focus indicator"
    keyboard.press("Tab")
    expect(field(page, t("What went wrong?"))).to_be_focused()
    assert focus_is_visible(page), "the text area shows no focus indicator"
    keyboard.type(PROBLEM)
    keyboard.press("Tab")
    technology = field(page, t("Do you use assistive technology?"))
    expect(technology).to_be_focused()
    keyboard.press("ArrowDown")
    expect(technology).to_have_value("screen_reader")
    keyboard.press("Tab")
    expect(field(page, t("Your e-mail"))).to_be_focused()
    keyboard.press("Tab")
    button = page.get_by_role("button", name=t("Send the report"))
    expect(button).to_be_focused()
    assert focus_is_visible(page), "the send button shows no focus indicator"
    with page.expect_navigation():
        keyboard.press("Enter")

    expect(h1(page)).to_have_text(t("Report sent"))
    report = BarrierReport.objects.get()
    assert (report.page, report.assistive_technology, report.email) == ("/help/car/", "screen_reader", "")
    assert report.description == PROBLEM


def test_administrator_lists_opens_and_resolves_a_report(page, axe, administrator):
    BarrierReport.objects.create(reference="ДС-2026-000001", description="Старе повідомлення", status="resolved")
    report = BarrierReport.objects.create(reference="ДС-2026-000002", description=PROBLEM, page="/help/products/",
                                          assistive_technology="magnifier")
    sign_in(page, administrator)
    page.goto("/help/staff/reports/")
    expect(h1(page)).to_have_text(t("Accessibility barrier reports"))
    rows = page.get_by_role("row")
    expect(rows.nth(1)).to_contain_text("ДС-2026-000002")  # new first
    expect(rows.nth(2)).to_contain_text("ДС-2026-000001")
    axe.check(page, "barrier report list")

    page.get_by_role("link", name="ДС-2026-000002").click()
    expect(h1(page)).to_have_text(t("Barrier report %(reference)s", reference="ДС-2026-000002"))
    expect(page.get_by_role("main")).to_contain_text(PROBLEM)
    axe.check(page, "barrier report detail")

    page.get_by_role("button", name=t("Save the status and note")).click()
    expect_error_summary(page, t("Change the status or write a note."))
    axe.check(page, "barrier report detail error")

    page.get_by_label(t("resolved")).check()
    page.get_by_label(t("Note")).fill("Кнопку перенесено вище, перевірено при 200% тексту.")
    page.get_by_role("button", name=t("Save the status and note")).click()
    expect_notification(page, t("The report is updated."))
    history = page.get_by_role("region", name=t("History of the report"))
    expect(history).to_contain_text("Кнопку перенесено вище")
    expect(history).to_contain_text(administrator.get_full_name())
    axe.check(page, "barrier report resolved")
    report.refresh_from_db()
    assert report.status == "resolved"


def test_district_officer_cannot_open_the_reports(page, district_officer):
    sign_in(page, district_officer)
    response = page.goto("/help/staff/reports/")
    assert response.status == 403
