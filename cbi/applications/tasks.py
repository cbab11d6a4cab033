"""Background tasks for assistive products (django-tasks; workers: `manage.py db_worker`).

Arguments are JSON; each task is safe to run twice.
"""

from __future__ import annotations

from datetime import date

from django_tasks import task


@task()
def applications_reminders(today: str | None = None) -> dict[str, int]:
    """EC-APP-2: tell each person once that a product they have may now be replaced."""
    from . import services

    return {"sent": services.send_replacement_reminders(date.fromisoformat(today) if today else None)}
