"""Reads of registry imports: an administrator sees the imports of their own organization."""

from __future__ import annotations

from django.db.models import QuerySet

from cbi.accounts.roles import staff_profile

from .models import ImportJob


def imports_visible_to(user) -> QuerySet[ImportJob]:
    profile = staff_profile(user)
    if profile is None:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(organization=profile.organization).select_related("created_by")
