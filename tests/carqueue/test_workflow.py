"""The workflow of a car application (CQ-FLOW-1..5): the one transition table, roles,
every disallowed step, deadlines per rule, the printable documents, the decision and
the deadline report."""

from __future__ import annotations

import io
import itertools
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext, override
from pypdf import PdfReader

from cbi.carqueue import workflow
from cbi.carqueue.intake import services
from cbi.carqueue.models import ApplicationDeadline, CarApplication, JournalEntry
from cbi.carqueue.intake.selectors import application_list, deadline_report, due_and_overdue
from cbi.notifications.models import Notification
from cbi.carqueue.error_codes import CarqueueErrorCode
from tests.carqueue.test_applications import applicant, other_office_person, register, with_assessment  # noqa: F401
from tests.clock import STORY_NOW
from tests.pdfua import appeal_sentences, pdf_ua_text
from tests.conftest import PECHERSKYI, SHEVCHENKIVSKYI, make_person, signed_in
from tests.errors import error_codes

# Every story here is dated (October–November 2026): freeze today just after it.
pytestmark = pytest.mark.time_machine(STORY_NOW)

ROLES = (workflow.DISTRICT_OFFICER, workflow.REGIONAL_OFFICER, workflow.PERSON, workflow.COMPLAINT_BODY)


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())  # text extraction may double the spaces between words


# --- the table ----------------------------------------------------------------------------


def test_the_table_is_the_documented_path():
    path = [(frm, to) for (frm, to), rule in workflow.TRANSITIONS.items() if rule.action != "withdraw"]
    assert path == [
        ("registered_at_office", "referrals_issued"), ("referrals_issued", "facility_notice_received"),
        ("facility_notice_received", "sent_to_region"), ("sent_to_region", "registered_at_region"),
        ("registered_at_region", "enrolled"), ("registered_at_region", "refused"),
        # An upheld complaint about the refusal (docs/complaints.md) sends it back to decision.
        ("refused", "registered_at_region"),
    ]
    withdrawable = sorted(frm for (frm, to) in workflow.TRANSITIONS if to == "withdrawn")
    assert withdrawable == sorted(set(workflow.STATUSES) - workflow.FINAL_STATUSES)


@pytest.mark.parametrize("frm,to", [
    (frm, to) for frm, to in itertools.product(workflow.STATUSES, workflow.STATUSES)
    if (frm, to) not in workflow.TRANSITIONS
])
def test_every_transition_outside_the_table_is_refused_for_everyone(frm, to):
    for role in ROLES:
        with pytest.raises(workflow.TransitionNotAllowed):
            workflow.check_transition(frm, to, role=role, reason="Особа подала заяву про відкликання")


@pytest.mark.parametrize("key", list(workflow.TRANSITIONS))
def test_each_transition_only_for_its_roles(key):
    rule = workflow.TRANSITIONS[key]
    for role in ROLES:
        if role in rule.roles:
            assert workflow.check_transition(*key, role=role, reason="Особа подала заяву") is rule
        else:
            with pytest.raises(workflow.TransitionNotAllowed):
                workflow.check_transition(*key, role=role, reason="Особа подала заяву")
    expected = ({"district_officer"} if key[1] in ("referrals_issued", "facility_notice_received", "sent_to_region")
                else {"complaint_body"} if key == ("refused", "registered_at_region")
                else {"regional_officer"} if key[1] in ("registered_at_region", "enrolled", "refused")
                else {"district_officer", "regional_officer", "person"})
    assert set(rule.roles) == expected


def test_withdrawal_needs_a_reason():
    with pytest.raises(ValueError):
        workflow.check_transition("referrals_issued", "withdrawn", role="district_officer", reason=" ")


# --- the whole path through the services -----------------------------------------------------


