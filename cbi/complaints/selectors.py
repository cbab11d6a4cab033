"""Reading complaints: the person's own, and the reviewing body's work list."""

from __future__ import annotations

from django.db.models import QuerySet

from cbi.accounts.roles import Capability, has_capability
from cbi.organizations.scope import scope_of
from cbi.registry.selectors import persons_user_may_act_for

from .models import Complaint
from .subjects import Decision, subject


def complaints_to_review(user) -> QuerySet[Complaint]:
    """The complaints addressed to the user's own body (a regional department reviews the
    complaints about its district offices' decisions); none without the capability."""
    scope = scope_of(user)
    if not has_capability(user, Capability.REVIEW_COMPLAINTS) or scope.organization is None:
        return Complaint.objects.none()
    return (Complaint.objects.filter(reviewing_body=scope.organization)
            .select_related("person", "reviewing_body"))


def complaints_for_cabinet(user) -> QuerySet[Complaint]:
    return Complaint.objects.filter(person__in=persons_user_may_act_for(user).values("pk")).select_related(
        "person", "reviewing_body")


def complaint_for_subject(kind: str, subject_id) -> Complaint | None:
    return Complaint.objects.filter(subject_kind=kind, subject_id=str(subject_id)).first()


def decision_of(complaint: Complaint) -> Decision | None:
    kind = subject(complaint.subject_kind)
    record = kind.by_id(complaint.subject_id) if kind else None
    return kind.decision(record) if record is not None else None


def open_complaint_deadlines(user) -> QuerySet[Complaint]:
    """The complaints the user's body must still decide, the nearest deadline first (the
    deadline monitor; the work list shows the same with the decided ones on request)."""
    return complaints_to_review(user).filter(status=Complaint.Status.FILED).order_by("due_on", "filed_at")[:50]
