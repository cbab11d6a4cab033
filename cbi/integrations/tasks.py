"""Background tasks of the integrations app (django-tasks; workers: `manage.py db_worker`).

Arguments are JSON: ids as strings. Each task is safe to run twice. The services enqueue
``run_vehicle_check`` by its name (``cbi.web.jobs``), so they do not import this module.
"""

from __future__ import annotations

from django_tasks import task

from cbi.web import jobs

from . import services


@jobs.register("integrations.run_vehicle_check")
@task()
def run_vehicle_check(check_id: str) -> str:
    """Ask the vehicle register for one check; returns the check's new status."""
    return services.run_check(check_id).status


@task()
def recheck_persons(person_ids: list[str]) -> int:
    """Request a new vehicle register check for each person; returns how many were requested."""
    return len(services.recheck(person_ids))


@task()
def retry_waiting_vehicle_checks() -> int:
    """Enqueue the checks whose next attempt is due (and lost pending ones)."""
    return services.retry_waiting_checks()