def run_to(status, officer, regional, application, *, start=date(2026, 10, 12)):
    steps = [
        ("referrals_issued", lambda: services.issue_referrals(actor=officer, application=application,
                                                              issued_on=start)),
        ("facility_notice_received", lambda: services.record_notice(
            actor=officer, application=application, health_exam_on=start + timedelta(days=3),
            form_088_sent_on=start + timedelta(days=6), notice_received_on=start + timedelta(days=8))),
        ("sent_to_region", lambda: services.send_to_region(actor=officer, application=application,
                                                           sent_on=start + timedelta(days=9))),
        ("registered_at_region", lambda: services.register_at_region(
            actor=regional, application=application, registered_on=start + timedelta(days=20))),
        ("decided", lambda: services.decide(actor=regional, application=application,
                                            decided_on=start + timedelta(days=25))),
    ]
    order = [name for name, _ in steps]
    done = order.index(application.status) if application.status in order else -1
    for name, step in steps[done + 1:]:
        application = step()
        if name == status:
            break
    return application


def test_the_whole_path_to_enrollment(person, district_officer, regional_officer):
    # The МСЕК found indications on 22.10.2026, after the application: its date counts (CQ-DATE-1).
    applicant = with_assessment(person, on=date(2026, 10, 22))
    application = register(district_officer, applicant, received_on=date(2026, 10, 12))
    application = run_to("decided", district_officer, regional_officer, application)
    assert application.status == "enrolled"
    assert application.region_number == 1 and application.office_number == 1
    # The engine decided with the current settings; every rule id with its citation is kept.
    rules = {r["rule_id"]: r for r in application.decision["applied_rules"]}
    assert len(rules) == 29 and rules["CQ-FLOW-5"]["citation"].startswith("Постанова КМУ № 999")
    assert application.enrollment_date == date(2026, 10, 22)  # CQ-DATE-1: the assessment's date
    assert application.category == "general"
    kinds = list(JournalEntry.objects.filter(journal__organization=application.office)
                 .order_by("number").values_list("kind", flat=True))
    assert kinds == ["application_registered", "referrals_issued", "notice_received", "sent_to_region"]
    region = list(JournalEntry.objects.filter(journal__organization=application.office.parent)
                  .order_by("number").values_list("kind", flat=True))
    assert region == ["registered_at_region", "decision"]
    events = list(application.events.values_list("to_status", "by__username", "role"))
    assert events == [
        ("registered_at_office", "officer.shevchenkivskyi", "district_officer"),
        ("referrals_issued", "officer.shevchenkivskyi", "district_officer"),
        ("facility_notice_received", "officer.shevchenkivskyi", "district_officer"),
        ("sent_to_region", "officer.shevchenkivskyi", "district_officer"),
        ("registered_at_region", "regional.kyiv", "regional_officer"),
        ("enrolled", "regional.kyiv", "regional_officer"),
    ]
    notification = Notification.objects.get(person=applicant)
    assert str(application.office_number) in notification.body
    statuses = {d.code: (d.rule_id, d.status()) for d in application.deadlines.all()}
    assert statuses == {"referrals": ("CQ-FLOW-1", "met"), "form_088": ("CQ-FLOW-2", "met"),
                        "monthly_registration": ("CQ-FLOW-5", "met")}


def test_the_person_without_indications_is_refused_with_the_rules(organizations, district_officer,
                                                                  regional_officer):
    person = make_person(organizations[SHEVCHENKIVSKYI], surname="Ткачук", given_name="Богдан",
                         patronymic="Іванович", date_of_birth=date(1971, 5, 5), sex="male", rnokpp="2916000373")
    from cbi.registry.models import DisabilityStatus
    DisabilityStatus.objects.create(person=person, group="III", cause="general_disease",
                                    established_on=date(2022, 3, 1))
    with_assessment(person, indications=False)
    application = run_to("decided", district_officer, regional_officer,
                         register(district_officer, person, received_on=date(2026, 10, 12)))
    assert application.status == "refused" and application.enrollment_date is None
    failed = [r["rule_id"] for r in application.decision["applied_rules"] if r["outcome"] == "failed"]
    assert "CQ-ELIG-7" in failed
    text = pdf_text(services.decision_letter_pdf(application))
    assert "Ткачук Богдан Іванович" in text and "CQ-ELIG-7" in text and "CQ-FLOW-4" in text
    with override("uk"):
        title = gettext("Decision on the application for a car")
    tagged = pdf_ua_text(services.decision_letter_pdf(application), title=title)
    assert all(sentence in tagged for sentence in appeal_sentences(decided_by="region"))
    assert "постановою Кабінету Міністрів України від 19.07.2006 № 999" in tagged


