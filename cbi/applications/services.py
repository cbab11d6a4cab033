"""Writes for assistive-product applications (EC-APP-1..8).

Every status change goes through ``move``: the one table in ``workflow`` decides whether
the actor's role may do it for this kind of application; the event, the history row and the
person's notification are written in the same transaction.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cbi.accounts.roles import staff_profile
from cbi.registry.selectors import persons_user_may_act_for
from cbi.common.references import next_reference
from cbi.common.updates import save_with_history
from cbi.documents.models import Document
from cbi.documents.services import store_document
from cbi.notifications.services import notify
from cbi.registry.selectors import persons_visible_to

from cbi.catalogue.selectors import norm_in_force
from cbi.organizations.scope import scope_q

from . import error_codes, kinds, norms, referral_flow, right, rules, selectors, workflow
from .error_codes import NEWER_VERSION_EXISTS, ApplicationsErrorCode
from .models import (
    STATUS_LABELS,
    ApplicationDocument,
    ApplicationEvent,
    IssuedProduct,
    ProductApplication,
    Referral,
    ReferralEvent,
    RightEvent,
    Survey,
)

#: Reference numbers ЗР-2026-000123 (cbi.common.references).
REFERENCE_SEQUENCE = "ЗР"


def role_for(actor, application: ProductApplication) -> str | None:
    """The workflow role ``actor`` holds for this application, or None (no business with it).

    A district officer of the application's office; an officer of the territorial branch of the
    Fund whose region holds the office (the one scope rule); a user of the enterprise an open
    referral for the application is addressed to; the person or their representative (through
    the cabinet). Regional officers and auditors read, but do not act."""
    profile = staff_profile(actor)
    if profile is not None:
        if not actor.is_active:
            return None
        if profile.role == workflow.DISTRICT_OFFICER and profile.organization_id == application.office_id:
            return workflow.DISTRICT_OFFICER
        if profile.role == workflow.FUND_BRANCH:
            q = scope_q(actor, office_field="office")
            if q is not None and ProductApplication.objects.filter(q, pk=application.pk).exists():
                return workflow.FUND_BRANCH
        if profile.role == workflow.ENTERPRISE and Referral.objects.filter(
                application=application, enterprise__organization=profile.organization_id,
                status__in=referral_flow.OPEN_STATUSES).exists():
            return workflow.ENTERPRISE
        return None
    if persons_user_may_act_for(actor).filter(pk=application.person_id).exists():
        return workflow.PERSON
    return None


def _on_behalf(actor, application: ProductApplication, role: str) -> bool:
    account = getattr(actor, "cabinet_account", None)
    return role == workflow.PERSON and account is not None and account.person_id != application.person_id


def _due(status: str, today: date) -> date | None:
    days = workflow.DUE_DAYS.get(status)
    return today + timedelta(days=days) if days else None


def cabinet_link(application: ProductApplication) -> str:
    return reverse("applications_cabinet:detail", args=[application.pk])


# --- Drafts -------------------------------------------------------------------------------------

def _require_person_role(actor, person, *, on_paper: bool):
    """Who may start an application for ``person``: the person / representative in the
    cabinet, or a district officer whose scope holds the person (a paper application)."""
    if on_paper:
        profile = staff_profile(actor)
        if (profile is None or profile.role != workflow.DISTRICT_OFFICER
                or not persons_visible_to(actor).filter(pk=person.pk).exists()):
            raise PermissionDenied
        return workflow.DISTRICT_OFFICER
    if not persons_user_may_act_for(actor).filter(pk=person.pk).exists():
        raise PermissionDenied
    return workflow.PERSON


@transaction.atomic
def start_draft(*, actor, person, kind: str, office=None, on_paper: bool = False, **fields) -> ProductApplication:
    """A new draft of ``kind`` for ``person``. The office is the person's own unless another
    office is chosen; a paper application is always the officer's office."""
    _require_person_role(actor, person, on_paper=on_paper)
    if kind not in workflow.KINDS:
        raise ValidationError({"kind": ValidationError(_("Choose what you want to apply for."),
                                                       code=ApplicationsErrorCode.KIND_UNKNOWN.value)})
    if on_paper:
        office = staff_profile(actor).organization
    application = ProductApplication(
        person=person, kind=kind, office=office or person.office, created_by=actor,
        filed_via=ProductApplication.FiledVia.PAPER if on_paper else ProductApplication.FiledVia.CABINET,
    )
    for field, value in fields.items():
        setattr(application, field, value)
    save_with_history(instance=application, user=actor, exclude=["reference"])
    return application


EDITABLE_DRAFT_FIELDS = frozenset({
    "office", "product", "issued_product", "related_application", "request_text", "replacement_reason",
    "purchase_amount", "purchase_date", "seller", "draft_step",
})


@transaction.atomic
def update_draft(*, actor, application: ProductApplication, **fields) -> ProductApplication:
    """Save answers on a draft (saved as you go: nothing is lost between steps)."""
    application = ProductApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != workflow.DRAFT:
        raise ValidationError(_("This application has already been submitted and can no longer be changed."),
                              code=ApplicationsErrorCode.ALREADY_SUBMITTED.value)
    if role_for(actor, application) is None:
        raise PermissionDenied
    unknown = set(fields) - EDITABLE_DRAFT_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for field, value in fields.items():
        setattr(application, field, value)
    save_with_history(instance=application, user=actor, exclude=["reference"])
    return application


