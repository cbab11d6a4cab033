"""Reads of document files and who may open them (EC-DOC-2)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from cbi.accounts.roles import Capability, has_capability, staff_profile
from cbi.registry.selectors import persons_user_may_act_for
from cbi.registry.selectors import offices_visible_to, persons_visible_to

from .models import Document


def current_documents() -> QuerySet[Document]:
    """Versions that no newer version replaces."""
    return Document.objects.filter(~Exists(Document.objects.filter(replaces=OuterRef("pk"))))


def documents_for_person(person) -> QuerySet[Document]:
    """The person's current files, newest first within a kind; older versions
    are reached through ``older_versions``."""
    return current_documents().filter(person=person).select_related("replaces").order_by("kind", "-uploaded_at")


def older_versions(document: Document) -> list[Document]:
    versions = []
    previous = document.replaces
    while previous is not None:
        versions.append(previous)
        previous = previous.replaces
    return versions


def documents_with_versions(person) -> list[dict]:
    return [{"document": d, "older": older_versions(d)} for d in documents_for_person(person)]


def staff_documents_q(user) -> Q | None:
    """Files a staff member may open: persons in their scope, and the
    applications for primary registration their office reviews."""
    if staff_profile(user) is None or not user.is_active:
        return None
    q = Q(pk__in=[])
    if has_capability(user, Capability.VIEW_PERSON):
        q |= Q(person__in=persons_visible_to(user).values("pk"))
    if has_capability(user, Capability.REVIEW_PRIMARY_REGISTRATION):
        q |= Q(registration__office__in=offices_visible_to(user).values("pk"),
               registration__status__in=["submitted", "returned", "accepted"])
    return q


def document_openable_by(user, document_id) -> tuple[Document, str] | None:
    """The document and the channel ("staff" or "cabinet"), or None for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return None
    q = staff_documents_q(user)
    if q is not None:
        if not user.is_verified():
            return None
        document = Document.objects.filter(q, pk=document_id).first()
        return (document, "staff") if document else None
    persons = persons_user_may_act_for(user)
    document = Document.objects.filter(pk=document_id, person__in=persons.values("pk")).first()
    return (document, "cabinet") if document else None


def held_uploads(*, actor, purpose: str, subject: str, now=None) -> dict:
    """The files ``actor`` holds for this form, by field (only the officer who chose them sees them)."""
    from django.utils import timezone

    from .models import HeldUpload

    return {item.field: item for item in HeldUpload.objects.filter(
        held_by=actor, purpose=purpose, subject=subject, expires_at__gt=now or timezone.now())}
