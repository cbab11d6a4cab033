"""Every write of primary registration (EC-PRIM-1): drafts, submission,
acceptance into ЦБІ, return with reasons. Status changes go through
``_transition`` and the table in ``workflow.py`` only."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cbi.accounts.roles import Capability, has_capability
from cbi.documents import services as document_services
from cbi.documents.models import Document
from cbi.common.references import next_reference
from cbi.registry import services as registry_services
from cbi.registry.models import Address, Assessment, IdentityDocument, Person, Representative
from cbi.registry.selectors import offices_visible_to, persons_visible_to

from . import selectors, workflow
from .error_codes import PrimaryErrorCode
from .models import PrimaryRegistration, Status, StatusChange

logger = logging.getLogger(__name__)

#: Reference numbers ПР-2026-000123 (cbi.common.references).
REFERENCE_SEQUENCE = "ПР"
REOPEN_SALT = "cbi.primary.reopen"
REOPEN_MAX_AGE = 30 * 24 * 60 * 60

# Upload slots: which Document kinds fill each one.
IDENTITY_KINDS = {
    "passport_booklet": Document.Kind.PASSPORT,
    "id_card": Document.Kind.ID_CARD,
    "birth_certificate": Document.Kind.BIRTH_CERTIFICATE,
    "other": Document.Kind.OTHER,
}
RIGHT_KINDS = {
    "msek": Document.Kind.ASSESSMENT_CONCLUSION,
    "expert_team": Document.Kind.ASSESSMENT_CONCLUSION,
    "lkk": Document.Kind.LKK_CONCLUSION,
    "vlk": Document.Kind.VLK_CONCLUSION,
}
SLOT_KINDS = {
    "identity": set(IDENTITY_KINDS.values()),
    "rnokpp": {Document.Kind.RNOKPP_CARD},
    "right": set(RIGHT_KINDS.values()),
    "authority": {Document.Kind.AUTHORITY_PROOF},
}
SLOT_LABELS = {
    "identity": gettext_lazy("Identity document (passport, ID card or birth certificate)"),
    "rnokpp": gettext_lazy("Taxpayer number card (РНОКПП)"),
    "right": gettext_lazy("Document that proves the right (assessment, ЛКК or ВЛК conclusion)"),
    "authority": gettext_lazy("Proof of the representative's authority"),
}


class NotAllowed(ValidationError):
    """A status change the state machine does not allow."""


# --- Drafts ---------------------------------------------------------------------------

@transaction.atomic
def start_draft(*, applicant: str, language: str, client: str = "",
                session_drafts: list[str] | None = None) -> tuple[PrimaryRegistration, str]:
    """A new draft and the random token that binds it to the browser session. Refused with
    ``drafts.DraftRefused`` (429) when this browser or address has too many open drafts."""
    from . import drafts

    drafts.check_can_start(session_drafts=list(session_drafts or []), client=client)
    token = secrets.token_urlsafe(32)
    registration = PrimaryRegistration(token_hash=selectors.token_hash(token), applicant=applicant,
                                       language=language, client_key=drafts.client_key(client),
                                       expires_at=drafts.expiry_from())
    registration.save()
    return registration, token


@transaction.atomic
def save_answers(*, registration: PrimaryRegistration, data: dict[str, Any]) -> PrimaryRegistration:
    """Save one step's answers (save as you go). Only drafts and returned applications change."""
    registration = PrimaryRegistration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_editable:
        raise PermissionDenied
    for field, value in data.items():
        setattr(registration, field, value)
    if "territory" in data and "office" not in data:
        registration.office = selectors.office_for_territory(registration.territory)
        registration.office_chosen = False
    if registration.status == Status.DRAFT:
        from .drafts import expiry_from

        registration.expires_at = expiry_from()
    registration.save()
    return registration


def required_slots(registration: PrimaryRegistration) -> list[str]:
    slots = ["identity"]
    if registration.rnokpp:  # no card to scan after a refusal, nor for a child without a number
        slots.append("rnokpp")
    slots.append("right")
    if registration.is_representative:
        slots.append("authority")
    return slots


