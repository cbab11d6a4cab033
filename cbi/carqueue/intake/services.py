"""Car applications: registration and the workflow up to the decision (CQ-DOC, CQ-FLOW).

The state machine is the table in ``cbi/carqueue/workflow.py``; every step writes a journal
entry (``journal.append``), an event (who / when / why) and, where the rules set one, a
deadline with its rule id. A decision "enrolled" hands over to the queue
(``queue.services.enroll``). Every write is keyword-only and atomic. See
docs/carqueue-journal.md.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cbi.accounts.roles import staff_profile
from cbi.letters.registry import render_letter
from cbi.notifications.services import notify
from cbi.registry.selectors import persons_visible_to

from .. import workflow
from ..error_codes import CarqueueErrorCode
from ..facts import facts_for
from ..models import (
    APPLICATION_STATUS_LABELS, ApplicationDeadline, CarApplication, CarApplicationDocument, CarApplicationEvent,
)
from ..rules import evaluate, form_088_due, monthly_registration_due, referral_due
from ..settings.selectors import current_rules_config
from . import journal


MIN_MISSING_REASON_LENGTH = 5


def _today() -> date:
    return timezone.localdate()


def _not_future(field: str, value: date | None) -> None:
    if value is not None and value > _today():
        raise ValidationError({field: ValidationError(_("The date cannot be in the future."),
                                              code=CarqueueErrorCode.DATE_FUTURE.value)})


def _not_before(field: str, value: date | None, earlier: date | None, message: str, code: CarqueueErrorCode) -> None:
    if value is not None and earlier is not None and value < earlier:
        raise ValidationError({field: ValidationError(message, code=code.value)})


def role_for(actor, application: CarApplication) -> str | None:
    """The workflow role ``actor`` holds for this application, or None (no business with it)."""
    profile = staff_profile(actor)
    if profile is not None and actor.is_active:
        org = profile.organization
        if profile.role == workflow.DISTRICT_OFFICER and org.pk == application.office_id:
            return workflow.DISTRICT_OFFICER
        if profile.role == workflow.REGIONAL_OFFICER and org.pk == application.office.parent_id:
            return workflow.REGIONAL_OFFICER
        return None
    account = getattr(actor, "cabinet_account", None)
    if account is not None and account.person_id == application.person_id:
        return workflow.PERSON
    return None


def _journal_organization(application: CarApplication, journal_kind: str):
    if journal_kind in (workflow.J_REGION, workflow.J_DECISION, workflow.J_REOPENED) or (
        journal_kind == workflow.J_WITHDRAWAL and application.status in workflow.REGION_STATUSES
    ):
        return application.office.parent
    return application.office


def _payload(application: CarApplication, **extra) -> dict:
    """What the journal keeps: the facts that matter, no free text about the person."""
    return {"office": application.office.code, "status": application.status, **extra}


def _set_deadline(application: CarApplication, code: str, *, organization, due_on: date,
                  done_on: date | None, actor) -> ApplicationDeadline:
    deadline, _created = ApplicationDeadline.objects.get_or_create(
        application=application, code=code,
        defaults={"rule_id": ApplicationDeadline.RULE_IDS[code], "organization": organization,
                  "due_on": due_on, "done_on": done_on},
    )
    if not _created:
        deadline.due_on, deadline.done_on = due_on, done_on
    deadline.full_clean()
    deadline._history_user = actor
    deadline.save()
    return deadline


def _move(*, actor, application: CarApplication, to: str, reason: str = "", payload: dict | None = None,
          changes: dict | None = None, role: str | None = None) -> CarApplication:
    """One step of the state machine: check the table and the role, write the journal
    entry and the event, change the status. Raises ``TransitionNotAllowed`` /
    ``PermissionDenied``."""
    application = CarApplication.objects.select_for_update().select_related("office", "person").get(
        pk=application.pk)
    role = role or role_for(actor, application)
    if role is None:
        raise PermissionDenied
    rule = workflow.check_transition(application.status, to, role=role, reason=reason)
    entry = journal.append(
        organization=_journal_organization(application, rule.journal_kind), kind=rule.journal_kind,
        application=application, actor=actor,
        payload=_payload(application, to_status=to, rule_id=rule.rule_id, by_role=role, **(payload or {})),
    )
    from_status = application.status
    for field, value in (changes or {}).items():
        setattr(application, field, value)
    application.status = to
    if rule.journal_kind == workflow.J_REGION:
        application.region_number = entry.number
    application.full_clean()
    application._history_user = actor
    application._change_reason = reason[:100] if reason else rule.action
    application.save()
    CarApplicationEvent.objects.create(
        application=application, action=rule.action, from_status=from_status, to_status=to, by=actor,
        role=role, reason=reason, journal_entry=entry,
    )
    return application


@transaction.atomic
def register_application(*, actor, person, data: dict[str, Any], presented: list[str],
                         missing_documents_reason: str = "") -> CarApplication:
    """Register a car application at the actor's office (CQ-DOC-1): the item-34 checklist
    for the case, blocked while mandatory documents are missing unless the officer writes
    why; the first entry of the office's journal; the referrals deadline (CQ-FLOW-1)."""
    profile = staff_profile(actor)
    if profile is None or profile.role != workflow.DISTRICT_OFFICER:
        raise PermissionDenied
    if not persons_visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied
    reason = (missing_documents_reason or "").strip()
    application = CarApplication(person=person, office=profile.organization, registered_by=actor,
                                 missing_documents_reason=reason, **data)
    application.full_clean(exclude=["registered_by"])
    facts = facts_for(person, application, documents_provided=list(presented))
    required = [item.code for item in journal_checklist(facts)]
    missing = [code for code in required if code not in presented]
    if missing and len(reason) < MIN_MISSING_REASON_LENGTH:
        raise ValidationError({"missing_documents_reason": ValidationError(_(
            "Mandatory documents are missing. Tick every document the person handed in, or write why you "
            "register the application without them (at least 5 characters)."), code=CarqueueErrorCode.MISSING_DOCUMENTS_REASON.value)})
    if not missing:
        application.missing_documents_reason = ""
    application._history_user = actor
    application.save()
    CarApplicationDocument.objects.bulk_create(
        [CarApplicationDocument(application=application, code=code, presented=code in presented) for code in required]
    )
    entry = journal.append(
        organization=application.office, kind=workflow.J_REGISTERED, application=application, actor=actor,
        payload=_payload(application, person=str(person.pk), received_on=application.received_on,
                         received_via=application.received_via, kind=application.kind,
                         documents_presented=[c for c in required if c in presented], documents_missing=missing,
                         missing_documents_reason_recorded=bool(missing), rule_id="CQ-DOC-1"),
    )
    application.office_number = entry.number
    application._history_user = actor
    application.save(update_fields=["office_number", "updated_at"])
    CarApplicationEvent.objects.create(
        application=application, action="register", from_status="", to_status=workflow.INITIAL, by=actor,
        role=workflow.DISTRICT_OFFICER, reason=application.missing_documents_reason, journal_entry=entry,
    )
    _set_deadline(application, "referrals", organization=application.office,
                  due_on=referral_due(application.received_on, application.received_via), done_on=None, actor=actor)
    return application


