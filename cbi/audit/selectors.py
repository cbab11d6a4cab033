from __future__ import annotations

from django.db.models import QuerySet

from cbi.accounts.roles import staff_profile
from cbi.registry.selectors import organization_scope_q

from .models import AccessLog


def access_log_visible_to(user) -> QuerySet[AccessLog]:
    """Access log entries about persons in the auditor's scope."""
    profile = staff_profile(user)
    if profile is None:
        return AccessLog.objects.none()
    return AccessLog.objects.filter(
        organization_scope_q(profile.organization, prefix="person__")
    ).select_related("user", "person", "organization")


def access_log_for_person(person) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(person=person).select_related("user", "organization")
