"""Queue decisions (CQ-RM-*) and the allocation of cars (CQ-CAT-3, item 41) in the browser:
every page and its error state checked with axe. The pages' strings are new msgids, so the UI
is switched to English (Django's language cookie) and controls are selected by English names."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cbi.carqueue.decisions import services as queue_decisions
from cbi.carqueue.models import CarOffer, QueueDecision, QueueEntry
from cbi.registry.models import Address, DisabilityStatus, Territory
from tests.browser.support import fill_date, label_pattern, sign_in
from tests.conftest import PECHERSKYI, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REMOVALS = "/staff/car-queue/removals/"
ALLOCATION = "/staff/car-queue/allocation/"


def in_english(page: Page, live_server) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def control(page: Page, label: str):
    return page.get_by_label(re.compile(rf"^{label_pattern(label)}( \(.+\))?$"))


def expect_error_state(page: Page, *texts: str) -> None:
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))
    expect(summary).to_be_visible()
    for text in texts:
        expect(summary).to_contain_text(text)
    expect(page).to_have_title(re.compile(r"^Error: "))


def one_h1(page: Page) -> None:
    assert page.locator("main h1").count() == 1


def enroll(person, organizations, number: int, category: str = "general") -> QueueEntry:
    entry = QueueEntry.objects.create(person=person, region=organizations["rd-80"], category=category,
                                      enrollment_date=date(2023, 6, number % 28 + 1), journal_number=number)
    queue_decisions.renumber(entry, cause="test")
    return entry


def other_person(organizations, rnokpp: str, surname: str):
    person = make_person(organizations[PECHERSKYI], surname=surname, given_name="Богдан", patronymic="Петрович",
                         rnokpp=rnokpp, sex="male", date_of_birth=date(1970, 1, 1))
    DisabilityStatus.objects.create(person=person, group="II", cause="general_disease",
                                    established_on=date(2020, 2, 1))
    # A registered address in Ukraine: without it a re-evaluation finds CQ-ELIG-1 lost.
    Address.objects.create(person=person, kind="registered",
                           territory=Territory.objects.get(code="UA80000000001078669"),
                           street="вул. Січових Стрільців", building="21", apartment="8", postcode="04053")
    return person


def test_removal_pages(page, axe, live_server, person, organizations, regional_officer):
    today = timezone.localdate()
    first = enroll(person, organizations, 41)
    second = enroll(other_person(organizations, "2987654320", "Гнатюк"), organizations, 42)
    third = enroll(other_person(organizations, "3012345670", "Савчук"), organizations, 43)
    for entry in (first, second):
        DisabilityStatus.objects.filter(person=entry.person).update(ended_on=today - timedelta(days=10))
    DisabilityStatus.objects.filter(person=third.person).update(ended_on=today - timedelta(days=5))
    DisabilityStatus.objects.create(person=third.person, group="I", cause="general_disease",
                                    established_on=today - timedelta(days=5))
    queue_decisions.sweep(on=today)
    proposal = QueueDecision.objects.get(entry=first, kind="removal")

    sign_in(page, regional_officer)
    in_english(page, live_server)
    page.goto(REMOVALS)
    expect(page.get_by_role("heading", level=1, name="Queue removals and warnings")).to_be_visible()
    expect(page.get_by_role("heading", name="Flagged entries")).to_be_visible()
    one_h1(page)
    axe.check(page, "removal list")

    # confirm: the confirmation page, then the entry's decisions
    page.get_by_role("link", name=re.compile(r"^Confirm\W+Петренко")).click()
    expect(page.get_by_role("heading", level=1, name="Confirm the removal from the queue")).to_be_visible()
    expect(page.get_by_text("CQ-RM-1 —")).to_be_visible()
    axe.check(page, "removal confirm")
    page.get_by_role("button", name="Remove from the queue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Decisions on the queue entry")
    expect(page.get_by_role("link", name="Written decision (PDF)")).to_be_visible()
    one_h1(page)
    axe.check(page, "removal entry history")
    first.refresh_from_db()
    assert first.status == "removed"

    # restore: the reason is mandatory
    page.get_by_role("link", name="Restore in the queue").click()
    axe.check(page, "restore form")
    page.get_by_role("button", name="Restore in the queue").click()
    expect_error_state(page, "Reason")
    axe.check(page, "restore error")
    control(page, "Reason").fill("Рішення суду від 12.04.2024 у справі № 757/1234/24.")
    page.get_by_role("button", name="Restore in the queue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Decisions on the queue entry")
    first.refresh_from_db()
    assert (first.status, first.number) == ("active", 1)

    # dismiss: the note is mandatory
    page.goto(REMOVALS)
    page.get_by_role("link", name=re.compile(r"^Dismiss\W+Гнатюк")).click()
    expect(page.get_by_role("heading", level=1, name="Dismiss the proposed removal")).to_be_visible()
    axe.check(page, "dismiss form")
    page.get_by_role("button", name="Dismiss the proposal").click()
    expect_error_state(page, "Reason")
    axe.check(page, "dismiss error")
    control(page, "Reason").fill("Інвалідність встановлено повторно, довідка від 28.02.2024.")
    page.get_by_role("button", name="Dismiss the proposal").click()
    expect(page.get_by_text("dismissed", exact=True).first).to_be_visible()
    assert QueueDecision.objects.get(entry=second, kind="removal").status == "dismissed"

    # clear a CQ-RM-5 flag
    page.goto(f"{REMOVALS}entries/{third.pk}/")
    page.get_by_role("link", name="Clear the flag").click()
    axe.check(page, "clear flag form")
    page.get_by_role("button", name="Clear the flag").click()
    expect_error_state(page, "Reason")
    axe.check(page, "clear flag error")
    control(page, "Reason").fill("Висновок ЕК № 0390/24 підтвердив показання.")
    page.get_by_role("button", name="Clear the flag").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Decisions on the queue entry")
    third.refresh_from_db()
    assert third.flags == []
    assert QueueDecision.objects.get(pk=proposal.pk).status == "confirmed"


def test_allocation_pages(page, axe, live_server, person, organizations, regional_officer):
    waiting = [enroll(person, organizations, 41),
               enroll(other_person(organizations, "2987654320", "Гнатюк"), organizations, 42),
               enroll(other_person(organizations, "3012345670", "Савчук"), organizations, 43)]
    sign_in(page, regional_officer)
    in_english(page, live_server)
    page.goto(ALLOCATION)
    expect(page.get_by_role("heading", level=1, name="Cars for the region")).to_be_visible()
    axe.check(page, "allocation list")

    page.get_by_role("link", name="Record a batch of cars").click()
    axe.check(page, "batch form")
    page.get_by_role("button", name="Show the shares").click()
    expect_error_state(page, "Date the cars arrived", "Number of cars")
    axe.check(page, "batch form error")
    fill_date(page, "Date the cars arrived", "06.05.2024")
    control(page, "Number of cars").fill("1")
    page.get_by_role("button", name="Show the shares").click()
    expect(page.get_by_role("heading", level=1, name="Confirm the sharing of the cars")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text(person.full_name)
    axe.check(page, "batch confirm")
    page.get_by_role("button", name="Confirm and offer the cars").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Batch of cars")
    axe.check(page, "batch detail")

    page.get_by_role("link", name=re.compile(r"^Declined\W+Петренко")).click()
    expect(page.get_by_role("heading", level=1, name="The person declines the car")).to_be_visible()
    axe.check(page, "offer answer")
    page.get_by_role("button", name="Confirm: car declined").click()
    expect(page.get_by_role("link", name=re.compile(r"^Accepted\W+Гнатюк"))).to_be_visible()
    assert CarOffer.objects.get(status="offered").entry == waiting[1]

    # humanitarian car: consent is required
    page.goto(ALLOCATION + "humanitarian/")
    axe.check(page, "humanitarian form")
    control(page, "Person in the queue").select_option(value=str(waiting[2].pk))
    fill_date(page, "Date of issue", "06.05.2024")
    control(page, "Where the car came from").fill("Фонд «Рідні», акт № 14 від 02.05.2024.")
    page.get_by_role("button", name="Continue").click()
    expect_error_state(page, "consent")
    axe.check(page, "humanitarian error")
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1, name="Confirm the humanitarian car")).to_be_visible()
    axe.check(page, "humanitarian confirm")
    page.get_by_role("button", name="Confirm and issue the car").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Decisions on the queue entry")
    assert CarOffer.objects.get(humanitarian=True).entry == waiting[2]


def test_lost_condition_reaches_the_officer_who_keeps_the_person(page, axe, live_server, person, organizations,
                                                                regional_officer):
    """No silent loss of grounds: a new assessment without indications (the group unchanged)
    gives no removal ground; the sweep flags the entry, the officer decides in the browser,
    and the person is told."""
    from cbi.notifications.models import Notification
    from cbi.registry.models import Assessment

    today = timezone.localdate()
    entry = enroll(person, organizations, 41)
    Assessment.objects.create(person=person, kind="msek", assessed_on=entry.enrollment_date,
                              conclusion_number="0881", indications_for_car=True)
    Assessment.objects.create(person=person, kind="expert_team", assessed_on=today - timedelta(days=3),
                              conclusion_number="ЕК-0577/24", indications_for_car=False)
    queue_decisions.sweep(on=today)

    sign_in(page, regional_officer)
    in_english(page, live_server)
    page.goto(f"/staff/car-queue/removals/entries/{entry.pk}/")
    page.get_by_role("link", name="Decide on the lost condition").click()
    expect(page.get_by_role("heading", level=1, name="Decide on the lost condition")).to_be_visible()
    expect(page.get_by_text("CQ-ELIG-7", exact=False).first).to_be_visible()
    axe.check(page, "review of a lost condition")
    # the obvious button without a choice: a message, nothing decided
    page.get_by_role("button", name="Save the decision").click()
    expect_error_state(page, "Choose whether the person stays in the queue or is removed.")
    axe.check(page, "review of a lost condition, error")
    page.get_by_label("The person stays in the queue").check()
    control(page, "Reason").fill("Висновок експертної команди оскаржено до суду (справа № 757/1234/24).")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("The person stays in the queue and gets the decision.")).to_be_visible()
    entry.refresh_from_db()
    assert entry.flags == [] and entry.status == "active"
    [message] = Notification.objects.filter(person=person)
    assert "757/1234/24" in message.body