@transaction.atomic
def discard_draft(*, actor, application: ProductApplication) -> None:
    """Delete a draft the person no longer wants (it was never sent; its files go too)."""
    application = ProductApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != workflow.DRAFT or role_for(actor, application) is None:
        raise PermissionDenied
    # Its own files, and the new versions a document update brought to another application
    # (newest first: an older version is protected while a newer one points at it).
    items = list(ApplicationDocument.objects.filter(Q(application=application) | Q(added_with=application))
                 .select_related("document").order_by("-added_at", "-id"))
    for item in items:
        item.delete()
        item.document.file.delete(save=False)
        item.document.delete()
    application.history.all().delete()
    application.delete()


def _may_add_files(application: ProductApplication) -> bool:
    return application.status in (workflow.DRAFT, workflow.INFORMATION_REQUESTED)


@transaction.atomic
def add_document(*, actor, application: ProductApplication, file, kind: str,
                 replaces: Document | None = None, added_with: ProductApplication | None = None
                 ) -> ApplicationDocument:
    """Store a scan for the application (EC-DOC-1). ``replaces`` makes it a new version of an
    earlier file of the same application (EC-APP-4); the old version stays visible."""
    role = role_for(actor, added_with or application)
    if role is None:
        raise PermissionDenied
    target = added_with or application
    if not _may_add_files(target):
        raise ValidationError(_("Files can be added only to a draft or when the office asked for information."),
                              code=ApplicationsErrorCode.FILES_NOT_ACCEPTED.value)
    if replaces is not None and not application.files.filter(document=replaces).exists():
        raise PermissionDenied
    document = store_document(file=file, kind=replaces.kind if replaces else kind, actor=actor,
                              person=application.person, replaces=replaces)
    try:
        return ApplicationDocument.objects.create(application=application, document=document, added_by=actor,
                                                  added_with=added_with)
    except Exception:  # nothing half-saved: the stored file goes with the failed row
        document.file.delete(save=False)
        raise


@transaction.atomic
def replace_draft_document(*, actor, application: ProductApplication, document: Document,
                           file) -> ApplicationDocument:
    """Swap a file of a draft for another one (the wrong scan was chosen): the new file takes the
    old one's kind and place (for a document update: it is the new version of the same document)."""
    if application.status != workflow.DRAFT or role_for(actor, application) is None:
        raise PermissionDenied
    item = ApplicationDocument.objects.select_related("application", "added_with").get(
        Q(application=application) | Q(added_with=application), document=document)
    if Document.objects.filter(replaces=document).exists():
        raise ValidationError(NEWER_VERSION_EXISTS, code=ApplicationsErrorCode.NEWER_VERSION_EXISTS.value)
    target, added_with, replaces, kind, name = (item.application, item.added_with, document.replaces,
                                                document.kind, document.file.name)
    item.delete()
    document.delete()
    new = add_document(actor=actor, application=target, file=file, kind=kind, replaces=replaces,
                       added_with=added_with)

    def delete_old_file():
        from django.core.files.storage import default_storage

        default_storage.delete(name)

    transaction.on_commit(delete_old_file)
    return new


@transaction.atomic
def remove_draft_document(*, actor, application: ProductApplication, document: Document) -> None:
    """Take a file off a draft (a mistaken upload)."""
    if application.status != workflow.DRAFT or role_for(actor, application) is None:
        raise PermissionDenied
    item = ApplicationDocument.objects.get(Q(application=application) | Q(added_with=application), document=document)
    if Document.objects.filter(replaces=document).exists():
        raise ValidationError(NEWER_VERSION_EXISTS, code=ApplicationsErrorCode.NEWER_VERSION_EXISTS.value)
    item.delete()
    document.file.delete(save=False)
    document.delete()


# --- What a complete application needs ----------------------------------------------------------

def missing_answers(application: ProductApplication) -> list[tuple[str, str]]:
    """(step, message) for everything still missing before submission, in form order."""
    missing: list[tuple[str, str]] = []
    profile = application.profile
    if not getattr(application, f"{profile.subject}_id"):
        missing.append(("product", str(kinds.SUBJECT_MISSING[profile.subject])))
    early = False
    if profile.checks_service_life and application.issued_product_id:
        early = norms.replacement_check_for_application(application).early
        if early and application.replacement_reason in ("", ProductApplication.ReplacementReason.SERVICE_LIFE_ENDED):
            missing.append(("details", _("The service life has not ended yet: choose the reason for an earlier replacement.")))
    if profile.request_required_now(early=early) and not application.request_text.strip():
        missing.append(("details", str(profile.request_required_message)))
    if profile.asks_purchase:
        if not application.purchase_amount:
            missing.append(("details", _("Enter the amount you paid.")))
        if not application.purchase_date:
            missing.append(("details", _("Enter the date of purchase.")))
    if profile.required_document == kinds.ANY_NEW_DOCUMENT:
        if not ApplicationDocument.objects.filter(added_with=application).exists():
            missing.append(("documents", str(profile.required_document_message)))
    elif profile.required_document is not None:
        if not application.files.filter(document__kind=profile.required_document).exists():
            missing.append(("documents", str(profile.required_document_message)))
    return missing


def replacement_check_for(issued: IssuedProduct, on: date | None = None) -> rules.ReplacementCheck:
    """EC-APP-2 on the date (today by default), by the norm in force on that date."""
    on = on or timezone.localdate()
    return norms.replacement_check(issued, on=on, norm=norm_in_force(issued.product, on=on))


