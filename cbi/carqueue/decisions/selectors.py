"""Reads of the queue decisions and the allocation of cars: which entries, decisions and
batches a staff member may see, and the region they decide for.

A regional officer sees their region's queue; an office sees the entries of its own people
in its region's queue; national bodies see every region.
"""

from __future__ import annotations

from django.db.models import QuerySet

from cbi.accounts.roles import staff_profile
from cbi.registry.models import Organization

from ..models import CarBatch, QueueDecision, QueueEntry


def _organization(user) -> Organization | None:
    profile = staff_profile(user)
    return profile.organization if profile else None


def region_of(user) -> Organization | None:
    """The regional department whose queue the user decides on (None for national bodies)."""
    org = _organization(user)
    if org is None or org.is_national:
        return None
    if org.kind == Organization.Kind.REGIONAL_DEPARTMENT:
        return org
    return org.parent


def entries_visible_to(user) -> QuerySet[QueueEntry]:
    org = _organization(user)
    qs = QueueEntry.objects.select_related("person", "region")
    if org is None:
        return qs.none()
    if org.is_national:
        return qs
    if org.kind == Organization.Kind.REGIONAL_DEPARTMENT:
        return qs.filter(region=org)
    return qs.filter(region=org.parent, person__office=org)


def decisions_visible_to(user) -> QuerySet[QueueDecision]:
    return QueueDecision.objects.filter(entry__in=entries_visible_to(user)).select_related(
        "entry", "entry__person", "entry__region", "decided_by")


def batches_visible_to(user) -> QuerySet[CarBatch]:
    org = _organization(user)
    if org is None:
        return CarBatch.objects.none()
    if org.is_national:
        return CarBatch.objects.select_related("region")
    return CarBatch.objects.filter(region=region_of(user)).select_related("region")
