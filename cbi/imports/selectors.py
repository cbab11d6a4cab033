"""Reads of registry imports: an administrator sees the imports of their own organization."""

from __future__ import annotations

from django.db.models import QuerySet

from cbi.organizations.scope import scope_of

from .models import ImportJob


def imports_visible_to(user) -> QuerySet[ImportJob]:
    organization = scope_of(user).organization
    if organization is None:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(organization=organization).select_related("created_by")