@pytest.mark.parametrize("status,who,step", [
    # the office's steps by the regional officer
    ("registered_at_office", "regional", "issue_referrals"),
    ("referrals_issued", "regional", "record_notice"),
    ("facility_notice_received", "regional", "send_to_region"),
    # the region's steps by the district officer
    ("sent_to_region", "district", "register_at_region"),
    ("registered_at_region", "district", "decide"),
    # skipping or repeating a step
    ("registered_at_office", "district", "record_notice"),
    ("registered_at_office", "district", "send_to_region"),
    ("registered_at_office", "regional", "register_at_region"),
    ("registered_at_office", "regional", "decide"),
    ("referrals_issued", "district", "issue_referrals"),
    ("sent_to_region", "regional", "decide"),
    ("decided", "regional", "decide"),
    ("decided", "regional", "register_at_region"),
    ("decided", "district", "withdraw"),
])
def test_disallowed_steps_are_refused(applicant, district_officer, regional_officer, status, who, step):
    application = register(district_officer, applicant, received_on=date(2026, 10, 12))
    if status != "registered_at_office":
        application = run_to(status, district_officer, regional_officer, application)
    before = application.status
    actor = regional_officer if who == "regional" else district_officer
    kwargs = {
        "issue_referrals": {}, "send_to_region": {}, "register_at_region": {}, "decide": {},
        "record_notice": {"health_exam_on": date(2026, 10, 15), "form_088_sent_on": date(2026, 10, 16),
                          "notice_received_on": date(2026, 10, 17)},
        "withdraw": {"reason": "Особа письмово відкликала заяву"},
    }[step]
    entries = JournalEntry.objects.count()
    with pytest.raises(workflow.TransitionNotAllowed):
        getattr(services, step)(actor=actor, application=application, **kwargs)
    application.refresh_from_db()
    assert application.status == before and JournalEntry.objects.count() == entries


def test_officers_of_another_office_or_region_have_no_business(applicant, district_officer, other_district_officer,
                                                               organizations, auditor):
    from cbi.accounts.models import Role
    from tests.conftest import make_staff
    lviv = make_staff(organizations, "regional.lviv", Role.REGIONAL_OFFICER, "rd-46", first="Тарас", last="Гуменюк")
    application = register(district_officer, applicant)
    for actor in (other_district_officer, lviv, auditor):
        with pytest.raises(PermissionDenied):
            services.issue_referrals(actor=actor, application=application)
        with pytest.raises(PermissionDenied):
            services.withdraw(actor=actor, application=application, reason="Особа відкликала заяву")


def test_withdrawal_by_the_officer_and_by_the_person(applicant, district_officer, regional_officer):
    from django.contrib.auth import get_user_model

    from cbi.accounts.models import CabinetAccount
    application = register(district_officer, applicant, received_on=date(2026, 10, 12))
    with pytest.raises(ValidationError) as refused:
        services.withdraw(actor=district_officer, application=application, reason="")
    assert error_codes(refused.value) == {"reason": [CarqueueErrorCode.WITHDRAWAL_REASON.value]}
    done = services.withdraw(actor=district_officer, application=application,
                             reason="Особа подала письмову заяву про відкликання 20.11.2026")
    assert done.status == "withdrawn"
    assert JournalEntry.objects.filter(application=done, kind="withdrawal").get().payload["on_request_of_person"]

    second = run_to("registered_at_region", district_officer, regional_officer,
                    register(district_officer, applicant, received_on=date(2026, 10, 12)))
    user = get_user_model().objects.create_user("olena.petrenko", email="olena@example.com")
    CabinetAccount.objects.create(user=user, person=applicant, registered_via="code")
    second = services.withdraw(actor=user, application=second, reason="Відкликаю заяву, отримала автомобіль від Фонду")
    assert second.status == "withdrawn"
    entry = JournalEntry.objects.get(application=second, kind="withdrawal")
    assert entry.journal.organization.code == "rd-80" and entry.payload["by_role"] == "person"


# --- deadlines --------------------------------------------------------------------------------


