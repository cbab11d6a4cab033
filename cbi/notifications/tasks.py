"""Background tasks of notifications (django-tasks; workers: `manage.py db_worker`).

Arguments are JSON; each task is safe to run twice. The services enqueue them by name
(``cbi.web.jobs``), so this module imports the services and never the other way round."""

from __future__ import annotations

from django_tasks import task

from cbi.web import jobs

from . import services

SEND_SMS = "notifications.send_sms"


@jobs.register(SEND_SMS)
@task()
def send_sms_message(message_id: int) -> str:
    """Send one message of the SMS outbox; returns its status."""
    return services.deliver_sms(message_id=message_id)
