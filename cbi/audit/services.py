"""Writes of audit records. Only inserts: the log is append-only.

Views do not call ``record_read`` themselves: they fetch personal data through the access
helpers in ``cbi.audit.access``, which check the scope and call it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from cbi.accounts.models import Role
from cbi.accounts.roles import staff_profile

from .models import AccessEvent

EventType = AccessEvent.EventType
Purpose = AccessEvent.Purpose
Channel = AccessEvent.Channel

# What each kind of read is for, when nothing more specific is said by the route.
PURPOSE_OF_EVENT: dict[str, str] = {
    EventType.PERSON_RECORD: Purpose.RECORD_KEEPING,
    EventType.PERSON_HISTORY: Purpose.RECORD_KEEPING,
    EventType.PERSON_EDIT: Purpose.RECORD_KEEPING,
    EventType.CORRECTION_REQUEST: Purpose.RECORD_KEEPING,
    EventType.DOCUMENT_FILE: Purpose.RECORD_KEEPING,
    EventType.PRIMARY_REGISTRATION: Purpose.PRIMARY_REVIEW,
    EventType.PRODUCT_APPLICATION: Purpose.ASSISTIVE_PRODUCTS,
    EventType.CAR_APPLICATION: Purpose.CAR_QUEUE,
    EventType.CAR_QUEUE_ENTRY: Purpose.CAR_QUEUE,
    EventType.VEHICLE_REGISTER_CHECK: Purpose.CAR_QUEUE,
    EventType.COMPLAINT: Purpose.COMPLAINT_REVIEW,
    EventType.AGENCY_STATUS: Purpose.AGENCY_REQUEST,
}


def purpose_for(event_type: str, *, role: str = "", channel: str = Channel.STAFF, purpose: str | None = None) -> str:
    """The coded purpose of a read: the person's own reads are their own; an auditor reads to
    audit whatever the page; otherwise what the route says, else what the kind of read is for."""
    if channel == Channel.CABINET:
        return Purpose.OWN_ACCESS
    if role == Role.AUDITOR:
        return Purpose.AUDIT
    return purpose or PURPOSE_OF_EVENT[event_type]


def whose(obj) -> tuple:
    """(person, application for primary registration) whose data ``obj`` is.

    A person and an application for primary registration say it themselves
    (``audit_subject()``): the access log sits below the apps whose reads it records, so it
    does not import their models (docs/architecture.md, "Layers").
    """
    audit_subject = getattr(obj, "audit_subject", None)
    if audit_subject is not None:
        return audit_subject()
    if hasattr(obj, "entry_id") and hasattr(obj, "entry"):  # queue decisions and car offers
        return obj.entry.person, None
    return getattr(obj, "person", None), getattr(obj, "registration", None)


def record_read(*, event_type: str, obj, user=None, job: str = "", channel: str | None = None,
                purpose: str | None = None) -> AccessEvent:
    """Insert one read of ``obj`` (a person or an object holding a person's data).

    ``user`` is the signed-in reader; an automated job passes ``job`` (its name) instead."""
    if user is None and not job:
        raise ValueError("a read is made by a user or by a named automated job")
    profile = staff_profile(user) if user is not None else None
    if channel is None:
        channel = Channel.AUTOMATED if user is None else Channel.STAFF if profile else Channel.CABINET
    role = profile.role if profile else ""
    person, registration = whose(obj)
    return AccessEvent.objects.create(
        event_type=event_type, channel=channel, purpose=purpose_for(event_type, role=role, channel=channel,
                                                                    purpose=purpose),
        user=user, job=job if user is None else "", role=role,
        organization=profile.organization if profile else None,
        person=person, registration=registration,
        object_kind=obj._meta.label_lower, object_id=str(obj.pk),
    )


def record_agency_read(*, obj, client_code: str, agency_name: str, agency_purpose: str) -> AccessEvent:
    """Insert one answer about a person given to another body (cbi/agencies): the body's
    name and its registered purpose are kept as they were when it asked."""
    person, registration = whose(obj)
    return AccessEvent.objects.create(
        event_type=EventType.AGENCY_STATUS, channel=Channel.AGENCY, purpose=Purpose.AGENCY_REQUEST,
        job=client_code, agency_name=agency_name[:255], agency_purpose=agency_purpose[:255],
        person=person, registration=registration, object_kind=obj._meta.label_lower, object_id=str(obj.pk),
    )


def retention_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)


def purge_expired(*, now: datetime | None = None) -> int:
    """Delete the reads older than the retention period (``ACCESS_LOG_RETENTION_DAYS``): the
    one deletion the log knows, run by ``manage.py purge_access_log``. The number deleted."""
    deleted, _ = AccessEvent.objects.filter(at__lt=retention_cutoff(now)).delete()
    return deleted
