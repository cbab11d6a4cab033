"""Complaints about decisions (issue #17 §3; docs/complaints.md): filed by the person within the
term from the refusal's page, reviewed by the body above the office that decided, decided with
reasons and a letter; the deadline shows on the reviewing body's list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cbi.applications import right, workflow
from cbi.applications import services as applications
from cbi.applications.error_codes import ApplicationsErrorCode
from cbi.applications.models import ApplicationEvent
from cbi.audit.models import AccessEvent
from cbi.complaints import selectors, services
from cbi.complaints.error_codes import ComplaintsErrorCode
from cbi.complaints.models import Complaint
from cbi.complaints.subjects import PRODUCT_APPLICATION
from cbi.letters import registry
from cbi.notifications.models import Notification
from tests.applications.fixtures import advance, branch_officer_for, new_application, pdf_file
from tests.clock import STORY_NOW
from tests.conftest import signed_in
from tests.pdfua import pdf_ua_text

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(STORY_NOW)]

REASONS = "Управління не врахувало висновок лікаря від 12.09.2026. Прошу скасувати відмову і видати крісло."


@pytest.fixture
def refused(person, person_user, wheelchair, district_officer):
    application = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    return advance(application, workflow.REFUSED, officer=district_officer, person_user=person_user)


def _file(person_user, application, **options):
    return services.file_complaint(actor=person_user, kind=PRODUCT_APPLICATION.name,
                                   decision=PRODUCT_APPLICATION.decision(application), reasons=REASONS, **options)


def test_a_complaint_goes_to_the_regional_department_with_a_deadline(refused, person_user, regional_officer,
                                                                     settings):
    complaint = _file(person_user, refused, files=[pdf_file("vysnovok-likaria.pdf")])
    assert complaint.reviewing_body == regional_officer.staff_profile.organization
    assert complaint.due_on == timezone.localdate() + timedelta(days=settings.COMPLAINT_REVIEW_TERM_DAYS)
    assert complaint.reference.startswith(f"СК-{timezone.localdate().year}-")
    assert complaint.subject_reference == refused.decision_number
    assert [d.original_name for d in complaint.documents.all()] == ["vysnovok-likaria.pdf"]
    assert refused.person.notifications.filter(subject__contains=complaint.reference).exists()
    assert list(selectors.complaints_to_review(regional_officer)) == [complaint]


def test_the_district_office_and_another_region_do_not_review_it(refused, person_user, district_officer,
                                                                 other_district_officer, auditor):
    _file(person_user, refused)
    for user in (district_officer, other_district_officer, auditor):
        assert not selectors.complaints_to_review(user).exists()


def test_an_approval_cannot_be_complained_about(person, person_user, wheelchair, district_officer):
    application = advance(new_application(workflow.PROVISION, person=person, person_user=person_user,
                                          product=wheelchair), workflow.APPROVED, officer=district_officer,
                          person_user=person_user)
    with pytest.raises(ValidationError) as refused:
        _file(person_user, application)
    assert refused.value.code == ComplaintsErrorCode.NOT_COMPLAINABLE.value


def test_after_the_term_the_complaint_is_refused_and_the_message_says_what_to_do(refused, person_user,
                                                                                time_machine, settings):
    time_machine.shift(timedelta(days=settings.APPEAL_COMPLAINT_TERM_DAYS + 1))
    with pytest.raises(ValidationError) as late:
        _file(person_user, refused)
    assert late.value.code == ComplaintsErrorCode.TERM_PASSED.value
    assert not Complaint.objects.exists()


def test_one_complaint_per_decision(refused, person_user):
    _file(person_user, refused)
    with pytest.raises(ValidationError) as again:
        _file(person_user, refused)
    assert again.value.code == ComplaintsErrorCode.ALREADY_FILED.value


def test_the_decision_needs_reasons_and_is_made_once(refused, person_user, regional_officer):
    complaint = _file(person_user, refused)
    with pytest.raises(ValidationError) as empty:
        services.decide_complaint(actor=regional_officer, complaint=complaint, upheld=False, reasons="  ")
    assert empty.value.code == ComplaintsErrorCode.OUTCOME_REASONS_REQUIRED.value
    services.decide_complaint(actor=regional_officer, complaint=complaint, upheld=False,
                              reasons="Строк користування кріслом не сплив.")
    with pytest.raises(ValidationError) as twice:
        services.decide_complaint(actor=regional_officer, complaint=complaint, upheld=True, reasons="Інше рішення.")
    assert twice.value.code == ComplaintsErrorCode.ALREADY_DECIDED.value
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.REJECTED
    assert [h.status for h in complaint.history.order_by("history_date")] == ["filed", "rejected"]


def test_the_letter_states_the_outcome_reasons_and_the_court(refused, person_user, regional_officer):
    complaint = services.decide_complaint(actor=regional_officer, complaint=_file(person_user, refused), upheld=True,
                                          reasons="Висновок лікаря від 12.09.2026 підтверджує потребу в кріслі.")
    letter = registry.issue_letter(kind="complaints.decision", subject=complaint)
    text = pdf_ua_text(letter.content, title=letter.title)
    assert "Висновок лікаря від 12.09.2026" in text
    assert refused.decision_number in text and complaint.reference in text
    assert "ст. 122" in text  # the court route, cited


def test_the_person_files_from_the_refusal_page(refused, person_user, regional_officer):
    client = Client()
    client.force_login(person_user)
    page = client.get(reverse("applications_cabinet:detail", args=[refused.pk])).content.decode()
    new_url = reverse("complaints_cabinet:new", args=["product_application", refused.pk])
    assert new_url in page
    answer = client.post(new_url, {"reasons": ""})
    assert 'id="error-summary"' in answer.content.decode() and not Complaint.objects.exists()
    answer = client.post(new_url, {"reasons": REASONS})
    complaint = Complaint.objects.get()
    assert answer["Location"] == reverse("complaints_cabinet:detail", args=[complaint.pk])
    page = client.get(reverse("applications_cabinet:detail", args=[refused.pk])).content.decode()
    assert complaint.reference in page and new_url not in page


def test_the_reviewing_officer_sees_the_case_and_the_read_is_logged(refused, person_user, regional_officer,
                                                                   other_district_officer):
    complaint = _file(person_user, refused)
    client = signed_in(regional_officer)
    listing = client.get(reverse("complaints_staff:list")).content.decode()
    assert complaint.reference in listing
    page = client.get(reverse("complaints_staff:detail", args=[complaint.pk])).content.decode()
    assert reverse("applications_staff:detail", args=[refused.pk]) in page  # the original case beside it
    assert AccessEvent.objects.filter(user=regional_officer, event_type="complaint", person=refused.person).exists()
    answer = signed_in(other_district_officer).get(reverse("complaints_staff:detail", args=[complaint.pk]))
    assert answer.status_code in (403, 404)


def test_an_overdue_complaint_is_marked_on_the_list(refused, person_user, regional_officer, time_machine, settings):
    _file(person_user, refused)
    time_machine.shift(timedelta(days=settings.COMPLAINT_REVIEW_TERM_DAYS + 1))
    listing = signed_in(regional_officer).get(reverse("complaints_staff:list")).content.decode()
    assert "overdue" in listing or "прострочено" in listing.lower()


def test_a_switch_without_javascript_holds_the_file_chosen_for_the_complaint(refused, person_user):
    """Issue #11, section 3: Олена chose the doctor's conclusion and pressed A+ without JavaScript: the file
    is held (by name and size), her reasons come back, and no complaint is filed by the switch."""
    client = Client()
    client.force_login(person_user)
    url = reverse("complaints_cabinet:new", args=["product_application", refused.pk])
    response = client.post(url, {"reasons": REASONS, "file_1": pdf_file("висновок лікаря.pdf"),
                                 "cbi_switch": "larger"})
    assert response.status_code == 302 and response["Location"] == url
    assert not Complaint.objects.exists()
    page = client.get(url).content.decode()
    assert 'class="text-125' in page and 'id="id_file_1_stored"' in page and "висновок лікаря.pdf" in page
    assert REASONS in page and "error-summary" not in page
    # The next "Надіслати" files it with the held file.
    client.post(url, {"reasons": REASONS})
    assert [d.original_name for d in Complaint.objects.get().documents.all()] == ["висновок лікаря.pdf"]


# --- an upheld complaint reopens the application by itself -----------------------------------------

UPHELD = "Висновок лікаря від 12.09.2026 підтверджує потребу в кріслі колісному; розглянути заяву заново."


def test_an_upheld_complaint_sends_the_application_back_to_review(refused, person_user, regional_officer,
                                                                  district_officer):
    """The wheelchair was refused by the Fund's branch (the procedure in force): upheld, the
    application goes back to the branch to decide again."""
    complaint = _file(person_user, refused)
    services.decide_complaint(actor=regional_officer, complaint=complaint, upheld=True, reasons=UPHELD)
    refused.refresh_from_db()
    assert refused.status == workflow.FORWARDED and refused.due_on is not None
    event = ApplicationEvent.objects.filter(application=refused).last()
    assert (event.action, event.from_status, event.to_status, event.role) == (
        workflow.REOPEN_ON_COMPLAINT, workflow.REFUSED, workflow.FORWARDED, workflow.COMPLAINT_BODY)
    assert complaint.reference in event.reason and UPHELD in event.reason and event.by == regional_officer
    assert refused.history.order_by("history_date").last().history_change_reason == workflow.REOPEN_ON_COMPLAINT
    # The person is told the refusal is cancelled, by the complaint's number, with a link to the application.
    told = Notification.objects.filter(person=refused.person, body__contains=complaint.reference,
                                       link=reverse("applications_cabinet:detail", args=[refused.pk]))
    assert told.exists()
    assert Complaint.objects.get(pk=complaint.pk).status == Complaint.Status.UPHELD
    # The branch decides again with its ordinary step; the complaint's page still names the refusal.
    again = applications.decide(actor=branch_officer_for(refused.office), application=refused, approve=True,
                                reasons="Потребу підтверджено висновком лікаря.")
    assert again.status == workflow.APPROVED
    assert PRODUCT_APPLICATION.decision(again).complainable is False


def test_the_office_cannot_take_the_reopening_step_itself(refused, district_officer, regional_officer):
    for role in (workflow.DISTRICT_OFFICER, workflow.PERSON, workflow.FUND_BRANCH):
        with pytest.raises(workflow.TransitionNotAllowed):
            workflow.check_transition(refused.kind, workflow.REFUSED, workflow.UNDER_REVIEW, role=role, reason="x")
        assert workflow.UNDER_REVIEW not in workflow.next_statuses(refused.kind, workflow.REFUSED, role)
    with pytest.raises(workflow.TransitionNotAllowed):
        applications.move(actor=district_officer, application=refused, to=workflow.UNDER_REVIEW, reason="x")


def test_a_refusal_the_office_closed_is_reopened_too(refused, person_user, regional_officer, district_officer):
    complaint = _file(person_user, refused)
    applications.move(actor=district_officer, application=refused, to=workflow.CLOSED)
    services.decide_complaint(actor=regional_officer, complaint=complaint, upheld=True, reasons=UPHELD)
    refused.refresh_from_db()
    assert refused.status == workflow.FORWARDED  # back to the branch that refused it


def test_a_complaint_not_upheld_leaves_the_refusal(refused, person_user, regional_officer):
    complaint = _file(person_user, refused)
    services.decide_complaint(actor=regional_officer, complaint=complaint, upheld=False,
                              reasons="Строк користування кріслом не сплив.")
    refused.refresh_from_db()
    assert refused.status == workflow.REFUSED
    assert not ApplicationEvent.objects.filter(application=refused, action=workflow.REOPEN_ON_COMPLAINT).exists()


def test_when_the_application_cannot_go_back_the_complaint_stays_undecided_and_the_officer_sees_why(
        refused, person_user, regional_officer, district_officer):
    complaint = _file(person_user, refused)
    # Meanwhile the person's right ended (recorded by the office): the refusal cannot be reviewed again.
    applications.record_right_event(actor=district_officer, person=refused.person, ground=right.DEATH,
                                    source_document="Свідоцтво про смерть I-БК № 204518",
                                    source_date=timezone.localdate())
    with pytest.raises(ValidationError) as stopped:
        services.decide_complaint(actor=regional_officer, complaint=complaint, upheld=True, reasons=UPHELD)
    assert stopped.value.code == ApplicationsErrorCode.REOPEN_RIGHT_STOPPED.value
    complaint.refresh_from_db()
    refused.refresh_from_db()
    assert complaint.status == Complaint.Status.FILED and refused.status == workflow.REFUSED
    # Through the page: the form comes back with the reason, nothing decided.
    page = signed_in(regional_officer).post(reverse("complaints_staff:detail", args=[complaint.pk]),
                                            {"outcome": "upheld", "reasons": UPHELD})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="error-summary"' in html and refused.reference in html
    assert Complaint.objects.get(pk=complaint.pk).status == Complaint.Status.FILED


def test_a_refusal_by_the_branch_of_the_fund_goes_back_to_the_branch(forwarded, branch_officer, person_user,
                                                                     regional_officer):
    refused = applications.decide(actor=branch_officer, application=forwarded, approve=False,
                                  reasons="Індивідуальна програма реабілітації не містить рекомендації засобу.")
    complaint = _file(person_user, refused)
    services.decide_complaint(actor=regional_officer, complaint=complaint, upheld=True, reasons=UPHELD)
    refused.refresh_from_db()
    assert refused.status == workflow.FORWARDED
    event = ApplicationEvent.objects.filter(application=refused).last()
    assert (event.action, event.from_status, event.rule_id) == (workflow.REOPEN_ON_COMPLAINT, workflow.REFUSED,
                                                                "AP-PROC-3")
    # The branch decides again.
    again = applications.decide(actor=branch_officer, application=refused, approve=True,
                                reasons="Потребу підтверджено висновком лікаря.")
    assert again.status == workflow.APPROVED
