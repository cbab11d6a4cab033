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

from . import error_codes, kinds, norms, right, rules, selectors, workflow
from .error_codes import NEWER_VERSION_EXISTS, ApplicationsErrorCode
from .models import (
    STATUS_LABELS,
    ApplicationDocument,
    ApplicationEvent,
    IssuedProduct,
    ProductApplication,
    RightEvent,
    Survey,
)

#: Reference numbers ЗР-2026-000123 (cbi.common.references).
REFERENCE_SEQUENCE = "ЗР"


def role_for(actor, application: ProductApplication) -> str | None:
    """The workflow role ``actor`` holds for this application, or None (no business with it).

    A district officer of the application's office; the person or their representative
    (through the cabinet). Regional officers and auditors read, but do not act."""
    profile = staff_profile(actor)
    if profile is not None:
        if (actor.is_active and profile.role == workflow.DISTRICT_OFFICER
                and profile.organization_id == application.office_id):
            return workflow.DISTRICT_OFFICER
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
        _record_issued_product(application, actor, today)
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


def _term_of_use(product, norm, issued_on: date) -> tuple[Decimal, date]:
    """(service life in years to one decimal, for display; the date a replacement is possible):
    by the norm's term of use in months, else by the catalogue's service life."""
    if norm is not None:
        return ((Decimal(norm.term_of_use_months) / 12).quantize(Decimal("0.1")),
                rules.add_months(issued_on, norm.term_of_use_months))
    return product.service_life_years, rules.add_years(issued_on, product.service_life_years)


def _record_issued_product(application: ProductApplication, actor, today: date) -> IssuedProduct:
    product = application.the_product
    years, possible_on = _term_of_use(product, application.norm, today)
    issued = IssuedProduct(
        person=application.person, product=product, application=application, issued_on=today,
        service_life_years=years, replacement_possible_on=possible_on,
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