# --- The state machine --------------------------------------------------------------------------

def _notify_person(application: ProductApplication, action: str, reason: str) -> None:
    with override("uk"):
        status = STATUS_LABELS[application.status]
        subject = _("Application %(reference)s: %(status)s") % {"reference": application.reference,
                                                                 "status": status}
        lines = [_("%(kind)s. New status: %(status)s.") % {"kind": str(application.profile.label).capitalize(),
                                                            "status": status}]
        if action == workflow.REQUEST_INFORMATION:
            lines.append(_("The office needs from you: %(what)s") % {"what": reason})
            lines.append(_("Please answer by %(date)s.") % {"date": application.information_due_on.strftime("%d.%m.%Y")})
        elif action in (workflow.APPROVE, workflow.REFUSE):
            lines.append(_("Reasons: %(reasons)s") % {"reasons": reason})
        elif action == workflow.MARK_READY:
            lines.append(_("Where and when to pick it up: %(details)s") % {"details": reason})
        lines.append(_("Open the application in your cabinet to see its history and the decision."))
    notify(person=application.person, subject=subject, body="\n".join(lines), link=cabinet_link(application))


@transaction.atomic
def move(*, actor, application: ProductApplication, to: str, reason: str = "", changes: dict | None = None
         ) -> ProductApplication:
    """One step of the lifecycle. Raises ``workflow.TransitionNotAllowed`` for a step the table
    does not have (or not for this role or kind), ``PermissionDenied`` for someone with no
    business with the application, ``workflow.ReasonRequired`` when the reason is missing."""
    application = ProductApplication.objects.select_for_update().select_related("person", "office").get(
        pk=application.pk)
    role = role_for(actor, application)
    if role is None:
        raise PermissionDenied
    reason = (reason or "").strip()
    rule = workflow.check_transition(application.kind, application.status, to, role=role, reason=reason)
    if rule.action in workflow.RIGHT_ACTIONS:  # only through record_right_event / lift_right_suspension
        raise workflow.TransitionNotAllowed(application.status, to, role, "taken from the person's right only")
    now = timezone.now()
    today = timezone.localdate()
    from_status = application.status
    for field, value in (changes or {}).items():
        if not field.startswith("_"):  # "_issued_on", "_serial_number": for the product handed over
            setattr(application, field, value)
    application.status = to
    application.status_changed_at = now
    application.due_on = _due(to, today)
    if to == workflow.SUBMITTED:
        _require_right_active(application.person)
        missing = missing_answers(application)
        if missing:
            raise ValidationError([ValidationError(message, code=ApplicationsErrorCode.INCOMPLETE.value) for _step, message in missing])
        application.reference = next_reference(sequence=REFERENCE_SEQUENCE, year=today.year)
        application.submitted_at = now
    if rule.action == workflow.REQUEST_INFORMATION:
        application.information_due_on = today + timedelta(days=workflow.INFORMATION_DUE_DAYS)
    elif to == workflow.INFORMATION_PROVIDED:
        application.information_due_on = None
    if rule.action in (workflow.APPROVE, workflow.REFUSE):
        # The decision keeps the norm version in force on the submission date (EC-APP-5).
        application.norm = norms.norm_for(application)
        application.decided_at, application.decided_by = now, actor
        application.decision_reasons = reason
        application.decision_number = f"Р-{application.reference}"
    if rule.action == workflow.MARK_READY:
        application.pickup_details = reason
    save_with_history(instance=application, user=actor, reason=rule.action)
    ApplicationEvent.objects.create(
        application=application, action=rule.action, from_status=from_status, to_status=to, at=now, by=actor,
        role=role, on_behalf=_on_behalf(actor, application, role), rule_id=rule.rule_id, reason=reason,
    )
    if to == workflow.PROVIDED:
        _record_issued_product(application, actor, (changes or {}).get("_issued_on") or today,
                               serial_number=(changes or {}).get("_serial_number", ""))
    if rule.action in workflow.NOTIFY_ACTIONS:
        _notify_person(application, rule.action, reason)
    return application


def submit(*, actor, application: ProductApplication) -> ProductApplication:
    return move(actor=actor, application=application, to=workflow.SUBMITTED)


def decide(*, actor, application: ProductApplication, approve: bool, reasons: str,
           approved_amount: Decimal | None = None) -> ProductApplication:
    """EC-APP-5: approve or refuse, with reasons (and, for compensation, the amount)."""
    changes = {}
    if approve and application.profile.officer_approves_amount:
        if approved_amount is None or approved_amount <= 0:
            raise ValidationError({"approved_amount": ValidationError(
                _("Enter the amount of compensation approved."), code=ApplicationsErrorCode.APPROVED_AMOUNT_REQUIRED.value)})
        norm = norms.norm_for(application)
        if norm is not None and norm.max_compensation is not None and approved_amount > norm.max_compensation:
            raise ValidationError({"approved_amount": ValidationError(
                _("The compensation cannot be more than the maximum of %(maximum)s UAH set by %(source)s "
                  "in force on %(date)s.") % {
                    "maximum": norm.max_compensation, "source": norm.source,
                    "date": norms.judged_on(application).strftime("%d.%m.%Y")},
                code=ApplicationsErrorCode.APPROVED_AMOUNT_ABOVE_MAXIMUM.value)})
        changes["approved_amount"] = approved_amount
    return move(actor=actor, application=application, to=workflow.APPROVED if approve else workflow.REFUSED,
                reason=reasons, changes=changes)


