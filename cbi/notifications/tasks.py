"""Background tasks of notifications (django-tasks; workers: `manage.py db_worker`).

Arguments are JSON; each task is safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def send_sms_message(message_id: int) -> str:
    """Send one message of the SMS outbox; returns its status."""
    from .services import deliver_sms

    return deliver_sms(message_id=message_id)
