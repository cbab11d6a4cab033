"""Reads of the queue decisions and the allocation of cars: which entries, decisions and
batches a staff member may see, and the region they decide for.

A regional officer sees their region's queue; an office sees the entries of its own people
in its region's queue; national bodies see every region.
"""

from __future__ import annotations

from django.db.models import QuerySet

from cbi.organizations.models import Organization
from cbi.organizations.scope import scope_of, scoped

from ..models import CarBatch, QueueDecision, QueueEntry


def region_of(user) -> Organization | None:
    """The regional department whose queue the user decides on (None for national bodies)."""
    return scope_of(user).region


def entries_visible_to(user) -> QuerySet[QueueEntry]:
    return scoped(QueueEntry.objects.select_related("person", "region"), user=user,
                  office_field="person__office", region_field="region")


def decisions_visible_to(user) -> QuerySet[QueueDecision]:
    return QueueDecision.objects.filter(entry__in=entries_visible_to(user)).select_related(
        "entry", "entry__person", "entry__region", "decided_by")


def decided_in_period(user, *, kind: str, rule_id: str = "", since=None, until=None) -> QuerySet[QueueDecision]:
    """Confirmed decisions of one kind (a removal, a car provided) in the user's scope, effective
    in the period: the list behind the dashboard's figures (the nightly refresh counts the same)."""
    decided = decisions_visible_to(user).filter(kind=kind, status=QueueDecision.Status.CONFIRMED)
    if rule_id:
        decided = decided.filter(rule_id=rule_id)
    if since is not None:
        decided = decided.filter(effective_on__gte=since)
    if until is not None:
        decided = decided.filter(effective_on__lte=until)
    return decided.order_by("-effective_on", "-pk")


def batches_visible_to(user) -> QuerySet[CarBatch]:
    return scoped(CarBatch.objects.select_related("region"), user=user, region_field="region")