@transaction.atomic
def reopen_on_complaint(*, actor, application: ProductApplication, complaint_reference: str, reason: str
                        ) -> ProductApplication:
    """An upheld complaint cancels the refusal (docs/complaints.md): the application goes back to
    the body that refused — the office's review, or the branch of the Fund for a refusal the branch
    made — with an event naming the complaint, a history row, and the person told. The cancelled
    refusal's fields stay (its letter and the complaint about it stay readable) until the new
    decision, taken with ``decide``, replaces them.

    Called only by the complaints app, which has checked that ``actor`` reviews the complaint.
    Raises ``ValidationError`` when the application cannot go back (it is no longer refused or
    closed after the refusal, or the person's right has ended or is suspended): the complaint
    then stays undecided and the officer sees why."""
    application = ProductApplication.objects.select_for_update().select_related("person", "office").get(
        pk=application.pk)
    refusal = application.events.filter(action=workflow.REFUSE).order_by("at", "id").last()
    approved = application.events.filter(action=workflow.APPROVE).exists()
    if refusal is None or approved or application.status not in (workflow.REFUSED, workflow.CLOSED):
        raise ValidationError(
            _("The application %(reference)s cannot go back to review: it is %(status)s now. Ask the office "
              "what happened to it before deciding the complaint.") % {
                "reference": application.reference, "status": STATUS_LABELS[application.status]},
            code=ApplicationsErrorCode.REOPEN_NOT_REFUSED.value)
    try:
        _require_right_active(application.person)
    except ValidationError:
        raise ValidationError(
            _("The application %(reference)s cannot go back to review: the person's right to assistive products "
              "has ended or is suspended (see the events on the right in the person's record).") % {
                "reference": application.reference},
            code=ApplicationsErrorCode.REOPEN_RIGHT_STOPPED.value) from None
    to = workflow.FORWARDED if refusal.from_status == workflow.FORWARDED else workflow.UNDER_REVIEW
    reason = (reason or "").strip()
    rule = workflow.check_transition(application.kind, application.status, to, role=workflow.COMPLAINT_BODY,
                                     reason=reason)
    now = timezone.now()
    from_status = application.status
    application.status, application.status_changed_at = to, now
    application.due_on = _due(to, timezone.localdate())
    save_with_history(instance=application, user=actor, reason=rule.action)
    ApplicationEvent.objects.create(
        application=application, action=rule.action, from_status=from_status, to_status=to, at=now, by=actor,
        role=workflow.COMPLAINT_BODY, rule_id=rule.rule_id, reason=reason)
    with override("uk"):
        subject = _("Application %(reference)s will be decided again") % {"reference": application.reference}
        body = _("The refusal of your application %(reference)s is cancelled on your complaint %(complaint)s. "
                 "The application is under review again; you will be told of the new decision.") % {
            "reference": application.reference, "complaint": complaint_reference}
    notify(person=application.person, subject=subject, body=body, link=cabinet_link(application))
    return application


def _term_of_use(product, norm, issued_on: date) -> tuple[Decimal, date]:
    """(service life in years to one decimal, for display; the date a replacement is possible):
    by the norm's term of use in months, else by the catalogue's service life."""
    if norm is not None:
        return ((Decimal(norm.term_of_use_months) / 12).quantize(Decimal("0.1")),
                rules.add_months(issued_on, norm.term_of_use_months))
    return product.service_life_years, rules.add_years(issued_on, product.service_life_years)


def _record_issued_product(application: ProductApplication, actor, today: date,
                           serial_number: str = "") -> IssuedProduct:
    product = application.the_product
    years, possible_on = _term_of_use(product, application.norm, today)
    issued = IssuedProduct(
        person=application.person, product=product, application=application, issued_on=today,
        service_life_years=years, replacement_possible_on=possible_on, serial_number=serial_number,
    )
    issued._history_user = actor
    issued.save()
    if application.profile.checks_service_life and application.issued_product_id:
        old = application.issued_product
        old.replaced_on = today
        old._history_user = actor
        old.save(update_fields=["replaced_on"])
    return issued


@transaction.atomic
def record_issued_product(*, actor, person, product, issued_on: date, serial_number: str = "") -> IssuedProduct:
    """An officer records a product the person received before the cabinet existed."""
    profile = staff_profile(actor)
    if (profile is None or profile.role != workflow.DISTRICT_OFFICER
            or not persons_visible_to(actor).filter(pk=person.pk).exists()):
        raise PermissionDenied
    years, possible_on = _term_of_use(product, norm_in_force(product, on=issued_on), issued_on)
    issued = IssuedProduct(person=person, product=product, issued_on=issued_on, serial_number=serial_number,
                           service_life_years=years, replacement_possible_on=possible_on)
    save_with_history(instance=issued, user=actor)
    return issued


# --- Reminders and surveys ----------------------------------------------------------------------