def slot_document_kind(registration: PrimaryRegistration, slot: str) -> str:
    if slot == "identity":
        return IDENTITY_KINDS.get(registration.identity_kind, Document.Kind.OTHER)
    if slot == "right":
        return RIGHT_KINDS.get(registration.right_kind, Document.Kind.OTHER)
    return Document.Kind.RNOKPP_CARD if slot == "rnokpp" else Document.Kind.AUTHORITY_PROOF


def uploaded_by_slot(registration: PrimaryRegistration) -> dict[str, Document]:
    found: dict[str, Document] = {}
    for document in selectors.draft_documents(registration):
        for slot, kinds in SLOT_KINDS.items():
            if document.kind in kinds and slot not in found:
                found[slot] = document
    return found


def upload(*, registration: PrimaryRegistration, slot: str, file, session_drafts=(), client: str = "") -> Document:
    """Store a scan for a slot. In a draft a new file replaces the previous one (nobody has seen
    it); in an application returned for corrections it is a new version (the old one is kept).
    Refused with ``drafts.DraftRefused`` (413) over the anonymous byte limits. Nothing is left
    half-saved: if anything fails, the stored file is deleted again."""
    from . import drafts

    stored = None
    try:
        with transaction.atomic():
            registration = PrimaryRegistration.objects.select_for_update().get(pk=registration.pk)
            if not registration.is_editable:
                raise PermissionDenied
            drafts.check_can_store(registration=registration, size=file.size,
                                   session_drafts=list(session_drafts), client=client)
            previous = uploaded_by_slot(registration).get(slot)
            in_draft = registration.status == Status.DRAFT
            document = document_services.store_document(
                file=file, kind=slot_document_kind(registration, slot), registration=registration,
                replaces=None if in_draft else previous,
            )
            stored = document.file.name
            if in_draft and previous is not None:
                drafts.delete_draft_files(Document.objects.filter(
                    registration=registration, kind__in=SLOT_KINDS[slot]).exclude(pk=document.pk))
            if in_draft:
                registration.expires_at = drafts.expiry_from()
                registration.save(update_fields=["expires_at"])
        return document
    except BaseException:
        if stored:
            from django.core.files.storage import default_storage

            default_storage.delete(stored)
        raise


@transaction.atomic
def remove_upload(*, registration: PrimaryRegistration, slot: str) -> Document | None:
    """Take a file off a draft (the wrong file was chosen). An application returned for
    corrections keeps what the officer saw: there a file can only be replaced."""
    from . import drafts

    registration = PrimaryRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Status.DRAFT:
        raise PermissionDenied
    document = uploaded_by_slot(registration).get(slot)
    if document is not None:
        drafts.delete_draft_files(Document.objects.filter(registration=registration, kind__in=SLOT_KINDS[slot]))
    return document


def missing_answers(registration: PrimaryRegistration) -> list[tuple[str, str]]:
    """(step, message) for what is still needed before sending."""
    missing = []
    if not registration.applicant:
        missing.append(("who", _("Say who is applying.")))
    if not (registration.surname and registration.given_name and registration.date_of_birth and registration.sex
            and (registration.rnokpp or registration.rnokpp_refused or registration.uses_birth_certificate)
            and registration.phone
            and (registration.email or registration.is_representative)):
        missing.append(("person", _("Fill in the person's details.")))
    if not (registration.territory_id and registration.street and registration.building):
        missing.append(("address", _("Fill in the registered address.")))
    elif not registration.office_id:
        missing.append(("office", _("Choose the social protection office.")))
    if not (registration.identity_kind and registration.identity_number):
        missing.append(("identity", _("Fill in the identity document.")))
    if registration.is_representative and not (
        registration.rep_kind and registration.rep_surname and registration.rep_given_name
        and registration.rep_email and registration.authority_document
        and registration.authority_document_number and registration.authority_document_date
    ):
        missing.append(("representative", _("Fill in the representative's details and the proof of authority.")))
    if not (registration.right_kind and registration.right_number and registration.right_date):
        missing.append(("right", _("Fill in the document that proves the right.")))
    uploaded = uploaded_by_slot(registration)
    for slot in required_slots(registration):
        if slot not in uploaded:
            missing.append(("documents", _("Upload: %(document)s.") % {"document": SLOT_LABELS[slot]}))
    return missing


