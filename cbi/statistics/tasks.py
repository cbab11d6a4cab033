"""Background job: the nightly refresh of the published statistics (django-tasks)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from cbi.web import jobs


@jobs.register("statistics.refresh")
@task()
def refresh_statistics(today: str | None = None) -> str:
    """Recompute the published figures; returns the date they run to. Safe to run twice."""
    from . import services

    refresh = services.refresh_public_statistics(today=date.fromisoformat(today) if today else None)
    return refresh.period_end.isoformat()