def send_replacement_reminders(today: date | None = None) -> int:
    """EC-APP-2: tell the person once (cabinet message and e-mail) that the term of use of a
    product they have ends, ``settings.REPLACEMENT_REMINDER_DAYS_BEFORE`` days before it does
    (or at once for one already ended). Idempotent."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.REPLACEMENT_REMINDER_DAYS_BEFORE)
    due = IssuedProduct.objects.filter(replacement_possible_on__lte=horizon, replaced_on__isnull=True,
                                       reminder_sent_at__isnull=True).select_related("person", "product")
    sent = 0
    for issued in due:
        with transaction.atomic():
            locked = IssuedProduct.objects.select_for_update().get(pk=issued.pk)
            if locked.reminder_sent_at is not None:
                continue
            with override("uk"):
                subject = _("You can apply for a replacement of %(product)s") % {"product": issued.product.name}
                values = {"product": issued.product.name, "issued": issued.issued_on.strftime("%d.%m.%Y"),
                          "ends": issued.replacement_possible_on.strftime("%d.%m.%Y")}
                if issued.replacement_possible_on <= today:
                    body = _("The service life of %(product)s you received on %(issued)s has ended. "
                             "You can apply for a replacement in your cabinet.") % values
                else:
                    body = _("The term of use of %(product)s you received on %(issued)s ends on %(ends)s. "
                             "From that date you can apply for a replacement in your cabinet.") % values
            notify(person=issued.person, subject=subject, body=body, link=reverse("applications_cabinet:my_products"))
            locked.reminder_sent_at = timezone.now()
            locked.save(update_fields=["reminder_sent_at"])
            sent += 1
    return sent


def survey_open(application: ProductApplication) -> bool:
    """EC-APP-8: after fulfilment, once."""
    reached = application.status in workflow.FULFILLED_STATUSES or (
        application.status == workflow.CLOSED
        and application.events.filter(from_status__in=workflow.FULFILLED_STATUSES).exists()
    )
    return reached and not Survey.objects.filter(application=application).exists()


@transaction.atomic
def submit_survey(*, actor, application: ProductApplication, rating: int, comment: str = "") -> Survey:
    if role_for(actor, application) != workflow.PERSON:
        raise PermissionDenied
    if not survey_open(application):
        raise ValidationError(_("This survey is not open, or you have already answered it."),
                              code=ApplicationsErrorCode.SURVEY_CLOSED.value)
    survey = Survey(application=application, rating=rating, comment=(comment or "").strip(), submitted_by=actor)
    survey.full_clean()
    survey.save()
    return survey


# --- The right suspended and ended (AP-RIGHT-1..3) ---------------------------------------------

#: Decision numbers of events on the right: "ПЗ-2026-000012" (cbi.common.references).
RIGHT_SEQUENCE = "ПЗ"


def _require_right_active(person) -> None:
    """No application is submitted while the person's right is ended or suspended."""
    events = list(selectors.right_events_for(person))
    state = selectors.right_state_of(person, events=events)
    if state.state == right.ACTIVE:
        return
    cause = next((e for e in events if e.ground != right.LIFTED and e.source_date == state.since
                  and e.rule_id == state.rule_id), events[-1])
    if state.state == right.ENDED:
        raise ValidationError(error_codes.RIGHT_ENDED % {"ground": cause.get_ground_display(),
                                                         "number": cause.decision_number},
                              code=ApplicationsErrorCode.RIGHT_ENDED.value)
    raise ValidationError(error_codes.RIGHT_SUSPENDED % {"number": cause.decision_number},
                          code=ApplicationsErrorCode.RIGHT_SUSPENDED.value)


def _require_officer_for(actor, person):
    profile = staff_profile(actor)
    if (profile is None or not actor.is_active or profile.role != workflow.DISTRICT_OFFICER
            or not persons_visible_to(actor).filter(pk=person.pk).exists()):
        raise PermissionDenied
    return profile


def _check_source(source_document: str, source_date: date | None) -> str:
    source_document = (source_document or "").strip()
    errors = {}
    if not source_document:
        errors["source_document"] = ValidationError(
            _("Enter the document the event is recorded from (its name, series and number)."),
            code=ApplicationsErrorCode.RIGHT_DOCUMENT_REQUIRED.value)
    if source_date is None or source_date > timezone.localdate():
        errors["source_date"] = ValidationError(
            error_codes.RIGHT_DATE_FUTURE, code=ApplicationsErrorCode.RIGHT_DATE_FUTURE.value)
    if errors:
        raise ValidationError(errors)
    return source_document


def _right_step(*, actor, application: ProductApplication, to: str, event: RightEvent, reason: str) -> None:
    """Move one application by the table (AP-RIGHT-1..3) because of ``event``; the event, the
    history row and the person's notification in the caller's transaction."""
    application = ProductApplication.objects.select_for_update().select_related("person", "office").get(
        pk=application.pk)
    rule = workflow.check_transition(application.kind, application.status, to, role=workflow.DISTRICT_OFFICER,
                                     reason=reason)
    now = timezone.now()
    from_status = application.status
    application.status, application.status_changed_at = to, now
    application.due_on = _due(to, timezone.localdate())
    application._history_user = actor
    application._change_reason = rule.action
    application.save()
    ApplicationEvent.objects.create(
        application=application, action=rule.action, from_status=from_status, to_status=to, at=now, by=actor,
        role=workflow.DISTRICT_OFFICER, rule_id=rule.rule_id, reason=reason, right_event=event)
    _notify_right(application, event)


