"""The right to assistive products ends (issue #16 §3, AP-RIGHT-1..3), in the browser.

The officer of Shevchenkivskyi district learns from the migration service that Олена Петренко
left Ukraine for permanent residence abroad. From her record they open "Record an event on the
right", forget the document first (error state), then record it; the confirmation lists her open
application, and only after "Confirm and record" is anything saved. The application is cancelled
(kept, with its history) and its decision letter is a tagged PDF a screen reader reads in
Ukrainian. Then a suspension of another person's right is recorded and lifted."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cbi.applications import right, services, workflow
from cbi.applications.models import ProductApplication, RightEvent
from tests.applications.fixtures import advance, new_application
from tests.browser.support import expect_error_summary, field, fill_date, person_url, t
from tests.pdfua import pdf_ua_text, structure_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_records_departure_abroad_and_the_open_application_is_cancelled_with_a_letter(
        officer_page: Page, axe, person, person_user, district_officer, wheelchair):
    application = advance(new_application(workflow.PROVISION, person=person, person_user=person_user,
                                          product=wheelchair), workflow.UNDER_REVIEW, officer=district_officer,
                          person_user=person_user)
    page = officer_page
    page.goto(person_url(person))
    page.get_by_role("link", name=t("Record an event on the right")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Record an event on the right to assistive products"))
    axe.check(page, "record an event on the right")

    page.get_by_label(t("leaving Ukraine for permanent residence abroad")).check()
    page.get_by_role("button", name=t("Continue")).click()
    expect_error_summary(page)
    axe.check(page, "record an event on the right: error")

    field(page, t("Document")).fill("Повідомлення ДМС № 4521")
    fill_date(page, t("Date of the document"), timezone.localdate())
    page.get_by_role("button", name=t("Continue")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Check and confirm"))
    main = page.locator("main")
    expect(main).to_contain_text(application.reference)
    expect(main).to_contain_text(t("cancelled"))
    axe.check(page, "confirm the event on the right")
    assert not RightEvent.objects.exists()  # nothing saved before the officer confirms

    page.get_by_role("button", name=t("Confirm and record")).click()
    event = RightEvent.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Петренко")
    expect(page.locator("main")).to_contain_text(event.decision_number)
    axe.check(page, "person with an ended right")
    application.refresh_from_db()
    assert application.status == workflow.CANCELLED

    page.get_by_role("link", name=application.reference).first.click()
    region = page.get_by_role("region", name=t("Decision on the right to assistive products"))
    expect(region).to_contain_text("Повідомлення ДМС № 4521")
    expect(region).to_contain_text("AP-RIGHT-1")
    axe.check(page, "cancelled application")
    href = region.get_by_role("link", name=t("Decision letter on the right (PDF)")).get_attribute("href")
    letter = page.request.get(href)
    assert letter.headers["content-type"] == "application/pdf"
    content = letter.body()
    text = pdf_ua_text(content, title=t("Decision on the right to assistive products"))
    assert {"H1", "H2", "P"} <= structure_roles(content)
    assert event.decision_number in text and application.reference in text
    assert "Петренко Олена Іванівна" in text and "Повідомлення ДМС № 4521" in text
    assert " ".join(t("The right to assistive products has ENDED. The application is CANCELLED. "
                      "Nothing is deleted: the application and its history are kept.").split()) in text
    assert "постановою КМУ № 321" in text
    assert ProductApplication.objects.filter(pk=application.pk).exists()


def test_officer_lifts_a_suspension_and_the_application_continues(officer_page: Page, axe, person, person_user,
                                                                  district_officer, wheelchair):
    application = advance(new_application(workflow.PROVISION, person=person, person_user=person_user,
                                          product=wheelchair), workflow.APPROVED, officer=district_officer,
                          person_user=person_user)
    suspension = services.record_right_event(actor=district_officer, person=person, ground=right.PRODUCT_DISPOSED,
                                             source_document="Акт перевірки управління № 17",
                                             source_date=timezone.localdate())
    page = officer_page
    page.goto(person_url(person))
    page.get_by_role("link", name=t("Lift the suspension")).click()
    axe.check(page, "lift the suspension")
    field(page, t("Document")).fill("Рішення управління № 21")
    fill_date(page, t("Date of the document"), timezone.localdate())
    page.get_by_role("button", name=t("Continue")).click()
    expect(page.locator("main")).to_contain_text(application.reference)
    axe.check(page, "confirm the lift")
    page.get_by_role("button", name=t("Confirm and record")).click()
    expect(page.locator("main")).to_contain_text(suspension.decision_number)
    application.refresh_from_db()
    assert application.status == workflow.APPROVED
