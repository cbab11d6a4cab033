"""Background tasks of primary registration (django-tasks; workers: `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def purge_primary_drafts() -> dict[str, int]:
    """Delete expired drafts and their files (safe to run twice)."""
    from . import drafts

    return drafts.purge_expired()