# --- Status changes -------------------------------------------------------------------

def _check(registration: PrimaryRegistration, to_status: str, *, reason: str = "") -> None:
    try:
        workflow.check_transition(registration.status, to_status, reason=reason)
    except workflow.TransitionNotAllowed as error:
        raise NotAllowed(
            _("An application that is “%(from)s” cannot become “%(to)s”.") % {
                "from": Status(error.from_status).label, "to": Status(error.to_status).label},
            code=PrimaryErrorCode.TRANSITION_NOT_ALLOWED.value,
        ) from error
    except ValueError as error:
        raise ValidationError({"reasons": ValidationError(_("Write the reasons the applicant can act on."),
                                                         code=PrimaryErrorCode.REASONS_REQUIRED.value)}) from error


def _transition(registration: PrimaryRegistration, to_status: str, *, actor=None, reason: str = "") -> StatusChange:
    _check(registration, to_status, reason=reason)
    change = StatusChange.objects.create(registration=registration, from_status=registration.status,
                                         to_status=to_status, by=actor, reason=reason.strip())
    registration.status = to_status
    registration._history_user = actor
    registration.save()
    return change


def change_status(*, registration: PrimaryRegistration, to_status: str, actor=None, reason: str = "") -> StatusChange:
    """The one door for a bare status change (used by the services below and by tests)."""
    with transaction.atomic():
        registration = PrimaryRegistration.objects.select_for_update().get(pk=registration.pk)
        return _transition(registration, to_status, actor=actor, reason=reason)


def submit(*, registration: PrimaryRegistration) -> PrimaryRegistration:
    """Send the application (draft → submitted, or returned → submitted after changes)."""
    with transaction.atomic():
        registration = PrimaryRegistration.objects.select_for_update().get(pk=registration.pk)
        missing = missing_answers(registration)
        if missing:
            raise ValidationError([ValidationError(message, code=PrimaryErrorCode.INCOMPLETE.value) for _step, message in missing])
        if not registration.reference:
            registration.reference = next_reference(sequence=REFERENCE_SEQUENCE, year=timezone.localdate().year)
        registration.submitted_at = timezone.now()
        _transition(registration, Status.SUBMITTED)
    _send(registration, "primary/email/submitted.txt",
          gettext_lazy("Application %(reference)s for registration in ЦБІ is received"))
    return registration


def reopen_link_token(registration: PrimaryRegistration) -> str:
    return signing.dumps({"id": str(registration.pk), "n": registration.status_changes.count()}, salt=REOPEN_SALT)


def reopen(*, signed: str) -> tuple[PrimaryRegistration, str]:
    """Bind a returned application to this browser again (from the signed link in the e-mail)."""
    data = signing.loads(signed, salt=REOPEN_SALT, max_age=REOPEN_MAX_AGE)
    with transaction.atomic():
        registration = PrimaryRegistration.objects.select_for_update().filter(pk=data["id"]).first()
        if registration is None or registration.status != Status.RETURNED:
            raise PermissionDenied
        token = secrets.token_urlsafe(32)
        registration.token_hash = selectors.token_hash(token)
        registration.save(update_fields=["token_hash"])
    return registration, token


# --- The officer's review ------------------------------------------------------------

def _require_reviewer(actor, registration: PrimaryRegistration) -> None:
    if not has_capability(actor, Capability.REVIEW_PRIMARY_REGISTRATION):
        raise PermissionDenied
    if not offices_visible_to(actor).filter(pk=registration.office_id).exists():
        raise PermissionDenied