def test_referrals_are_due_the_same_day_in_person_and_in_3_days_by_post(applicant, district_officer):
    in_person = register(district_officer, applicant, received_on=date(2026, 10, 12))
    by_post = register(district_officer, applicant, via="post", received_on=date(2026, 10, 12))
    cabinet = register(district_officer, applicant, via="cabinet", received_on=date(2026, 10, 12))
    assert in_person.deadlines.get().due_on == date(2026, 10, 12)
    assert by_post.deadlines.get().due_on == date(2026, 10, 15)
    assert cabinet.deadlines.get().due_on == date(2026, 10, 12)
    services.issue_referrals(actor=district_officer, application=by_post, issued_on=date(2026, 10, 15))
    services.issue_referrals(actor=district_officer, application=in_person, issued_on=date(2026, 10, 13))
    assert by_post.deadlines.get().status() == "met"
    assert in_person.deadlines.get().status() == "missed"
    assert cabinet.deadlines.get().status() == "overdue"


def test_form_088_is_due_5_days_after_the_examination(applicant, district_officer):
    application = register(district_officer, applicant, received_on=date(2026, 10, 12))
    services.issue_referrals(actor=district_officer, application=application, issued_on=date(2026, 10, 12))
    services.record_notice(actor=district_officer, application=application, health_exam_on=date(2026, 10, 20),
                           form_088_sent_on=date(2026, 10, 26), notice_received_on=date(2026, 10, 27))
    deadline = application.deadlines.get(code="form_088")
    assert (deadline.rule_id, deadline.due_on, deadline.status()) == ("CQ-FLOW-2", date(2026, 10, 25), "missed")


def test_notice_dates_are_checked(applicant, district_officer):
    application = register(district_officer, applicant, received_on=date(2026, 10, 12))
    services.issue_referrals(actor=district_officer, application=application, issued_on=date(2026, 10, 12))
    with pytest.raises(ValidationError) as wrong:
        services.record_notice(actor=district_officer, application=application, health_exam_on=date(2026, 10, 20),
                               form_088_sent_on=date(2026, 10, 18))
    assert error_codes(wrong.value) == {"form_088_sent_on": [CarqueueErrorCode.FORM_088_BEFORE_EXAM.value]}
    with pytest.raises(ValidationError) as future:
        services.issue_referrals(actor=district_officer, application=register(district_officer, applicant),
                                 issued_on=timezone.localdate() + timedelta(days=1))
    assert error_codes(future.value) == {"issued_on": [CarqueueErrorCode.DATE_FUTURE.value]}


def test_regional_registration_is_due_20_days_after_the_months_end(applicant, district_officer, regional_officer):
    application = register(district_officer, applicant, received_on=date(2026, 9, 28))
    application = run_to("sent_to_region", district_officer, regional_officer, application,
                         start=date(2026, 9, 28))
    deadline = application.deadlines.get(code="monthly_registration")
    assert application.documents_forwarded_on == date(2026, 10, 7)
    assert (deadline.rule_id, deadline.due_on) == ("CQ-FLOW-5", date(2026, 11, 20))
    assert deadline.organization.code == "rd-80"
    assert deadline.status(date(2026, 11, 20)) == "pending" and deadline.status(date(2026, 11, 21)) == "overdue"
    # the documents were complete only on 02.11 (the assessment's conclusion came later): due 20.12
    services.register_at_region(actor=regional_officer, application=application,
                                documents_received_on=date(2026, 11, 2), registered_on=date(2026, 11, 21))
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.done_on, deadline.status()) == (date(2026, 12, 20), date(2026, 11, 21), "met")


