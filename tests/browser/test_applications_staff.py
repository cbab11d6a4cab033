"""Officers and assistive-product applications in the browser: a provision application
through every step (one request for information), compensation, replacement, repair and a
document update each to its decision and end, a refusal with reasons, the work list's
filters and overdue marks, a paper application (error state, then success) and the survey
results — every page and error state checked with axe."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cbi.applications import services, workflow
from cbi.applications.models import ProductApplication
from tests.applications.fixtures import decide, new_application
from tests.browser.support import expect_error_summary, field, person_url, sign_in, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORK_LIST = "/staff/applications/"


def step(page: Page, action_label: str, **answers) -> None:
    """Open a step from the application's page, fill its confirmation, confirm it."""
    page.get_by_role("link", name=action_label, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(action_label)
    for label, value in answers.items():
        field(page, t(label)).fill(value)
    page.get_by_role("button", name=action_label, exact=True).click()


def reason_required_then_given(page: Page, axe, action_label: str, error: str, label: str, reason: str) -> None:
    """Open the step, confirm it without the reason (error state), then with it."""
    page.get_by_role("link", name=action_label, exact=True).click()
    axe.check(page, f"confirm {action_label}")
    page.get_by_role("button", name=action_label, exact=True).click()
    expect_error_summary(page, error)
    axe.check(page, f"{action_label} error")
    field(page, label).fill(reason)
    page.get_by_role("button", name=action_label, exact=True).click()


def expect_status(page: Page, status_msgid: str) -> None:
    label = t(status_msgid)
    expect(page.locator("main .tag").first).to_have_text(label[:1].upper() + label[1:])  # "Фонду" keeps its capital


@pytest.fixture
def submitted(person, person_user, wheelchair, supplier):
    application = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    return services.submit(actor=person_user, application=application)


def test_officer_takes_a_provision_application_to_closed(officer_page, new_page, axe, submitted, person_user, supplier,
                                                         branch_officer):
    page = officer_page
    page.goto(WORK_LIST)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Applications for assistive products"))
    axe.check(page, "applications work list")
    page.get_by_role("link", name=submitted.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(submitted.reference)
    expect(page.get_by_text("Петренко Олена Іванівна")).to_be_visible()
    axe.check(page, "application detail submitted")

    page.get_by_role("link", name=t("Register the application"), exact=True).click()
    axe.check(page, "confirm register")
    page.get_by_role("button", name=t("Register the application"), exact=True).click()
    expect_status(page, "registered")
    step(page, t("Start the review"))
    expect_status(page, "under review")

    # Request information: the reason is required.
    reason_required_then_given(page, axe, t("Request information"), t("Write what the person needs to provide."),
                               t("What the person needs to provide"), "Додайте рекомендацію лікаря щодо типу крісла.")
    expect_status(page, "information requested")
    expect(page.get_by_role("status")).to_contain_text(t("Request information"))

    # The person answers in the cabinet.
    services.move(actor=person_user, application=submitted, to=workflow.INFORMATION_PROVIDED)
    page.reload()
    expect_status(page, "information provided")
    # The office does not decide a provision (AP-PROC-3): it forwards it to the Fund's branch.
    expect(page.get_by_role("link", name=t("Approve"), exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name=t("Refuse"), exact=True)).to_have_count(0)
    page.get_by_role("link", name=t("Forward to the branch of the Fund"), exact=True).click()
    axe.check(page, "confirm forward")
    page.get_by_role("button", name=t("Forward to the branch of the Fund"), exact=True).click()
    expect_status(page, "forwarded to the territorial branch of the Fund for a decision")
    axe.check(page, "application forwarded")

    # The branch officer of the region approves.
    branch = new_page()
    sign_in(branch, branch_officer)
    branch.goto(f"{WORK_LIST}{submitted.pk}/")
    branch.get_by_role("link", name=t("Approve"), exact=True).click()
    axe.check(branch, "branch: confirm approve")
    field(branch, t("Reasons for the decision")).fill("Потребу підтверджено індивідуальною програмою реабілітації.")
    branch.get_by_role("button", name=t("Approve"), exact=True).click()
    expect_status(branch, "approved")
    expect(branch.get_by_role("link", name=t("Decision letter (PDF)"))).to_be_visible()

    page.reload()
    expect_status(page, "approved")
    expect(page.get_by_role("link", name=t("Decision letter (PDF)"))).to_be_visible()
    axe.check(page, "application approved")

    page.get_by_role("link", name=t("Start fulfilment"), exact=True).click()
    field(page, t("Supplier")).select_option(label=supplier.name)
    axe.check(page, "confirm start fulfilment")
    page.get_by_role("button", name=t("Start fulfilment"), exact=True).click()
    expect_status(page, "in fulfilment")
    step(page, t("Ready for pick-up"), **{"Where and when to pick it up": "Склад управління, вул. Велика "
                                                                           "Житомирська, 15, пн–пт 9:00–17:00."})
    expect_status(page, "ready for pick-up")
    step(page, t("Product handed over"))
    expect_status(page, "provided")
    step(page, t("Close the application"))
    expect_status(page, "closed")
    history = page.get_by_role("table", name=t("History"))
    expect(history).to_contain_text("Додайте рекомендацію лікаря щодо типу крісла.")
    expect(history.get_by_role("row")).to_have_count(12)  # header + 11 steps from submission to closing
    axe.check(page, "application closed")
    assert ProductApplication.objects.get(pk=submitted.pk).issued is not None


def test_the_branch_refuses_with_reasons(new_page, axe, submitted, district_officer, branch_officer, person_user):
    for status in (workflow.REGISTERED, workflow.UNDER_REVIEW, workflow.FORWARDED):
        services.move(actor=district_officer, application=submitted, to=status)
    page = new_page()
    sign_in(page, branch_officer)
    page.goto(f"{WORK_LIST}{submitted.pk}/")
    reason_required_then_given(page, axe, t("Refuse"), t("Write the reasons for the refusal."),
                               t("Reasons for the refusal"), "Засіб не передбачено індивідуальною програмою реабілітації.")
    expect_status(page, "refused")
    decision = page.get_by_role("region", name=t("Decision"))
    expect(decision).to_contain_text("Засіб не передбачено індивідуальною програмою реабілітації.")
    expect(decision).to_contain_text(f"Р-{submitted.reference}")
    axe.check(page, "application refused")


def test_work_list_filters_and_overdue_marks(officer_page, axe, submitted, person, person_user, district_officer,
                                             wheelchair):
    issued = services.record_issued_product(actor=district_officer, person=person, product=wheelchair,
                                            issued_on=timezone.localdate() - timedelta(days=900))
    repair = services.submit(actor=person_user, application=new_application(
        workflow.REPAIR, person=person, person_user=person_user, issued_product=issued))
    ProductApplication.objects.filter(pk=submitted.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    page = officer_page
    page.goto(WORK_LIST)
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(3)
    overdue_row = table.get_by_role("row").filter(has=page.get_by_role("link", name=submitted.reference))
    expect(overdue_row).to_contain_text(t("Overdue"))
    repair_row = table.get_by_role("row").filter(has=page.get_by_role("link", name=repair.reference))
    expect(repair_row).not_to_contain_text(t("Overdue"))

    page.get_by_label(t("Only overdue")).check()
    page.get_by_role("button", name=t("Show applications")).click()
    expect(page).to_have_url(re.compile(r"overdue=on"))
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(2)
    expect(page.get_by_role("link", name=submitted.reference)).to_be_visible()
    axe.check(page, "work list overdue only")

    page.get_by_label(t("Only overdue")).uncheck()
    field(page, t("Kind of application")).select_option(label=str(t("repair of a product")).capitalize())
    page.get_by_role("button", name=t("Show applications")).click()
    expect(page.get_by_role("link", name=repair.reference)).to_be_visible()
    expect(page.get_by_role("link", name=submitted.reference)).to_have_count(0)

    field(page, t("Status")).select_option(label=t("closed").capitalize())
    page.get_by_role("button", name=t("Show applications")).click()
    expect(page.get_by_role("table")).to_have_count(0)
    expect(page.get_by_text(t("No applications match these filters. Change the filters or clear them to see "
                              "everything the office has to act on."))).to_be_visible()
    axe.check(page, "work list empty")


def test_paper_application_with_an_error_then_success(officer_page, axe, person, wheelchair):
    page = officer_page
    page.goto(person_url(person))
    section = page.get_by_role("region", name=t("Assistive products"))
    expect(section).to_contain_text(t("No applications for assistive products."))
    axe.check(page, "person page with assistive products")
    section.get_by_role("link", name=t("Enter a paper application")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Enter a paper application"))
    axe.check(page, "paper application form")

    page.get_by_label(str(t("provision of a product")).capitalize()).check()
    field(page, t("What the person asks for")).fill("Прошу видати крісло колісне для пересування вдома.")
    page.get_by_role("button", name=t("Submit the paper application")).click()
    expect_error_summary(page, t("Choose the product."))
    axe.check(page, "paper application error")
    assert not ProductApplication.objects.exists()

    field(page, t("Product (provision or compensation)")).select_option(
        label=f"{wheelchair.iso_code} {wheelchair.name}")
    page.get_by_role("button", name=t("Submit the paper application")).click()
    application = ProductApplication.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.reference)
    expect(page.get_by_text(t("filed on paper"), exact=True)).to_be_visible()
    axe.check(page, "paper application submitted")
    assert application.filed_via == "paper" and application.status == workflow.SUBMITTED


def test_survey_results(officer_page, axe, submitted, district_officer, person_user):
    page = officer_page
    page.goto(f"{WORK_LIST}surveys/")
    expect(page.get_by_text(t("No one has answered a survey in your scope yet."))).to_be_visible()
    axe.check(page, "surveys empty")
    services.move(actor=district_officer, application=submitted, to=workflow.REGISTERED)
    services.move(actor=district_officer, application=submitted, to=workflow.UNDER_REVIEW)
    decide(submitted, approve=True, officer=district_officer, reasons="Потребу підтверджено.")
    supplier = submitted.product.suppliers.first()
    services.move(actor=district_officer, application=submitted, to=workflow.IN_FULFILMENT,
                  changes={"supplier": supplier})
    provided = services.move(actor=district_officer, application=submitted, to=workflow.PROVIDED)
    services.submit_survey(actor=person_user, application=provided, rating=4, comment="Видали вчасно.")
    page.reload()
    by_supplier = page.get_by_role("table", name=t("By supplier"))
    expect(by_supplier.get_by_role("row").nth(1)).to_contain_text(supplier.name)
    expect(by_supplier.get_by_role("row").nth(1)).to_contain_text(re.compile(r"4[,.]0"))
    expect(page.get_by_role("table", name=t("By social protection office"))).to_contain_text("Шевченківський")
    axe.check(page, "surveys with answers")


@pytest.fixture
def issued_wheelchair(person, district_officer, wheelchair):
    """A wheelchair Олена received last year: its service life has not ended."""
    return services.record_issued_product(actor=district_officer, person=person, product=wheelchair,
                                          issued_on=timezone.localdate() - timedelta(days=400))


@pytest.mark.parametrize("kind", [workflow.COMPENSATION, workflow.REPLACEMENT, workflow.REPAIR,
                                  workflow.DOCUMENT_UPDATE])
def test_officer_takes_every_other_kind_to_its_decision_and_end(kind, officer_page, axe, person, person_user,
                                                                 district_officer, wheelchair, issued_wheelchair):
    related = None
    if kind == workflow.DOCUMENT_UPDATE:
        related = services.submit(actor=person_user, application=new_application(
            workflow.PROVISION, person=person, person_user=person_user, product=wheelchair))
    application = services.submit(actor=person_user, application=new_application(
        kind, person=person, person_user=person_user, product=wheelchair, issued_product=issued_wheelchair,
        related=related))
    page = officer_page
    page.goto(f"{WORK_LIST}{application.pk}/")
    axe.check(page, f"{kind} submitted")
    step(page, t("Register the application"))
    step(page, t("Start the review"))
    expect_status(page, "under review")
    if kind == workflow.REPLACEMENT:
        # EC-APP-2: the officer sees that the replacement is early, and why the person asks.
        expect(page.locator("main")).to_contain_text(t("the product is damaged beyond repair"))
        # Only the Fund's branch decides a replacement (AP-PROC-3): the office forwards it, the
        # branch of the region approves.
        expect(page.get_by_role("link", name=t("Approve"), exact=True)).to_have_count(0)
        step(page, t("Forward to the branch of the Fund"))
        expect_status(page, "forwarded to the territorial branch of the Fund for a decision")
        decide(application, approve=True, officer=district_officer, reasons="Потребу підтверджено документами заяви.")
        page.reload()
    else:
        page.get_by_role("link", name=t("Approve"), exact=True).click()
        axe.check(page, f"confirm approve {kind}")
        field(page, t("Reasons for the decision")).fill("Потребу підтверджено документами заяви.")
        if kind == workflow.COMPENSATION:
            field(page, t("Compensation approved, UAH")).fill("8500")
        page.get_by_role("button", name=t("Approve"), exact=True).click()
    expect_status(page, "approved")
    expect(page.get_by_role("region", name=t("Decision"))).to_contain_text("Потребу підтверджено документами заяви.")
    axe.check(page, f"{kind} approved")
    if kind != workflow.DOCUMENT_UPDATE:
        page.get_by_role("link", name=t("Start fulfilment"), exact=True).click()
        page.get_by_role("button", name=t("Start fulfilment"), exact=True).click()
        expect_status(page, "in fulfilment")
        done = {workflow.COMPENSATION: ("Compensation paid", "compensation paid"),
                workflow.REPLACEMENT: ("Product handed over", "provided"),
                workflow.REPAIR: ("Repair done", "repaired")}[kind]
        step(page, t(done[0]))
        expect_status(page, done[1])
    step(page, t("Close the application"))
    expect_status(page, "closed")
    axe.check(page, f"{kind} closed")
    application.refresh_from_db()
    assert application.status == workflow.CLOSED
    decider = application.decided_by.staff_profile
    if kind == workflow.REPLACEMENT:
        assert decider.role == workflow.FUND_BRANCH and decider.organization.kind == "fund_branch"
    else:
        assert application.decided_by == district_officer
    if kind == workflow.COMPENSATION:
        assert application.approved_amount == 8500
    if kind == workflow.REPLACEMENT:
        issued_wheelchair.refresh_from_db()
        assert issued_wheelchair.replaced_on == timezone.localdate()