def journal_checklist(facts):
    from ..rules import required_documents

    return required_documents(facts)


@transaction.atomic
def issue_referrals(*, actor, application: CarApplication, issued_on: date | None = None) -> CarApplication:
    """CQ-FLOW-1: the referrals to the health facility and to the assessment body."""
    issued_on = issued_on or _today()
    _not_future("issued_on", issued_on)
    _not_before("issued_on", issued_on, application.received_on,
                _("The referrals cannot be issued before the application was received."),
                CarqueueErrorCode.REFERRALS_BEFORE_RECEIVED)
    application = _move(actor=actor, application=application, to=workflow.REFERRALS_ISSUED,
                        payload={"issued_on": issued_on}, changes={"referrals_issued_on": issued_on})
    _set_deadline(application, "referrals", organization=application.office,
                  due_on=referral_due(application.received_on, application.received_via), done_on=issued_on,
                  actor=actor)
    return application


@transaction.atomic
def record_notice(*, actor, application: CarApplication, health_exam_on: date, form_088_sent_on: date,
                  notice_received_on: date | None = None) -> CarApplication:
    """CQ-FLOW-2: the health facility's notice that form 088/o was sent (due within 5 days
    of the examination)."""
    notice_received_on = notice_received_on or _today()
    for field, value in (("health_exam_on", health_exam_on), ("form_088_sent_on", form_088_sent_on),
                         ("notice_received_on", notice_received_on)):
        _not_future(field, value)
    _not_before("health_exam_on", health_exam_on, application.referrals_issued_on,
                _("The examination cannot be before the referrals were issued."), CarqueueErrorCode.EXAM_BEFORE_REFERRALS)
    _not_before("form_088_sent_on", form_088_sent_on, health_exam_on,
                _("Form 088/o cannot be sent before the examination."), CarqueueErrorCode.FORM_088_BEFORE_EXAM)
    _not_before("notice_received_on", notice_received_on, form_088_sent_on,
                _("The notice cannot arrive before form 088/o was sent."), CarqueueErrorCode.NOTICE_BEFORE_FORM_088)
    application = _move(
        actor=actor, application=application, to=workflow.FACILITY_NOTICE_RECEIVED,
        payload={"health_exam_on": health_exam_on, "form_088_sent_on": form_088_sent_on,
                 "notice_received_on": notice_received_on},
        changes={"health_exam_on": health_exam_on, "form_088_sent_on": form_088_sent_on,
                 "social_office_notified_on": notice_received_on},
    )
    _set_deadline(application, "form_088", organization=application.office, due_on=form_088_due(health_exam_on),
                  done_on=form_088_sent_on, actor=actor)
    return application