def test_due_and_overdue_list_and_report_per_office(applicant, other_office_person, district_officer,
                                                    other_district_officer, regional_officer, auditor):
    met = register(district_officer, applicant, received_on=date(2026, 10, 12))
    services.issue_referrals(actor=district_officer, application=met, issued_on=date(2026, 10, 12))
    late = register(district_officer, applicant, via="post", received_on=date(2026, 10, 13))
    services.issue_referrals(actor=district_officer, application=late, issued_on=date(2026, 10, 19))
    overdue = register(district_officer, applicant, received_on=date(2026, 11, 2))
    pending = register(other_district_officer, other_office_person, via="post", received_on=timezone.localdate())
    withdrawn = register(district_officer, applicant, received_on=date(2026, 11, 3))
    services.withdraw(actor=district_officer, application=withdrawn, reason="Особа відкликала заяву")

    lists = due_and_overdue(district_officer)
    assert [d.application for d in lists["overdue"]] == [overdue] and lists["due"] == []
    assert [d.application for d in due_and_overdue(regional_officer)["due"]] == [pending]
    assert list(application_list(district_officer, overdue_only=True)) == [overdue]
    assert set(application_list(regional_officer)) == {met, late, overdue, pending, withdrawn}
    assert list(application_list(district_officer, status="withdrawn")) == [withdrawn]

    counts = {row.office.code: (row.met, row.missed, row.overdue, row.pending) for row in deadline_report(auditor)}
    assert counts == {SHEVCHENKIVSKYI: (1, 1, 1, 0), PECHERSKYI: (0, 0, 0, 1)}
    assert {row.office.code for row in deadline_report(district_officer)} == {SHEVCHENKIVSKYI}
    assert len(deadline_report(regional_officer)) == 2

    page = signed_in(auditor).get("/staff/car-queue/deadlines/")
    assert page.status_code == 200 and "Шевченківськ" in page.content.decode()


# --- printable documents and pages ----------------------------------------------------------------


def test_referrals_are_pdfs_with_the_person_and_the_rule(applicant, district_officer):
    application = register(district_officer, applicant, received_on=date(2026, 10, 12))
    client = signed_in(district_officer)
    url = f"/staff/car-queue/applications/{application.pk}/"
    assert client.get(url + "referral-health.pdf").status_code == 404  # not issued yet
    services.issue_referrals(actor=district_officer, application=application, issued_on=date(2026, 10, 12))
    for which in ("health", "assessment"):
        response = client.get(url + f"referral-{which}.pdf")
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert "Петренко Олена Іванівна" in text and "CQ-FLOW-1" in text and "12.10.2026" in text
        assert "Постанова КМУ № 999" in text


def test_pages_offer_only_the_steps_of_the_viewers_role(applicant, district_officer, regional_officer):
    application = register(district_officer, applicant, received_on=date(2026, 10, 12))
    url = f"/staff/car-queue/applications/{application.pk}/"
    officer, regional = signed_in(district_officer), signed_in(regional_officer)
    for client in (officer, regional):
        client.cookies["django_language"] = "en"
    assert "Issue the referrals" in officer.get(url).content.decode()
    assert "Issue the referrals" not in regional.get(url).content.decode()
    assert regional.get(url + "issue-referrals/").status_code == 403
    assert officer.get(url + "decide/").status_code == 403
    assert officer.get(url + "no-such-step/").status_code == 404

    confirm = officer.get(url + "issue-referrals/")
    assert confirm.status_code == 200 and "cannot be undone" in confirm.content.decode()
    CarApplication.objects.get(pk=application.pk).status == "registered_at_office"  # GET changes nothing
    done = officer.post(url + "issue-referrals/", {"issued_on": "2026-10-12"})
    assert done.status_code == 302
    assert CarApplication.objects.get(pk=application.pk).status == "referrals_issued"
    refused = officer.post(url + "record-notice/", {"health_exam_on": "2026-10-20", "form_088_sent_on": "2026-10-18",
                                                    "notice_received_on": "2026-10-21"})
    assert refused.status_code == 200 and "<title>Error: " in refused.content.decode()
    assert "Form 088/o cannot be sent before the examination." in refused.content.decode()

    run_to("registered_at_region", district_officer, regional_officer, CarApplication.objects.get(pk=application.pk))
    decide = regional.get(url + "decide/")
    assert "What the rules decide" in decide.content.decode() and "CQ-ELIG-7" in decide.content.decode()
    assert regional.post(url + "decide/", {"decided_on": "2026-11-10"}).status_code == 302
    letter = regional.get(url + "decision.pdf")
    assert "Петренко Олена Іванівна" in pdf_text(letter.content)
    assert ApplicationDeadline.objects.filter(application=application).count() == 3
