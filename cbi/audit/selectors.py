"""Reads of the access log: the auditors' page and the person's "who viewed my data"."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cbi.accounts.models import Role
from cbi.organizations.scope import scope_of

from .models import AccessEvent


def access_log_visible_to(user) -> QuerySet[AccessEvent]:
    """Reads of the data of persons (and applications for registration) in the auditor's scope."""
    scope = scope_of(user)
    person_q = scope.q(office_field="person__office")
    if person_q is None:
        return AccessEvent.objects.none()
    return AccessEvent.objects.filter(person_q | scope.q(office_field="registration__office")).select_related(
        "user", "person", "registration", "organization")


def reads_by_others(person, *, date_from: date | None = None, date_to: date | None = None) -> QuerySet[AccessEvent]:
    """Every read of the person's data by staff and automated jobs, newest first: the reads of
    their record, files and applications, and of their application for registration before
    they were in ЦБІ. The person's own reads (and their representative's), made in the
    cabinet, are left out. Dates are Kyiv dates, both ends included."""
    events = AccessEvent.objects.filter(Q(person=person) | Q(registration__person=person)).exclude(
        channel=AccessEvent.Channel.CABINET)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events.select_related("organization")


def officer_reference(user_id: int) -> str:
    """A stable pseudonymous reference of an officer ("3F9A-1C2B"), shown to persons instead
    of the officer's name; the office finds the officer by it on its access-log page. Derived
    from SECRET_KEY: it stays the same while the key does (docs/security.md)."""
    digest = salted_hmac("cbi.audit.officer_reference", str(user_id)).hexdigest()[:8].upper()
    return f"{digest[:4]}-{digest[4:]}"


def role_label(role: str) -> str:
    return Role(role).label if role in Role.values else ""


JOB_LABELS = {
    "vehicle_register_check": gettext_lazy(
        "the check in the vehicle register for the car queue (Resolution No. 999, item 5)"),
    "car_queue_sweep": gettext_lazy(
        "the daily check of the places in the car queue against the grounds for removal (Resolution No. 999)"),
}


def describe_read(event: AccessEvent) -> dict:
    """One read as the person sees it: when (Kyiv time), which body, who — the officer's
    role and pseudonymous reference, never the name (docs/security.md) — what and why."""
    if event.channel == AccessEvent.Channel.AGENCY:
        return {
            "at": timezone.localtime(event.at),
            "organization": event.agency_name,
            "who": _("Request of another body through the state exchange system"),
            "what": event.get_event_type_display(),
            "purpose": event.agency_purpose,
            "automated": True,
        }
    if event.channel == AccessEvent.Channel.AUTOMATED:
        who = _("Automated job: %(job)s") % {"job": JOB_LABELS.get(event.job, event.job)}
    else:
        who = _("%(role)s No. %(reference)s") % {
            "role": str(role_label(event.role) or _("officer")).capitalize(),
            "reference": officer_reference(event.user_id)}
    return {
        "at": timezone.localtime(event.at),
        "organization": event.organization.name if event.organization_id else _("ЦБІ, automatically"),
        "who": who,
        "what": event.get_event_type_display(),
        "purpose": event.get_purpose_display(),
        "automated": event.channel == AccessEvent.Channel.AUTOMATED,
    }