@transaction.atomic
def send_to_region(*, actor, application: CarApplication, sent_on: date | None = None) -> CarApplication:
    """CQ-FLOW-3: the documents with the application go to the regional department. The
    application reaches the department's work list the same day, so that day starts the
    CQ-FLOW-5 window (the regional officer can correct it when registering)."""
    sent_on = sent_on or _today()
    _not_future("sent_on", sent_on)
    _not_before("sent_on", sent_on, application.social_office_notified_on,
                _("The documents cannot be sent before the health facility's notice arrived."),
                CarqueueErrorCode.SENT_BEFORE_NOTICE)
    application = _move(actor=actor, application=application, to=workflow.SENT_TO_REGION,
                        payload={"sent_on": sent_on},
                        changes={"documents_forwarded_on": sent_on, "documents_complete_on": sent_on})
    _set_deadline(application, "monthly_registration", organization=application.office.parent,
                  due_on=monthly_registration_due(sent_on), done_on=None, actor=actor)
    return application


@transaction.atomic
def register_at_region(*, actor, application: CarApplication, documents_received_on: date | None = None,
                       registered_on: date | None = None) -> CarApplication:
    """CQ-FLOW-4/5: registration in the regional journal, due within 20 days after the end
    of the month in which the application arrived with all documents."""
    registered_on = registered_on or _today()
    received = documents_received_on or application.documents_complete_on or registered_on
    _not_future("documents_received_on", received)
    _not_future("registered_on", registered_on)
    _not_before("documents_received_on", received, application.documents_forwarded_on,
                _("The documents cannot arrive before the office sent them."), CarqueueErrorCode.DOCUMENTS_ARRIVED_BEFORE_SENT)
    _not_before("registered_on", registered_on, received,
                _("The application cannot be registered before its documents arrived."),
                CarqueueErrorCode.REGISTERED_BEFORE_DOCUMENTS)
    application = _move(actor=actor, application=application, to=workflow.REGISTERED_AT_REGION,
                        payload={"documents_received_on": received, "registered_on": registered_on},
                        changes={"documents_complete_on": received, "journal_registered_on": registered_on})
    _set_deadline(application, "monthly_registration", organization=application.office.parent,
                  due_on=monthly_registration_due(received), done_on=registered_on, actor=actor)
    return application


