"""The background scan for suspected duplicates (django-tasks; workers: `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from cbi.registry.models import Organization
from cbi.web import jobs

from . import services


@jobs.register(services.SCAN_JOB)
@task()
def scan_duplicates(organization_id: int | None = None) -> int:
    """Scan one organization's scope (None: the whole registry); safe to run twice."""
    organization = Organization.objects.filter(pk=organization_id).first() if organization_id else None
    return services.scan(organization=organization)
