"""Writes of audit records. Only inserts: the log is append-only."""

from __future__ import annotations

from cbi.accounts.roles import staff_profile

from .models import AccessLog


def record_access(*, user, person, action: str = AccessLog.Action.VIEW_RECORD) -> AccessLog:
    profile = staff_profile(user)
    return AccessLog.objects.create(
        user=user,
        role=profile.role if profile else "",
        organization=profile.organization if profile else None,
        person=person,
        action=action,
    )
