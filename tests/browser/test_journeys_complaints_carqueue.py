"""Journey (issue #17 §3): a person removed from the car queue complains, and the Ministry upholds.

Олена Петренко was in the general car queue of Kyiv from 01.06.2023; her disability status ended
and the Kyiv regional department removed her (CQ-RM-1). In her cabinet she opens "My place in the
car queue", finds the removal among the regional department's decisions, reads it with its
reasons and the written decision, presses "File a complaint", presses the button before writing
anything (and is told what to write), writes her reasons, attaches the new МСЕК certificate and
files, by keyboard. An officer of the Ministry of Social Policy sees the complaint in the deadline
monitor and on the complaints list, opens it, reads the removal's case beside the complaint,
upholds it with reasons; the entry is restored in the queue through the restoration path and the
case's page shows the complaint. Олена sees her place again, the cancelled removal, and reads the
letter with the outcome. axe on every page and state."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cbi.carqueue.models import QueueDecision, QueueEntry
from cbi.complaints.models import Complaint
from tests.applications.fixtures import CABINET_PASSWORD, PDF
from tests.browser import journeys as J
from tests.browser.journeys import clear_throttle, media_in_tmp  # noqa: F401 (fixtures)
from tests.browser.support import sign_in, t
from tests.complaints.carqueue_fixtures import REMOVAL_REASONS, ministry_officer, removed_from_queue  # noqa: F401
from tests.pdfua import pdf_ua_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("clear_throttle", "media_in_tmp")]

OUTCOME = ("Інвалідність Олені Петренко встановлено повторно з 20.11.2026 без перерви в часі; підстави для "
           "зняття з обліку (п. 8 Порядку) немає. Рішення скасовано, облік поновлено з датою 01.06.2023.")


def test_a_removal_is_complained_about_and_the_ministry_restores_the_entry(page, new_page, axe, person,
                                                                          person_user, regional_officer,
                                                                          ministry_officer, organizations):
    removal = removed_from_queue(person, regional_officer, organizations)
    J.cabinet_sign_in(page, person_user.username, CABINET_PASSWORD)
    page.get_by_role("link", name=t("My place in the car queue")).click()
    decisions = page.get_by_role("region", name=t("Decisions of the regional department"))
    axe.check(page, "my place in the car queue: removed, with the decision")
    decisions.get_by_role("link", name=t("Removal from the car queue from %(date)s",
                                         date=removal.effective_on.strftime("%d.%m.%Y"))).click()
    expect(J.h1(page)).to_have_text(t("Removal from the car queue"))
    expect(page.get_by_text(removal.reason_uk)).to_be_visible()
    expect(page.get_by_role("link", name=t("The written decision (PDF)"))).to_be_visible()
    axe.check(page, "the removal with the way to complain")

    keyboard = J.keyboard_only(page)
    keyboard.activate(page.get_by_role("link", name=t("File a complaint")))
    expect(J.h1(page)).to_have_text(t("Complaint about a decision"))
    expect(page.locator("dd", has_text="Міністерство соціальної політики України")).to_have_count(1)
    axe.check(page, "complaint form: goes to the Ministry")
    keyboard.activate(page.get_by_role("button", name=t("File the complaint")))
    J.expect_errors(page)
    axe.check(page, "complaint form with an error")
    reasons = page.get_by_label(t("Why do you disagree with the decision?"))
    keyboard.tab_to(reasons)
    keyboard.type_into(reasons, REMOVAL_REASONS)
    page.get_by_label(t("A document that supports your complaint (if you have one)")).set_input_files(
        {"name": "dovidka-mseks-2026.pdf", "mimeType": "application/pdf", "buffer": PDF})
    keyboard.activate(page.get_by_role("button", name=t("File the complaint")))
    complaint = Complaint.objects.get()
    expect(J.h1(page)).to_contain_text(complaint.reference)
    expect(page.get_by_role("link", name="dovidka-mseks-2026.pdf")).to_be_visible()
    axe.check(page, "complaint filed")

    officer = new_page()
    sign_in(officer, ministry_officer)
    officer.get_by_role("link", name=t("Car applications")).click()
    monitor = officer.get_by_role("region", name=t("Complaints to decide"))
    expect(monitor).to_contain_text(complaint.reference)
    expect(monitor).to_contain_text(complaint.due_on.strftime("%d.%m.%Y"))
    axe.check(officer, "deadline monitor with the complaint")
    officer.get_by_role("link", name=t("Complaints about decisions"), exact=True).click()
    row = officer.get_by_role("row").filter(has_text=complaint.reference)
    expect(row).to_contain_text(complaint.due_on.strftime("%d.%m.%Y"))
    row.get_by_role("link", name=complaint.reference).click()
    case = officer.get_by_role("region", name=t("The original case"))
    expect(case).to_contain_text(removal.reason_uk)
    expect(case).to_contain_text("01.06.2023")
    expect(officer.get_by_text(REMOVAL_REASONS)).to_be_visible()
    axe.check(officer, "complaint beside the original case")
    officer.get_by_role("button", name=t("Record the decision and send the letter")).click()
    J.expect_errors(officer)
    axe.check(officer, "decision form with an error")
    officer.get_by_label(t("Uphold the complaint: cancel the removal, the person is restored in the queue with "
                           "the enrollment date")).check()
    officer.get_by_label(t("Reasons")).fill(OUTCOME)
    officer.get_by_role("button", name=t("Record the decision and send the letter")).click()
    expect(officer.get_by_role("link", name=t("The letter with the outcome (PDF)"))).to_be_visible()
    axe.check(officer, "complaint upheld")

    entry = QueueEntry.objects.get(pk=removal.entry_id)
    assert entry.status == QueueEntry.Status.ACTIVE and entry.number == 1
    assert entry.decisions.filter(kind=QueueDecision.Kind.RESTORATION, decided_by=ministry_officer).exists()
    officer.get_by_role("link", name=t("open the original case")).click()
    expect(officer.get_by_role("region", name=t("Complaint about this decision"))).to_contain_text(
        complaint.reference)
    expect(officer.get_by_role("region", name=t("Decisions"), exact=True)).to_contain_text(complaint.reference)
    axe.check(officer, "the entry's decisions: restored on the complaint")

    page.goto("/cabinet/car-queue/")
    expect(page.get_by_text(t("My number"), exact=True).locator("xpath=following-sibling::dd")).to_have_text("1")
    axe.check(page, "my place again")
    page.goto(f"/cabinet/car-queue/removals/{removal.pk}/")
    expect(page.get_by_text(t("This decision no longer applies: it was cancelled."))).to_be_visible()
    box = page.get_by_role("region", name=t("Complaint about this decision"))
    expect(box).to_contain_text(complaint.reference)
    axe.check(page, "the cancelled removal with its complaint")
    box.get_by_role("link", name=t("Open the complaint")).click()
    expect(page.get_by_text(OUTCOME)).to_be_visible()
    axe.check(page, "the outcome in the cabinet")
    letter = page.get_by_role("link", name=t("The letter with the outcome (PDF)"))
    response = page.request.get(letter.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = pdf_ua_text(response.body(), title=t("Decision on the complaint"))
    assert complaint.reference in text and "Інвалідність Олені Петренко встановлено повторно" in text
