"""Filing and deciding complaints (docs/complaints.md). Every rule is checked by a ``clean_*``
function that raises a coded ``ValidationError`` before anything is written."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cbi.common.references import next_reference
from cbi.documents.models import Document
from cbi.documents.services import store_document
from cbi.letters.appeals import complaint_term, review_term
from cbi.notifications.services import notify

from .error_codes import ComplaintsErrorCode
from .models import Complaint
from .reopen import REOPEN
from .subjects import Decision, subject

REFERENCE_SEQUENCE = "СК"


def last_day_to_complain(decision: Decision) -> date:
    """The decision's date plus the complaint term (counted from the decision, the earliest day
    the person could learn of it: the safe side for the person is never shorter than this)."""
    return decision.decided_on + timedelta(days=complaint_term().value)


def clean_complainable(decision: Decision | None, *, kind: str, today: date) -> Decision:
    if decision is None or not decision.complainable or decision.reviewing_body is None:
        raise ValidationError(_("This decision cannot be complained about here."),
                              code=ComplaintsErrorCode.NOT_COMPLAINABLE.value)
    if Complaint.objects.filter(subject_kind=kind, subject_id=str(decision.record.pk)).exists():
        raise ValidationError(_("A complaint about this decision is already filed. You can follow it on the "
                                "decision's page."), code=ComplaintsErrorCode.ALREADY_FILED.value)
    if today > last_day_to_complain(decision):
        raise ValidationError(
            _("The term to complain about this decision ended on %(date)s. You can still go to an administrative "
              "court, or file a complaint on paper and ask the reviewing body to restore the term, explaining why "
              "you could not file in time.") % {"date": last_day_to_complain(decision).strftime("%d.%m.%Y")},
            code=ComplaintsErrorCode.TERM_PASSED.value)
    return decision


def clean_reasons(reasons: str) -> str:
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError(_("Write why you disagree with the decision."),
                              code=ComplaintsErrorCode.REASONS_REQUIRED.value)
    return reasons


@transaction.atomic
def file_complaint(*, actor, kind: str, decision: Decision, reasons: str, files=()) -> Complaint:
    """The person (or their representative) files a complaint; the reviewing body has
    ``review_term()`` days from today to decide."""
    today = timezone.localdate()
    clean_complainable(decision, kind=kind, today=today)
    reasons = clean_reasons(reasons)
    complaint = Complaint(
        reference=next_reference(sequence=REFERENCE_SEQUENCE, year=today.year),
        subject_kind=kind, subject_id=str(decision.record.pk), subject_reference=decision.reference,
        decided_on=decision.decided_on, person=decision.person, reviewing_body=decision.reviewing_body,
        filed_by=actor, due_on=today + timedelta(days=review_term().value), reasons=reasons,
    )
    complaint._history_user = actor
    complaint.save()
    for file in files:
        complaint.documents.add(store_document(file=file, kind=Document.Kind.OTHER, actor=actor,
                                               person=decision.person))
    notify(person=decision.person,
           subject=_("Complaint %(reference)s received") % {"reference": complaint.reference},
           body=_("Your complaint about decision %(decision)s went to %(body)s. It must be decided by %(date)s; "
                  "you will get a letter with the outcome and its reasons.") % {
               "decision": decision.reference, "body": decision.reviewing_body.name,
               "date": complaint.due_on.strftime("%d.%m.%Y")},
           link=reverse("complaints_cabinet:detail", args=[complaint.pk]))
    return complaint


@transaction.atomic
def decide_complaint(*, actor, complaint: Complaint, upheld: bool, reasons: str) -> Complaint:
    """The reviewing body's decision, with reasons; the person is told and gets the letter. An
    upheld complaint reopens the case where its kind knows how (``reopen.REOPEN``): a
    car-queue refusal goes back to the regional department's decision, a removed entry is
    restored; in the same transaction, so a case that cannot be reopened leaves nothing decided."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.status != Complaint.Status.FILED:
        raise ValidationError(_("This complaint is already decided."), code=ComplaintsErrorCode.ALREADY_DECIDED.value)
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError(_("Write the reasons for the outcome: the person receives them in the letter."),
                              code=ComplaintsErrorCode.OUTCOME_REASONS_REQUIRED.value)
    complaint.status = Complaint.Status.UPHELD if upheld else Complaint.Status.REJECTED
    complaint.outcome_reasons = reasons
    complaint.decided_by = actor
    complaint.decided_at = timezone.now()
    complaint._history_user = actor
    complaint.save()
    kind = subject(complaint.subject_kind)
    if upheld and kind is not None and kind.reopens:
        # The decision is cancelled: the case goes back by itself, with its own history.
        record = kind.by_id(complaint.subject_id)
        if record is not None:
            REOPEN[kind.name](actor=actor, record=record, complaint=complaint)
    notify(person=complaint.person,
           subject=_("Complaint %(reference)s decided") % {"reference": complaint.reference},
           body=(_("Your complaint is upheld: decision %(decision)s is cancelled and your case will be decided again.")
                 if upheld else
                 _("Your complaint is not upheld: decision %(decision)s stays.")) % {
               "decision": complaint.subject_reference} + " " + _("The letter with the reasons is in your cabinet."),
           link=reverse("complaints_cabinet:detail", args=[complaint.pk]))
    return complaint