def _notify_right(application: ProductApplication, event: RightEvent) -> None:
    with override("uk"):
        status = STATUS_LABELS[application.status]
        subject = _("Application %(reference)s: %(status)s") % {"reference": application.reference, "status": status}
        lines = [_("Decision %(number)s: %(ground)s (%(document)s of %(date)s).") % {
            "number": event.decision_number, "ground": event.get_ground_display(),
            "document": event.source_document, "date": event.source_date.strftime("%d.%m.%Y")},
            _("New status of the application: %(status)s.") % {"status": status},
            _("The decision letter is in your cabinet, on the application's page.")]
    notify(person=application.person, subject=subject, body="\n".join(lines), link=cabinet_link(application))


def _reason(event: RightEvent) -> str:
    with override("uk"):
        return str(_("%(ground)s; %(document)s of %(date)s; decision %(number)s")) % {
            "ground": event.get_ground_display(), "document": event.source_document,
            "date": event.source_date.strftime("%d.%m.%Y"), "number": event.decision_number}


@transaction.atomic
def record_right_event(*, actor, person, ground: str, source_document: str, source_date: date, note: str = "",
                       suspended_until: date | None = None) -> RightEvent:
    """AP-RIGHT-1/2: record an event that ends or suspends the person's right, from its document,
    and cancel (right ended) or suspend (right suspended) every open application of the person.
    Nothing is deleted: each application keeps its history with a step citing the event."""
    profile = _require_officer_for(actor, person)
    if ground not in right.RECORDABLE:
        raise ValidationError({"ground": ValidationError(_("Choose what happened."),
                                                         code=ApplicationsErrorCode.RIGHT_GROUND_UNKNOWN.value)})
    source_document = _check_source(source_document, source_date)
    state = selectors.right_state_of(person)
    if state.state == right.ENDED:
        raise ValidationError(_("The person's right to assistive products has already ended; nothing more can be "
                                "recorded on it."), code=ApplicationsErrorCode.RIGHT_ENDED.value)
    event = RightEvent(
        person=person, ground=ground, source_document=source_document, source_date=source_date,
        note=(note or "").strip(), suspended_until=suspended_until if ground == right.PRODUCT_DISPOSED else None,
        citation=right.citation(settings.ASSISTIVE_RIGHT_ITEM), recorded_by=actor, office=profile.organization,
        decision_number=next_reference(sequence=RIGHT_SEQUENCE, year=timezone.localdate().year))
    event.full_clean()
    event.save()
    ends = event.effect == right.ENDS
    reason = _reason(event)
    # Open electronic referrals are cancelled whether the right ends or is suspended: no enterprise
    # makes or hands over a product while the person has no right to it (AP-RIGHT-1/2, AP-REF-5).
    for referral in Referral.objects.filter(application__person=person,
                                            status__in=referral_flow.OPEN_STATUSES).select_related("application"):
        _referral_step(actor=actor, referral=referral, to=referral_flow.CANCELLED, role=workflow.DISTRICT_OFFICER,
                       reason=reason, right_event=event, action=referral_flow.CANCEL_RIGHT_ENDED)
    for application in selectors.open_applications_of(person):
        if application.status == workflow.SUSPENDED and not ends:
            continue  # already waiting on an earlier suspension
        _right_step(actor=actor, application=application, to=workflow.CANCELLED if ends else workflow.SUSPENDED,
                    event=event, reason=reason)
    return event


@transaction.atomic
def lift_right_suspension(*, actor, suspension: RightEvent, source_document: str, source_date: date,
                          note: str = "") -> RightEvent:
    """AP-RIGHT-3: lift a suspension with its own record; the applications it suspended return
    to the status they had."""
    suspension = RightEvent.objects.select_for_update().select_related("person").get(pk=suspension.pk)
    profile = _require_officer_for(actor, suspension.person)
    if suspension.effect != right.SUSPENDS or RightEvent.objects.filter(lifts=suspension).exists() \
            or selectors.right_state_of(suspension.person).state == right.ENDED:
        raise ValidationError(_("This suspension is not in force: it was lifted already, or the right has ended."),
                              code=ApplicationsErrorCode.RIGHT_SUSPENSION_NOT_OPEN.value)
    source_document = _check_source(source_document, source_date)
    lift = RightEvent(
        person=suspension.person, ground=right.LIFTED, lifts=suspension, source_document=source_document,
        source_date=source_date, note=(note or "").strip(), citation=right.citation(settings.ASSISTIVE_RIGHT_ITEM),
        recorded_by=actor, office=profile.organization,
        decision_number=next_reference(sequence=RIGHT_SEQUENCE, year=timezone.localdate().year))
    lift.full_clean()
    lift.save()
    reason = _reason(lift)
    suspended_by_it = ApplicationEvent.objects.filter(right_event=suspension, action=workflow.SUSPEND_RIGHT,
                                                      application__status=workflow.SUSPENDED
                                                      ).select_related("application")
    for step in suspended_by_it:
        _right_step(actor=actor, application=step.application, to=step.from_status, event=lift, reason=reason)
    return lift


# --- Electronic referrals (issue #16 §1; referral_flow.TRANSITIONS) ------------------------------

#: Referral numbers "ЕН-2026-000012" (cbi.common.references).
REFERRAL_SEQUENCE = "ЕН"


def referral_due(status: str, today: date) -> date | None:
    """The deadline of a referral's current step (settings.REFERRAL_DUE_DAYS, not verified)."""
    days = settings.REFERRAL_DUE_DAYS.get(status)
    return today + timedelta(days=days) if days else None


