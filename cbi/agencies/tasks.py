"""Background tasks of the agencies' app (django-tasks; workers: ``manage.py db_worker``).

Each is safe to run twice; services enqueue them by name (``cbi.web.jobs``)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from cbi.web import jobs

from . import services


@jobs.register(services.NOTIFY_JOB)
@task()
def deliver_notice(notice_id: int) -> str:
    """POST one status notice to its client's callback; returns its status."""
    return services.deliver_notice(notice_id=notice_id)


@task()
def queue_lapse_notices(today: str | None = None) -> int:
    """The daily sweep of statuses whose fixed term ran out (AG-NOTE-1); how many notices it queued."""
    return services.queue_lapse_notices(on=date.fromisoformat(today) if today else None)
