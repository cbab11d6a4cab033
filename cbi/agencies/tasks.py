"""Background tasks of the agencies' app (django-tasks; workers: ``manage.py db_worker``).

Each is safe to run twice; services enqueue them by name (``cbi.web.jobs``)."""

from __future__ import annotations

from django_tasks import task

from cbi.web import jobs

from . import services


@jobs.register(services.NOTIFY_JOB)
@task()
def deliver_notice(notice_id: int) -> str:
    """POST one status notice to its client's callback; returns its status."""
    return services.deliver_notice(notice_id=notice_id)