def accept(*, actor, registration: PrimaryRegistration, existing_person: Person | None = None) -> Person:
    """Enter the person into ЦБІ (or link the application to their existing record)
    and give them the uploaded files."""
    with transaction.atomic():
        registration = PrimaryRegistration.objects.select_for_update().get(pk=registration.pk)
        _require_reviewer(actor, registration)
        _check(registration, Status.ACCEPTED)
        if existing_person is not None:
            if not persons_visible_to(actor).filter(pk=existing_person.pk).exists():
                raise PermissionDenied
            person = existing_person
        else:
            person = _create_person(actor, registration)
        document_services.attach_to_person(
            documents=Document.objects.filter(registration=registration), person=person, actor=actor,
        )
        registration.person = person
        _transition(registration, Status.ACCEPTED, actor=actor)
    _send(registration, "primary/email/accepted.txt", gettext_lazy("You are in ЦБІ: application %(reference)s is accepted"))
    return person


def _create_person(actor, registration: PrimaryRegistration) -> Person:
    r = registration
    person = registry_services.create_person(actor=actor, data={
        "surname": r.surname, "given_name": r.given_name, "patronymic": r.patronymic,
        "date_of_birth": r.date_of_birth, "sex": r.sex, "rnokpp": r.rnokpp or None,
        "rnokpp_refused": r.rnokpp_refused, "birth_certificate": r.birth_certificate,
        "phone": r.phone, "email": r.email, "office": r.office,
    })
    save = registry_services.save_person_part
    save(actor=actor, person=person, instance=Address(person=person), data={
        "kind": Address.Kind.REGISTERED, "territory": r.territory, "street": r.street, "building": r.building,
        "apartment": r.apartment, "postcode": r.postcode,
    })
    save(actor=actor, person=person, instance=IdentityDocument(person=person), data={
        "kind": r.identity_kind, "series": r.identity_series, "number": r.identity_number,
        "issued_on": r.identity_issued_on, "issued_by": r.identity_issued_by,
    })
    save(actor=actor, person=person, instance=Assessment(person=person), data={
        "kind": r.right_kind, "assessed_on": r.right_date, "conclusion_number": r.right_number,
        "body_name": r.right_body,
    })
    if r.is_representative:
        save(actor=actor, person=person, instance=Representative(person=person), data={
            "kind": r.rep_kind, "surname": r.rep_surname, "given_name": r.rep_given_name,
            "patronymic": r.rep_patronymic, "rnokpp": r.rep_rnokpp, "phone": r.rep_phone, "email": r.rep_email,
            "authority_document": r.authority_document, "authority_document_number": r.authority_document_number,
            "authority_document_date": r.authority_document_date,
        })
    return person


def return_for_corrections(*, actor, registration: PrimaryRegistration, reasons: str) -> None:
    """Return the application with reasons; the applicant gets them and a signed link (30 days)."""
    with transaction.atomic():
        registration = PrimaryRegistration.objects.select_for_update().get(pk=registration.pk)
        _require_reviewer(actor, registration)
        _transition(registration, Status.RETURNED, actor=actor, reason=reasons)
    from cbi.letters.appeals import appeal_context
    from cbi.web.links import absolute_url

    link = absolute_url("primary:reopen", signed=reopen_link_token(registration))
    _send(registration, "primary/email/returned.txt",
          gettext_lazy("Application %(reference)s is returned: please correct it"), reasons=reasons.strip(), link=link,
          appeal=appeal_context(decided_by="district"))


def _send(registration: PrimaryRegistration, template: str, subject, **context) -> None:
    to = registration.contact_email
    if not to:
        return
    with translation.override(registration.language or "uk"):
        body = render_to_string(template, {"registration": registration, **context})
        subject_text = str(subject) % {"reference": registration.reference}
    try:
        send_mail(subject_text, body, None, [to])
    except Exception:  # the application is saved; the failure is logged without personal data
        logger.exception("could not send the e-mail about application %s", registration.pk)