@transaction.atomic
def decide(*, actor, application: CarApplication, decided_on: date | None = None) -> CarApplication:
    """CQ-FLOW-4: the decision computed by the rules with the current settings (enrolled if
    eligible, refused otherwise), carrying every rule id and citation; the person is
    notified in the cabinet. The written letter is ``decision_letter_pdf``."""
    decided_on = decided_on or _today()
    _not_future("decided_on", decided_on)
    application = CarApplication.objects.select_related("office", "person").get(pk=application.pk)
    application.decision_sent_on = decided_on
    facts = facts_for(application.person, application, on=decided_on)
    decision = evaluate(facts, current_rules_config())
    to = workflow.ENROLLED if decision.eligible else workflow.REFUSED
    application = _move(
        actor=actor, application=application, to=to,
        payload={"decided_on": decided_on, "eligible": decision.eligible,
                 "category": decision.category.value if decision.category else None,
                 "enrollment_date": decision.enrollment_date, "engine_version": decision.engine_version,
                 "rules": {r.rule_id: r.outcome.value for r in decision.applied_rules}},
        changes={"decision": decision.model_dump(mode="json"), "decision_sent_on": decided_on,
                 "enrollment_date": decision.enrollment_date,
                 "category": decision.category.value if decision.category else ""},
    )
    if to == workflow.ENROLLED:
        # The queue entry, its enrollment decision and the new numbers (docs/carqueue-queue.md).
        from ..queue import services as queue

        queue.enroll(application=application, actor=actor)
    with override("uk"):
        subject = _("Decision on your application for a car")
        body = (_("Your application No. %(number)s for a car: %(outcome)s. The written decision was sent to you "
                  "and to your social protection office.")
                % {"number": application.office_number, "outcome": APPLICATION_STATUS_LABELS[to]})
    notify(person=application.person, subject=str(subject), body=str(body))
    return application


@transaction.atomic
def withdraw(*, actor, application: CarApplication, reason: str, on_request_of_person: bool = True
             ) -> CarApplication:
    """Withdraw the application (from any non-final status), with the reason."""
    reason = (reason or "").strip()
    if len(reason) < MIN_MISSING_REASON_LENGTH:
        raise ValidationError({"reason": ValidationError(
            _("Write why the application is withdrawn (at least 5 characters)."), code=CarqueueErrorCode.WITHDRAWAL_REASON.value)})
    return _move(actor=actor, application=application, to=workflow.WITHDRAWN, reason=reason,
                 payload={"on_request_of_person": on_request_of_person})


@transaction.atomic
def reopen_on_complaint(*, actor, application: CarApplication, complaint_reference: str, reason: str
                        ) -> CarApplication:
    """An upheld complaint cancels the refusal (docs/complaints.md): the application is back with
    the regional department for a new decision (``decide``), in the journal and the events. Called
    only by the complaints app, which has checked that ``actor`` reviews the complaint."""
    reason = (reason or "").strip()
    application = _move(actor=actor, application=application, to=workflow.REGISTERED_AT_REGION,
                        role=workflow.COMPLAINT_BODY, reason=reason,
                        payload={"complaint": complaint_reference})
    with override("uk"):
        subject = _("Your application for a car will be decided again")
        body = (_("The refusal of your application No. %(number)s is cancelled on your complaint %(complaint)s. "
                  "The regional department will decide again and send you the written decision.")
                % {"number": application.office_number, "complaint": complaint_reference})
    notify(person=application.person, subject=str(subject), body=str(body))
    return application


# --- printable documents (PDF, Ukrainian) ----------------------------------------------------
# The letters are kinds of cbi.letters, built in carqueue/letters.py (docs/letters.md); these
# two are shortcuts to them.


def referral_pdf(application: CarApplication, which: str) -> bytes:
    """CQ-FLOW-1: the referral to the health facility (``health``) or to the assessment
    body (``assessment``)."""
    return render_letter(kind="carqueue.referral", subject=application, which=which)


def decision_letter_pdf(application: CarApplication) -> bytes:
    """CQ-FLOW-4: the written decision, with every applied rule id and citation."""
    return render_letter(kind="carqueue.decision", subject=application)
