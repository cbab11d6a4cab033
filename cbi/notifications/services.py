"""Notify a person: a message in the cabinet and an e-mail to every cabinet
account that may act for them (themselves and their representatives)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from cbi.web.links import absolute_url

from .models import Notification


def recipients(person) -> list[str]:
    from cbi.accounts.models import CabinetAccount

    accounts = CabinetAccount.objects.filter(email_confirmed_at__isnull=False).filter(
        person=person
    ) | CabinetAccount.objects.filter(
        email_confirmed_at__isnull=False, representations__person=person, representations__ended_at__isnull=True
    )
    return sorted({a.user.email for a in accounts.select_related("user") if a.user.email})


@transaction.atomic
def notify(*, person, subject: str, body: str, link: str = "") -> Notification:
    emails = recipients(person)
    notification = Notification.objects.create(person=person, subject=subject, body=body, link=link,
                                               emailed_to=len(emails))
    if emails:
        # The cabinet shows ``link`` as a path; an e-mail needs the whole address (SITE_URL).
        text = body + (f"\n\n{absolute_url(link)}" if link else "")
        transaction.on_commit(lambda: send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, emails))
    return notification


def mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
