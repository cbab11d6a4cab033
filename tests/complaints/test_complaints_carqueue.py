"""Complaints about the car queue's decisions (issue #17 §3; docs/complaints.md): a refused car
application and a removal from the queue, both decided by the regional department, are complained
about from the cabinet within the term and reviewed by the Ministry of Social Policy; an upheld
complaint reopens the case by itself (the application goes back to decision, the entry is
restored through the restoration path), with history; the cabinet shows the decisions first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cbi.carqueue import workflow
from cbi.carqueue.intake import services as intake
from cbi.carqueue.models import CarApplicationEvent, JournalEntry, QueueDecision, QueueEntry
from cbi.complaints import selectors, services
from cbi.complaints.error_codes import ComplaintsErrorCode
from cbi.complaints.models import Complaint
from cbi.complaints.subjects import CAR_REFUSAL, CAR_REMOVAL
from cbi.notifications.models import Notification
from tests.applications.fixtures import cabinet_user_for, pdf_file
from tests.clock import STORY_NOW
from tests.complaints.carqueue_fixtures import (REFUSAL_REASONS, REMOVAL_REASONS, ministry_officer,  # noqa: F401
                                                refused_car_application, removed_from_queue)
from tests.conftest import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(STORY_NOW)]


@pytest.fixture
def refusal(district_officer, regional_officer, organizations):
    return refused_car_application(district_officer, regional_officer, organizations)


@pytest.fixture
def bohdan(refusal):
    return cabinet_user_for(refusal.person, "bohdan.tkachuk")


@pytest.fixture
def removal(person, regional_officer, organizations):
    return removed_from_queue(person, regional_officer, organizations)


def _file(user, kind, record, reasons, **options):
    return services.file_complaint(actor=user, kind=kind.name, decision=kind.decision(record), reasons=reasons,
                                   **options)


# --- a refused car application ----------------------------------------------------------------


def test_a_refusal_goes_to_the_ministry_not_to_the_region_that_decided(refusal, bohdan, ministry_officer,
                                                                       regional_officer, auditor, settings):
    complaint = _file(bohdan, CAR_REFUSAL, refusal, REFUSAL_REASONS, files=[pdf_file("vysnovok-lkk.pdf")])
    assert complaint.reviewing_body.code == "ministry"
    assert complaint.due_on == timezone.localdate() + timedelta(days=settings.COMPLAINT_REVIEW_TERM_DAYS)
    assert complaint.subject_reference == str(refusal.office_number)
    assert complaint.decided_on == refusal.decision_sent_on
    assert list(selectors.complaints_to_review(ministry_officer)) == [complaint]
    for user in (regional_officer, auditor):  # the body that decided does not review itself
        assert not selectors.complaints_to_review(user).exists()


def test_a_refusal_after_the_term_is_not_accepted(refusal, bohdan, time_machine, settings):
    last_day = refusal.decision_sent_on + timedelta(days=settings.APPEAL_COMPLAINT_TERM_DAYS)
    time_machine.move_to(timezone.make_aware(timezone.datetime.combine(last_day, timezone.datetime.min.time()))
                         + timedelta(days=1, hours=12))
    with pytest.raises(ValidationError) as late:
        _file(bohdan, CAR_REFUSAL, refusal, REFUSAL_REASONS)
    assert late.value.code == ComplaintsErrorCode.TERM_PASSED.value
    assert not Complaint.objects.exists()


def test_an_enrolment_cannot_be_complained_about(refusal, bohdan):
    refusal.status = workflow.ENROLLED  # the adapter offers only a refusal standing now
    assert CAR_REFUSAL.decision(refusal).complainable is False


def test_an_upheld_complaint_sends_the_application_back_to_the_regional_department(refusal, bohdan,
                                                                                  ministry_officer,
                                                                                  regional_officer):
    complaint = _file(bohdan, CAR_REFUSAL, refusal, REFUSAL_REASONS)
    services.decide_complaint(actor=ministry_officer, complaint=complaint, upheld=True,
                              reasons="Висновок ЛКК від 03.11.2026 не було враховано (п. 6 Порядку).")
    refusal.refresh_from_db()
    assert refusal.status == workflow.REGISTERED_AT_REGION
    event = CarApplicationEvent.objects.filter(application=refusal).last()
    assert (event.action, event.from_status, event.to_status) == ("reopen_on_complaint", "refused",
                                                                  "registered_at_region")
    assert complaint.reference in event.reason and event.by == ministry_officer
    entry = JournalEntry.objects.filter(application=refusal).order_by("recorded_at", "pk").last()
    assert entry.kind == workflow.J_REOPENED and entry.journal.organization == refusal.office.parent
    assert entry.payload["complaint"] == complaint.reference
    # The person is told the refusal is cancelled and the case will be decided again.
    told = Notification.objects.filter(person=refusal.person, body__contains=complaint.reference)
    assert told.exists()  # the reopening's own message (the outcome's message names the decision)
    # The regional department decides again, through the same decision service.
    again = intake.decide(actor=regional_officer, application=refusal)
    assert again.status == workflow.REFUSED


def test_a_complaint_not_upheld_leaves_the_refusal(refusal, bohdan, ministry_officer):
    complaint = _file(bohdan, CAR_REFUSAL, refusal, REFUSAL_REASONS)
    services.decide_complaint(actor=ministry_officer, complaint=complaint, upheld=False,
                              reasons="Медичних показань не встановлено (п. 6 Порядку).")
    refusal.refresh_from_db()
    assert refusal.status == workflow.REFUSED
    assert not CarApplicationEvent.objects.filter(application=refusal, action="reopen_on_complaint").exists()


def test_only_the_reviewing_body_may_reopen_a_refusal(refusal, regional_officer):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.check_transition(workflow.REFUSED, workflow.REGISTERED_AT_REGION,
                                  role=workflow.REGIONAL_OFFICER, reason="x")


# --- a removal from the queue -------------------------------------------------------------------


def test_a_removal_goes_to_the_ministry_and_an_upheld_complaint_restores_the_entry(removal, person,
                                                                                    ministry_officer):
    user = cabinet_user_for(person, "olena.petrenko")
    complaint = _file(user, CAR_REMOVAL, removal, REMOVAL_REASONS)
    assert complaint.reviewing_body.code == "ministry" and complaint.subject_reference == str(removal.pk)
    services.decide_complaint(actor=ministry_officer, complaint=complaint, upheld=True,
                              reasons="Інвалідність встановлено повторно без перерви; підстав для зняття немає.")
    entry = QueueEntry.objects.get(pk=removal.entry_id)
    assert entry.status == QueueEntry.Status.ACTIVE and entry.number == 1
    restoration = entry.decisions.get(kind=QueueDecision.Kind.RESTORATION)
    assert complaint.reference in restoration.note and restoration.decided_by == ministry_officer
    assert CAR_REMOVAL.decision(QueueDecision.objects.get(pk=removal.pk)).complainable is False


def test_a_removal_after_the_term_is_not_accepted(removal, person, time_machine, settings):
    user = cabinet_user_for(person, "olena.petrenko")
    time_machine.shift(timedelta(days=settings.APPEAL_COMPLAINT_TERM_DAYS + 1))
    with pytest.raises(ValidationError) as late:
        _file(user, CAR_REMOVAL, removal, REMOVAL_REASONS)
    assert late.value.code == ComplaintsErrorCode.TERM_PASSED.value


def test_an_upheld_complaint_that_cannot_restore_decides_nothing(removal, person, ministry_officer,
                                                                 organizations):
    user = cabinet_user_for(person, "olena.petrenko")
    complaint = _file(user, CAR_REMOVAL, removal, REMOVAL_REASONS)
    # Meanwhile she was enrolled again in the same region: the old entry cannot be restored.
    QueueEntry.objects.create(person=person, region=organizations["rd-80"], category="general",
                              enrollment_date=timezone.localdate(), journal_number=77)
    with pytest.raises(ValidationError):
        services.decide_complaint(actor=ministry_officer, complaint=complaint, upheld=True,
                                  reasons="Підстав для зняття немає.")
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.FILED


# --- the cabinet shows the decisions, scoped to whom the user acts for -------------------------


def test_the_cabinet_shows_the_removal_and_the_way_to_complain(removal, person):
    olena = cabinet_user_for(person, "olena.petrenko")
    client = Client()
    client.force_login(olena)
    queue = client.get(reverse("cabinet:car_queue")).content.decode()
    page_url = reverse("cabinet:car_removal", args=[removal.pk])
    assert page_url in queue
    page = client.get(page_url).content.decode()
    assert removal.reason_uk in page
    assert reverse("cabinet:car_removal_letter", args=[removal.pk]) in page
    new_url = reverse("complaints_cabinet:new", args=["car_removal", removal.pk])
    assert new_url in page
    assert client.get(reverse("cabinet:car_removal_letter", args=[removal.pk]))["Content-Type"] == "application/pdf"
    answer = client.post(new_url, {"reasons": REMOVAL_REASONS, "file_1": pdf_file("dovidka-mseks.pdf")})
    complaint = Complaint.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("complaints_cabinet:detail", args=[complaint.pk])
    assert [d.original_name for d in complaint.documents.all()] == ["dovidka-mseks.pdf"]
    # The decision's page now shows the complaint instead of the button.
    page = client.get(page_url).content.decode()
    assert complaint.reference in page and new_url not in page


def test_a_representative_sees_the_refusal_and_another_person_does_not(refusal, organizations):
    representative = cabinet_user_for(None, "mariia.tkachuk", represents=[refusal.person])
    stranger = cabinet_user_for(None, "taras.hnatiuk")
    url = reverse("cabinet:car_refusal", args=[refusal.pk])
    letter = reverse("cabinet:car_refusal_letter", args=[refusal.pk])
    new_url = reverse("complaints_cabinet:new", args=["car_refusal", refusal.pk])
    for user, expected in ((representative, 200), (stranger, 404)):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == expected
        assert client.get(letter).status_code == expected
        assert client.get(new_url).status_code == expected


def test_the_form_is_not_offered_after_the_term(refusal, bohdan, time_machine, settings):
    time_machine.shift(timedelta(days=settings.APPEAL_COMPLAINT_TERM_DAYS + 1))
    client = Client()
    client.force_login(bohdan)
    page = client.get(reverse("cabinet:car_refusal", args=[refusal.pk])).content.decode()
    assert reverse("complaints_cabinet:new", args=["car_refusal", refusal.pk]) not in page
    answer = client.get(reverse("complaints_cabinet:new", args=["car_refusal", refusal.pk]))
    assert answer.status_code == 302 and answer["Location"] == reverse("cabinet:car_refusal", args=[refusal.pk])


# --- the reviewing officer ---------------------------------------------------------------------


def test_the_ministry_officer_sees_the_case_beside_the_complaint_and_upholds(refusal, bohdan, ministry_officer,
                                                                            regional_officer):
    complaint = _file(bohdan, CAR_REFUSAL, refusal, REFUSAL_REASONS)
    officer = signed_in(ministry_officer)
    listing = officer.get(reverse("complaints_staff:list")).content.decode()
    assert complaint.reference in listing
    page = officer.get(reverse("complaints_staff:detail", args=[complaint.pk])).content.decode()
    failed = [r for r in refusal.decision["applied_rules"] if r["outcome"] == "failed"][0]
    assert failed["reason_uk"] in page  # why it was refused, beside the person's reasons
    assert REFUSAL_REASONS in page
    assert reverse("carqueue:application_detail", args=[refusal.pk]) in page
    # The original case opens for the ministry officer (national scope) and shows the complaint.
    case = officer.get(reverse("carqueue:application_detail", args=[refusal.pk])).content.decode()
    assert complaint.reference in case
    answer = officer.post(reverse("complaints_staff:detail", args=[complaint.pk]),
                          {"outcome": "upheld", "reasons": "Висновок ЛКК не враховано."})
    assert answer.status_code == 302
    refusal.refresh_from_db()
    assert refusal.status == workflow.REGISTERED_AT_REGION
    # The region that decided sees the complaint's outcome on its case, without a link it cannot open.
    regional = signed_in(regional_officer).get(reverse("carqueue:application_detail", args=[refusal.pk]))
    text = regional.content.decode()
    assert complaint.reference in text
    assert reverse("complaints_staff:detail", args=[complaint.pk]) not in text
    assert signed_in(regional_officer).get(reverse("complaints_staff:detail", args=[complaint.pk])).status_code == 404


# --- deadlines: the officers' monitor and the dashboard's figures ------------------------------


def test_the_complaint_deadline_is_in_the_officers_deadline_monitor(refusal, bohdan, ministry_officer,
                                                                    regional_officer, time_machine, settings):
    complaint = _file(bohdan, CAR_REFUSAL, refusal, REFUSAL_REASONS)
    detail = reverse("complaints_staff:detail", args=[complaint.pk])
    monitor = signed_in(ministry_officer).get(reverse("carqueue:application_list")).content.decode()
    assert detail in monitor and complaint.due_on.strftime("%d.%m.%Y") in monitor
    # Not the region's monitor: the complaint is not addressed to it.
    assert detail not in signed_in(regional_officer).get(reverse("carqueue:application_list")).content.decode()
    time_machine.shift(timedelta(days=settings.COMPLAINT_REVIEW_TERM_DAYS + 1))
    monitor = signed_in(ministry_officer).get(reverse("carqueue:application_list")).content.decode()
    section = monitor[monitor.index('id="complaint-deadlines-title"'):]
    line = section[:section.index(detail)]
    assert 'class="tag"' in line[line.rindex("<li>"):]  # marked overdue


def test_the_dashboard_counts_complaint_deadlines_by_kind(refusal, bohdan, ministry_officer, organizations,
                                                         time_machine, settings):
    from cbi.statistics import dashboard
    from cbi.statistics import services as statistics
    from cbi.statistics.models import DashboardFigure

    complaint = _file(bohdan, CAR_REFUSAL, refusal, REFUSAL_REASONS)
    time_machine.shift(timedelta(days=settings.COMPLAINT_REVIEW_TERM_DAYS + 2))
    statistics.refresh_public_statistics(today=timezone.localdate())
    figures = DashboardFigure.objects.filter(measure=dashboard.DEADLINES, level=DashboardFigure.Level.OFFICE,
                                             organization=refusal.person.office, key__startswith="complaints:")
    assert [(f.key, f.subkey, f.value) for f in figures] == [("complaints:car_refusal", "overdue", 1)]
    services.decide_complaint(actor=ministry_officer, complaint=complaint, upheld=False, reasons="Підстав немає.")
    statistics.refresh_public_statistics(today=timezone.localdate())
    figures = DashboardFigure.objects.filter(measure=dashboard.DEADLINES, level=DashboardFigure.Level.OFFICE,
                                             organization=refusal.person.office, key__startswith="complaints:")
    assert [(f.key, f.subkey, f.value) for f in figures] == [("complaints:car_refusal", "missed", 1)]


def test_the_letter_names_the_removal_the_outcome_and_the_court(removal, person, ministry_officer):
    from cbi.letters import registry
    from tests.pdfua import pdf_ua_text

    user = cabinet_user_for(person, "olena.petrenko")
    complaint = services.decide_complaint(
        actor=ministry_officer, complaint=_file(user, CAR_REMOVAL, removal, REMOVAL_REASONS), upheld=True,
        reasons="Інвалідність встановлено повторно без перерви; підстав для зняття з обліку немає.")
    letter = registry.issue_letter(kind="complaints.decision", subject=complaint)
    text = pdf_ua_text(letter.content, title=letter.title)
    assert "Інвалідність встановлено повторно без перерви" in text
    assert complaint.reference in text and "Міністерство соціальної політики України" in text
    assert "Зняття з обліку для забезпечення автомобілем" in text or "Removal from the car queue" in text
    assert f"{removal.pk} від {complaint.decided_on:%d.%m.%Y}" in text  # the decision's number and date
    assert "ст. 122" in text
