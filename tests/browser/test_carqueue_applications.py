"""Car applications in the browser: registration with the item-34 checklist (error state:
documents missing without a reason), the application page, a step behind its confirmation
page (error state: impossible dates), the regional officer's decision, the work list and
the deadline report — each page checked with axe.

The strings are new and not yet in the Ukrainian catalogue, so the UI is switched to
English (Django's language cookie) after the real sign-in and elements are found by
their English names."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cbi.carqueue.intake import services
from cbi.carqueue.models import CarApplication
from cbi.registry.models import Assessment
from tests.browser.support import fill_date, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APPLICATIONS = "/staff/car-queue/applications/"


def in_english(page: Page, live_server) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def expect_error_state(page: Page, *messages: str) -> None:
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))
    expect(summary).to_be_visible()
    for message in messages:
        expect(summary).to_contain_text(message)
    expect(page).to_have_title(re.compile(r"^Error: "))


@pytest.fixture
def applicant(person):
    Assessment.objects.create(person=person, kind="msek", assessed_on=timezone.localdate() - timedelta(days=40),
                              conclusion_number="МСЕК-1024/26", indications_for_car=True)
    return person


def test_officer_registers_an_application_and_issues_the_referrals(officer_page, axe, applicant, live_server):
    page = officer_page
    in_english(page, live_server)
    page.goto(f"{APPLICATIONS}new/?person={applicant.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Register a car application")
    expect(page.get_by_text("Петренко Олена Іванівна")).to_be_visible()
    checklist = page.get_by_role("group", name=re.compile("Documents handed in"))
    expect(checklist.get_by_role("checkbox")).to_have_count(4)
    axe.check(page, "car application new")

    page.get_by_label("By post").check()
    checklist.get_by_label("Application on the Ministry's form").check()
    page.get_by_role("button", name="Register the application").click()
    expect_error_state(page, "write why you register the application without them")
    axe.check(page, "car application new error")

    for box in page.get_by_role("group", name=re.compile("Documents handed in")).get_by_role("checkbox").all():
        box.check()
    page.get_by_role("button", name="Register the application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Car application No. 1")
    expect(page.get_by_role("status")).to_contain_text("registered in the journal under No. 1")
    deadlines = page.get_by_role("table", name="Deadlines")
    expect(deadlines).to_contain_text("CQ-FLOW-1")
    expect(page.get_by_role("table", name="Journal entries")).to_contain_text("application registered")
    axe.check(page, "car application detail")

    page.get_by_role("link", name="Issue the referrals").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Issue the referrals")
    axe.check(page, "car application confirm")
    fill_date(page, "Date the referrals were issued", timezone.localdate() + timedelta(days=2))
    page.get_by_role("button", name="Issue the referrals").click()
    expect_error_state(page, "The date cannot be in the future.")
    axe.check(page, "car application confirm error")
    fill_date(page, "Date the referrals were issued", timezone.localdate())
    page.get_by_role("button", name="Issue the referrals").click()
    expect(page.get_by_text("referrals issued").first).to_be_visible()
    expect(page.get_by_role("link", name="Referral to the health facility (PDF)")).to_be_visible()
    assert CarApplication.objects.get().status == "referrals_issued"


def test_regional_officer_decides_and_reads_the_lists(page, axe, applicant, district_officer, regional_officer,
                                                      live_server):
    today = timezone.localdate()
    application = services.register_application(
        actor=district_officer, person=applicant,
        data={"received_via": "in_person", "received_on": today - timedelta(days=30), "kind": "first"},
        presented=["application_form", "disability_certificate", "passport_person", "rnokpp_person"])
    overdue = services.register_application(
        actor=district_officer, person=applicant,
        data={"received_via": "post", "received_on": today - timedelta(days=10), "kind": "first"},
        presented=["application_form"], missing_documents_reason="Решту документів особа донесе особисто")
    start = today - timedelta(days=30)
    services.issue_referrals(actor=district_officer, application=application, issued_on=start)
    services.record_notice(actor=district_officer, application=application, health_exam_on=start + timedelta(days=2),
                           form_088_sent_on=start + timedelta(days=4), notice_received_on=start + timedelta(days=5))
    services.send_to_region(actor=district_officer, application=application, sent_on=start + timedelta(days=6))
    services.register_at_region(actor=regional_officer, application=application, registered_on=today)

    sign_in(page, regional_officer)
    in_english(page, live_server)
    page.goto(APPLICATIONS)
    expect(page.get_by_role("heading", level=1)).to_have_text("Car applications")
    expect(page.get_by_role("link", name="Car applications")).to_be_visible()  # the menu
    axe.check(page, "car applications list")
    page.get_by_label("Only applications with an overdue deadline").check()
    page.get_by_role("button", name="Show").click()
    rows = page.get_by_role("table", name="Applications").get_by_role("row")
    expect(rows).to_have_count(2)  # header + the overdue one
    expect(rows.nth(1)).to_contain_text("overdue")
    axe.check(page, "car applications list overdue")

    page.goto(f"{APPLICATIONS}{overdue.pk}/decide/")
    assert page.title().startswith("403") or "Make the decision" not in page.content()

    page.goto(f"{APPLICATIONS}{application.pk}/")
    page.get_by_role("link", name="Make the decision").click()
    expect(page.get_by_role("heading", name="What the rules decide")).to_be_visible()
    expect(page.get_by_role("table", name="Rules")).to_contain_text("CQ-ELIG-7")
    axe.check(page, "car application decide")
    fill_date(page, "Date of the decision", "")
    page.get_by_role("button", name="Make the decision and send it").click()
    expect_error_state(page, "Date of the decision")
    axe.check(page, "car application decide error")
    fill_date(page, "Date of the decision", today)
    page.get_by_role("button", name="Make the decision and send it").click()
    expect(page.get_by_role("link", name="Decision letter (PDF)")).to_be_visible()
    expect(page.get_by_role("table", name="Rules applied in the decision")).to_contain_text("CQ-FLOW-4")
    axe.check(page, "car application decided")

    page.goto("/staff/car-queue/deadlines/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deadlines met and missed")
    table = page.get_by_role("table", name="Deadlines per office")
    expect(table.get_by_role("row", name=re.compile("All offices"))).to_contain_text("1")
    axe.check(page, "car deadlines report")
