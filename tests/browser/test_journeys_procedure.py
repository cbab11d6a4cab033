"""The procedure in force for assistive products (issue #16 §1), in the browser.

Олена Петренко handed in her application for a room wheelchair at a ЦНАП; her district office checked
it and forwarded it to the Kyiv branch of the Fund. In the cabinet she chooses the enterprise; the
branch officer approves and issues the electronic referral to it; the enterprise's user accepts it,
forgets the serial number once (error state, the act kept), then records the delivery; Олена sees
every step in her cabinet. Then, for another application, her death is recorded and the open
referral is cancelled with the decision letter. axe on every page and state."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cbi.applications import referral_flow, services, workflow
from cbi.applications.models import ProductApplication, Referral
from tests.applications.fixtures import CABINET_PASSWORD, PDF, advance, new_application
from tests.browser.support import expect_error_summary, field, fill_date, person_url, sign_in, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _forwarded(person, person_user, district_officer, wheelchair) -> ProductApplication:
    application = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    application = advance(application, workflow.UNDER_REVIEW, officer=district_officer, person_user=person_user)
    ProductApplication.objects.filter(pk=application.pk).update(
        filed_via=ProductApplication.FiledVia.CNAP, place_of_receipt="ЦНАП Дарницької РДА м. Києва")
    return services.move(actor=district_officer, application=application, to=workflow.FORWARDED)


def _cabinet_sign_in(page: Page, username: str) -> None:
    page.goto("/cabinet/login/")
    page.get_by_label(t("Login")).fill(username)
    page.get_by_label(t("Password")).fill(CABINET_PASSWORD)
    page.get_by_role("button", name=t("Sign in")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("My cabinet"))


def test_branch_decides_enterprise_delivers_and_the_person_sees_each_step(
        page: Page, new_page, axe, person, person_user, district_officer, wheelchair, branch_officer,
        enterprise, other_enterprise, enterprise_user):
    application = _forwarded(person, person_user, district_officer, wheelchair)

    # Олена chooses the enterprise in her cabinet.
    _cabinet_sign_in(page, person_user.username)
    page.goto(f"/cabinet/applications/{application.pk}/")
    axe.check(page, "cabinet: forwarded to the branch")
    page.get_by_role("link", name=t("Choose the enterprise")).click()
    axe.check(page, "cabinet: choose the enterprise")
    page.get_by_role("button", name=t("Save my choice")).click()
    expect_error_summary(page)
    axe.check(page, "cabinet: choose the enterprise, error")
    page.get_by_label(enterprise.name).check()
    page.get_by_role("button", name=t("Save my choice")).click()
    expect(page.locator("main")).to_contain_text(enterprise.name)

    # The branch officer approves and issues the referral (her choice preselected).
    branch = new_page()
    sign_in(branch, branch_officer)
    branch.goto(f"/staff/applications/{application.pk}/")
    axe.check(branch, "branch: forwarded application")
    branch.get_by_role("link", name=t("Approve"), exact=True).click()
    branch.get_by_role("button", name=t("Approve"), exact=True).click()
    expect_error_summary(branch)
    axe.check(branch, "branch: approve, error")
    field(branch, t("Reasons for the decision")).fill("Потребу підтверджено індивідуальною програмою реабілітації.")
    branch.get_by_role("button", name=t("Approve"), exact=True).click()
    branch.get_by_role("link", name=t("Issue the electronic referral")).click()
    expect(branch.get_by_label(enterprise.name)).to_be_checked()
    axe.check(branch, "branch: issue the referral")
    branch.get_by_role("button", name=t("Issue the electronic referral")).click()
    referral = Referral.objects.get(application=application)
    expect(branch.locator("main")).to_contain_text(referral.number)
    axe.check(branch, "branch: application with its referral")

    # The enterprise accepts it and records the delivery.
    portal = new_page()
    sign_in(portal, enterprise_user)
    portal.goto("/enterprise/referrals/")
    axe.check(portal, "enterprise: referrals")
    portal.get_by_role("link", name=referral.number).click()
    expect(portal.locator("main")).to_contain_text("Петренко")
    axe.check(portal, "enterprise: referral")
    portal.get_by_role("link", name=t("Accept the referral")).click()
    axe.check(portal, "enterprise: accept")
    portal.get_by_role("button", name=t("Accept the referral")).click()
    portal.get_by_role("link", name=t("Record the delivery")).click()
    fill_date(portal, t("Date of delivery"), timezone.localdate())
    portal.locator('input[type="file"][name="act"]').set_input_files(
        files=[{"name": "Акт передачі Петренко.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    portal.get_by_role("button", name=t("Record the delivery")).click()
    expect_error_summary(portal)
    expect(portal.locator("main")).to_contain_text("Акт передачі Петренко.pdf")  # kept, not asked again
    axe.check(portal, "enterprise: delivery, error")
    field(portal, t("Serial number")).fill("KK-2026-00417")
    portal.get_by_role("button", name=t("Record the delivery")).click()
    expect(portal.locator("main")).to_contain_text("KK-2026-00417")
    axe.check(portal, "enterprise: delivered")
    referral.refresh_from_db()
    assert referral.status == referral_flow.DELIVERED

    # Олена sees every step.
    page.goto(f"/cabinet/applications/{application.pk}/")
    main = page.locator("main")
    for text in (referral.number, enterprise.name, "KK-2026-00417", "Акт передачі Петренко.pdf"):
        expect(main).to_contain_text(text)
    axe.check(page, "cabinet: delivered")
    application.refresh_from_db()
    assert application.status == workflow.PROVIDED


def test_a_death_recorded_cancels_the_open_referral(officer_page: Page, axe, person, person_user, district_officer,
                                                    wheelchair, branch_officer, enterprise):
    application = _forwarded(person, person_user, district_officer, wheelchair)
    services.decide(actor=branch_officer, application=application, approve=True, reasons="Потребу підтверджено.")
    referral = services.issue_referral(actor=branch_officer, application=application, enterprise=enterprise)
    page = officer_page
    page.goto(person_url(person))
    page.get_by_role("link", name=t("Record an event on the right")).click()
    page.get_by_label(t("the person's death")).check()
    field(page, t("Document")).fill("Свідоцтво про смерть І-БК № 512345")
    fill_date(page, t("Date of the document"), timezone.localdate())
    page.get_by_role("button", name=t("Continue")).click()
    axe.check(page, "confirm the death")
    page.get_by_role("button", name=t("Confirm and record")).click()
    referral.refresh_from_db()
    assert referral.status == referral_flow.CANCELLED
    page.goto(f"/staff/applications/{application.pk}/")
    expect(page.locator("main")).to_contain_text(referral.number)
    expect(page.locator("main")).to_contain_text(t("Cancelled: the right ended or is suspended"))
    axe.check(page, "application with the cancelled referral")
