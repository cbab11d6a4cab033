"""Journey (issue #17 §3): a refusal is complained about and the regional department decides.

Олена Петренко's application for a wheelchair was refused by her district office. From the
refusal's page she presses "File a complaint", presses the button before writing anything (and is
told what to write), writes her reasons, attaches the doctor's conclusion and files, by keyboard
at 320 px. The officer of the Kyiv regional department finds the complaint on the list with its
deadline, opens the original case beside it, upholds with reasons; the application is back under
review by itself (its status and its history name the complaint, for the officer and for Олена), and
Олена sees the outcome and the letter. axe on every page and state."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cbi.applications import workflow
from cbi.complaints.models import Complaint
from tests.applications.fixtures import CABINET_PASSWORD, PDF, advance, new_application
from tests.browser import journeys as J
from tests.browser.journeys import clear_throttle, media_in_tmp  # noqa: F401 (fixtures)
from tests.browser.support import sign_in, t

BACK_WITH_THE_BRANCH = t("forwarded to the territorial branch of the Fund for a decision")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("clear_throttle", "media_in_tmp")]

REASONS = "Управління не врахувало висновок лікаря від 12.09.2026. Прошу скасувати відмову і видати крісло."
OUTCOME = "Висновок лікаря від 12.09.2026 підтверджує потребу в кріслі колісному; управлінню вирішити заново."


def test_a_refusal_is_complained_about_and_the_region_decides(page, new_page, axe, person, person_user, wheelchair,
                                                              district_officer, regional_officer):
    application = advance(new_application(workflow.PROVISION, person=person, person_user=person_user,
                                          product=wheelchair), workflow.REFUSED, officer=district_officer,
                          person_user=person_user)
    J.cabinet_sign_in(page, person_user.username, CABINET_PASSWORD)
    J.at_320(page)
    page.goto(f"/cabinet/applications/{application.pk}/")
    axe.check(page, "refusal with the way to complain")
    keyboard = J.keyboard_only(page)
    keyboard.activate(page.get_by_role("link", name=t("File a complaint")))
    expect(J.h1(page)).to_have_text(t("Complaint about a decision"))
    expect(page.get_by_text(application.decision_number)).to_be_visible()
    axe.check(page, "complaint form")
    J.assert_no_horizontal_scroll(page, "complaint form at 320 px")

    keyboard.activate(page.get_by_role("button", name=t("File the complaint")))
    J.expect_errors(page)
    axe.check(page, "complaint form with an error")
    reasons = page.get_by_label(t("Why do you disagree with the decision?"))
    keyboard.tab_to(reasons)
    keyboard.type_into(reasons, REASONS)
    page.get_by_label(t("A document that supports your complaint (if you have one)")).set_input_files(
        {"name": "vysnovok-likaria.pdf", "mimeType": "application/pdf", "buffer": PDF})
    keyboard.activate(page.get_by_role("button", name=t("File the complaint")))
    complaint = Complaint.objects.get()
    expect(J.h1(page)).to_contain_text(complaint.reference)
    expect(page.get_by_role("link", name="vysnovok-likaria.pdf")).to_be_visible()
    axe.check(page, "complaint filed")

    officer = new_page()
    sign_in(officer, regional_officer)
    officer.get_by_role("link", name=t("Complaints about decisions"), exact=True).click()
    row = officer.get_by_role("row").filter(has_text=complaint.reference)
    expect(row).to_contain_text(complaint.due_on.strftime("%d.%m.%Y"))
    axe.check(officer, "complaints list")
    row.get_by_role("link", name=complaint.reference).click()
    expect(officer.get_by_role("link", name=t("open the original case"))).to_have_attribute(
        "href", f"/staff/applications/{application.pk}/")
    axe.check(officer, "complaint for review")
    officer.get_by_role("button", name=t("Record the decision and send the letter")).click()
    J.expect_errors(officer)
    officer.get_by_label(t("Uphold the complaint: cancel the refusal, the application goes back to review")).check()
    officer.get_by_label(t("Reasons")).fill(OUTCOME)
    officer.get_by_role("button", name=t("Record the decision and send the letter")).click()
    expect(officer.get_by_role("link", name=t("The letter with the outcome (PDF)"))).to_be_visible()
    axe.check(officer, "complaint decided")

    # The wheelchair was refused by the Fund's branch (the procedure in force), so the application is
    # back with the branch by itself: its status, and its history names the complaint.
    officer.get_by_role("link", name=t("open the original case")).click()
    expect(officer.get_by_role("heading", level=1)).to_be_visible()
    expect(officer.locator("main")).to_contain_text(BACK_WITH_THE_BRANCH)
    expect(officer.get_by_role("row").filter(has_text=complaint.reference)).to_be_visible()
    axe.check(officer, "the application back with the branch")

    page.goto(f"/cabinet/applications/{application.pk}/")
    expect(page.get_by_role("heading", name=t("Status: %(status)s", status=BACK_WITH_THE_BRANCH))).to_be_visible()
    history = page.get_by_role("region", name=t("History"))
    expect(history.get_by_role("row").filter(has_text=complaint.reference)).to_contain_text(
        regional_officer.staff_profile.organization.name)
    axe.check(page, "the application back with the branch in the cabinet")
    expect(page.get_by_role("region", name=t("Complaint about this decision"))).to_contain_text(complaint.reference)
    page.get_by_role("link", name=t("Open the complaint")).click()
    expect(page.get_by_text(OUTCOME)).to_be_visible()
    expect(page.get_by_role("link", name=t("The letter with the outcome (PDF)"))).to_be_visible()
    axe.check(page, "the outcome in the cabinet")
