"""The background import of a big file (django-tasks; workers: `manage.py db_worker`).

The upload service enqueues it by name (``cbi.web.jobs``) once the job's row is committed."""

from __future__ import annotations

from django_tasks import task

from cbi.web import jobs

from . import services


@jobs.register("imports.run_import")
@task()
def run_import(job_id: str) -> str:
    """Run one uploaded import; safe to run twice (a finished job is left alone)."""
    return services.run_job(job_id).status