def enterprise_of(actor):
    """The catalogue supplier an enterprise user works for, or None."""
    profile = staff_profile(actor)
    if profile is None or profile.role != workflow.ENTERPRISE or not actor.is_active:
        return None
    from cbi.catalogue.models import Supplier

    return Supplier.objects.filter(organization=profile.organization_id).first()


def referral_role_for(actor, referral: Referral) -> str | None:
    """The role ``actor`` holds for the referral: the enterprise it is addressed to, or an officer of
    the branch whose region holds the application's office; None otherwise."""
    profile = staff_profile(actor)
    if profile is None or not actor.is_active:
        return None
    if profile.role == workflow.ENTERPRISE:
        enterprise = enterprise_of(actor)
        return workflow.ENTERPRISE if enterprise is not None and enterprise.pk == referral.enterprise_id else None
    if profile.role == workflow.FUND_BRANCH and role_for(actor, referral.application) == workflow.FUND_BRANCH:
        return workflow.FUND_BRANCH
    return None


def _notify_referral(referral: Referral, action: str, reason: str = "") -> None:
    from .models import REFERRAL_STATUS_LABELS

    application = referral.application
    with override("uk"):
        subject = _("Referral %(number)s: %(status)s") % {"number": referral.number,
                                                          "status": REFERRAL_STATUS_LABELS[referral.status]}
        lines = [_("Electronic referral %(number)s for %(product)s to %(enterprise)s (application %(reference)s).") % {
            "number": referral.number, "product": application.the_product.name, "enterprise": referral.enterprise.name,
            "reference": application.reference}]
        if action == referral_flow.ISSUE:
            lines.append(_("The enterprise will contact you; you can also contact it: %(contacts)s.") % {
                "contacts": ", ".join(c for c in (referral.enterprise.phone, referral.enterprise.email,
                                                  referral.enterprise.address) if c) or "—"})
        elif action == referral_flow.DECLINE:
            lines.append(_("The enterprise declined it: %(reason)s. The branch of the Fund will issue a referral "
                           "to another enterprise you choose.") % {"reason": reason})
        elif action == referral_flow.RECORD_DELIVERY:
            lines.append(_("The product was delivered on %(date)s, serial number %(serial)s.") % {
                "date": referral.delivered_on.strftime("%d.%m.%Y"), "serial": referral.serial_number})
        elif action in (referral_flow.CANCEL, referral_flow.CANCEL_RIGHT_ENDED):
            lines.append(_("The referral was cancelled: %(reason)s") % {"reason": reason})
        lines.append(_("Open the application in your cabinet to see each step."))
    notify(person=application.person, subject=subject, body="\n".join(lines), link=cabinet_link(application))


def _referral_step(*, actor, referral: Referral, to: str, role: str, reason: str = "", right_event=None,
                   action: str = "", **fields) -> Referral:
    """One step of a referral by the table, with its event and the person's notification, in the
    caller's transaction."""
    referral = Referral.objects.select_for_update().select_related("application__person", "enterprise").get(
        pk=referral.pk)
    step = referral_flow.check_step(referral.status, to, role=role, reason=reason)
    now = timezone.now()
    from_status = referral.status
    for field, value in fields.items():
        setattr(referral, field, value)
    referral.status, referral.status_changed_at = to, now
    referral.due_on = referral_due(to, timezone.localdate())
    if step.reason_required:
        referral.reason = reason
    referral.full_clean(exclude=["application", "enterprise", "branch", "issued_by", "delivery_act"])
    referral.save()
    ReferralEvent.objects.create(referral=referral, action=action or step.action, from_status=from_status,
                                 to_status=to, at=now, by=actor, role=role, rule_id=step.rule_id, reason=reason,
                                 right_event=right_event)
    _notify_referral(referral, action or step.action, reason)
    return referral


@transaction.atomic
def issue_referral(*, actor, application: ProductApplication, enterprise) -> Referral:
    """AP-REF-1: the branch of the Fund issues an electronic referral for an approved provision or
    replacement to the enterprise (one of the catalogue's active providers of the product, connected
    to the portal); the application moves to fulfilment. One open referral at a time: after a
    decline or a cancellation a new one may be issued."""
    application = ProductApplication.objects.select_for_update().select_related("person", "office").get(
        pk=application.pk)
    if role_for(actor, application) != workflow.FUND_BRANCH:
        raise PermissionDenied
    if application.kind not in workflow.REFERRAL_KINDS or application.status not in (
            workflow.APPROVED, workflow.IN_FULFILMENT):
        raise ValidationError(_("A referral can be issued only for an approved provision or replacement."),
                              code=ApplicationsErrorCode.REFERRAL_NOT_POSSIBLE.value)
    if application.referrals.filter(status__in=referral_flow.OPEN_STATUSES).exists():
        raise ValidationError(_("This application already has an open referral: cancel it first."),
                              code=ApplicationsErrorCode.REFERRAL_ALREADY_OPEN.value)
    if enterprise is None or not selectors.enterprises_for(application).filter(pk=enterprise.pk).exists():
        raise ValidationError({"enterprise": ValidationError(
            error_codes.ENTERPRISE_NOT_FOR_PRODUCT, code=ApplicationsErrorCode.ENTERPRISE_NOT_FOR_PRODUCT.value)})
    today, now = timezone.localdate(), timezone.now()
    referral = Referral.objects.create(
        number=next_reference(sequence=REFERRAL_SEQUENCE, year=today.year), application=application,
        branch=staff_profile(actor).organization, enterprise=enterprise, issued_at=now, issued_by=actor,
        status_changed_at=now, due_on=referral_due(referral_flow.ISSUED, today))
    ReferralEvent.objects.create(referral=referral, action=referral_flow.ISSUE, to_status=referral_flow.ISSUED,
                                 at=now, by=actor, role=workflow.FUND_BRANCH, rule_id="AP-REF-1")
    if application.status == workflow.APPROVED:
        move(actor=actor, application=application, to=workflow.IN_FULFILMENT, changes={"supplier": enterprise})
    else:
        application.supplier = enterprise
        save_with_history(instance=application, user=actor, reason=referral_flow.ISSUE)
    _notify_referral(referral, referral_flow.ISSUE)
    return referral


def may_choose_enterprise(application: ProductApplication) -> bool:
    """The person chooses the enterprise for a provision or replacement while it is open and no
    referral is open (after a decline or a cancellation they choose again)."""
    return (application.kind in workflow.REFERRAL_KINDS and application.status in workflow.OPEN_STATUSES
            and not application.referrals.filter(status__in=referral_flow.OPEN_STATUSES).exists())


@transaction.atomic
def choose_enterprise(*, actor, application: ProductApplication, enterprise) -> ProductApplication:
    """AP-REF-1: the person (or representative) chooses, in the cabinet, the enterprise from the
    catalogue's providers of the product; the branch issues the referral to it."""
    application = ProductApplication.objects.select_for_update().get(pk=application.pk)
    if role_for(actor, application) != workflow.PERSON:
        raise PermissionDenied
    if not may_choose_enterprise(application):
        raise ValidationError(error_codes.ENTERPRISE_LOCKED,
                              code=ApplicationsErrorCode.ENTERPRISE_LOCKED.value)
    if enterprise is None or not selectors.enterprises_for(application).filter(pk=enterprise.pk).exists():
        raise ValidationError({"enterprise": ValidationError(
            error_codes.ENTERPRISE_NOT_FOR_PRODUCT, code=ApplicationsErrorCode.ENTERPRISE_NOT_FOR_PRODUCT.value)})
    application.supplier = enterprise
    save_with_history(instance=application, user=actor, reason="choose_enterprise")
    return application


@transaction.atomic
def cancel_referral(*, actor, referral: Referral, reason: str) -> Referral:
    """AP-REF-5: the branch cancels an open referral, with a reason (the application stays in
    fulfilment: a new referral may be issued)."""
    if referral_role_for(actor, referral) != workflow.FUND_BRANCH:
        raise PermissionDenied
    return _referral_step(actor=actor, referral=referral, to=referral_flow.CANCELLED, role=workflow.FUND_BRANCH,
                          reason=(reason or "").strip())


@transaction.atomic
def enterprise_step(*, actor, referral: Referral, action: str, reason: str = "", delivered_on: date | None = None,
                    serial_number: str = "", act_file=None) -> Referral:
    """AP-REF-2..4: the enterprise accepts or declines (with a reason) a referral addressed to it,
    records the fitting, or records the delivery: date (not before the referral, not in the future),
    serial number and the act of delivery (a scan, ≤ 3 MB like every other). The delivery hands the
    product over on the application (``IssuedProduct`` with the date and serial number)."""
    referral = Referral.objects.select_for_update().select_related("application", "enterprise").get(pk=referral.pk)
    if referral_role_for(actor, referral) != workflow.ENTERPRISE:
        raise PermissionDenied
    to = referral_flow.next_steps(referral.status, workflow.ENTERPRISE).get(action)
    if to is None:
        raise referral_flow.TransitionNotAllowed(referral.status, action, workflow.ENTERPRISE, "not now")
    reason = (reason or "").strip()
    if action != referral_flow.RECORD_DELIVERY:
        return _referral_step(actor=actor, referral=referral, to=to, role=workflow.ENTERPRISE, reason=reason)
    errors = {}
    serial_number = (serial_number or "").strip()
    if delivered_on is None or delivered_on > timezone.localdate() or delivered_on < timezone.localtime(
            referral.issued_at).date():
        errors["delivered_on"] = ValidationError(
            _("Enter the date of delivery: not before the referral was issued and not in the future."),
            code=ApplicationsErrorCode.DELIVERY_DATE_INVALID.value)
    if not serial_number:
        errors["serial_number"] = ValidationError(_("Enter the product's serial number."),
                                                  code=ApplicationsErrorCode.SERIAL_NUMBER_REQUIRED.value)
    if act_file is None:
        errors["act"] = ValidationError(_("Attach the scan of the act of delivery signed by the person."),
                                        code=ApplicationsErrorCode.DELIVERY_ACT_REQUIRED.value)
    if errors:
        raise ValidationError(errors)
    document = store_document(file=act_file, kind=Document.Kind.DELIVERY_ACT, actor=actor,
                              person=referral.application.person)
    try:
        # The application first: the enterprise acts on it only while its referral is open.
        move(actor=actor, application=referral.application, to=workflow.PROVIDED,
             changes={"_issued_on": delivered_on, "_serial_number": serial_number})
        return _referral_step(actor=actor, referral=referral, to=to, role=workflow.ENTERPRISE,
                              delivered_on=delivered_on, serial_number=serial_number, delivery_act=document)
    except Exception:  # nothing half-saved: the stored file goes with the failed step
        document.file.delete(save=False)
        raise
