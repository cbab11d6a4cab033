"""Notify a person: a message in the cabinet, and to every cabinet account that may act for them
(themselves and their representatives) an e-mail and a text message, as each account chose
(docs/notifications.md).

SMS go through an outbox (``OutboundSms``): ``notify`` queues one row per account and number in
the same transaction as the notification, and the worker sends it after the commit
(``deliver_sms``). A message the provider did not accept is retried on ``SMS_RETRY_DELAYS``;
a message is never sent twice (a row lock, its status, and its key given to the provider)."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cbi.common import outbox
from cbi.web import jobs
from cbi.web.links import absolute_url

from .error_codes import NotificationsErrorCode
from .models import ChannelPreference, Notification, OutboundSms
from .sms import SmsError, mask_phone, normalize_phone, send_sms

logger = logging.getLogger("cbi.notifications")

#: Codes of a provider's answer that another try cannot change.
PERMANENT_SMS_ERRORS = {NotificationsErrorCode.SMS_BAD_NUMBER.value, NotificationsErrorCode.SMS_REJECTED.value,
                        NotificationsErrorCode.SMS_NOT_CONFIGURED.value}
SMS_SUBJECT_CHARACTERS = 60


def _accounts_for(person):
    from cbi.accounts.models import CabinetAccount

    own = CabinetAccount.objects.filter(person=person)
    represented = CabinetAccount.objects.filter(representations__person=person, representations__ended_at__isnull=True)
    return (own | represented).distinct().select_related("user", "channel_preference")


def _preference(account) -> ChannelPreference | None:
    try:
        return account.channel_preference
    except ChannelPreference.DoesNotExist:
        return None


def recipients(person) -> list[str]:
    """The confirmed e-mail addresses of the accounts that act for ``person`` and keep e-mail on."""
    emails = set()
    for account in _accounts_for(person):
        preference = _preference(account)
        if account.email_confirmed_at and account.user.email and (preference is None or preference.by_email):
            emails.add(account.user.email)
    return sorted(emails)


def sms_recipients(person) -> list[tuple[object, str]]:
    """(account, verified number) for the accounts that act for ``person`` and chose SMS."""
    found = []
    for account in _accounts_for(person):
        preference = _preference(account)
        if preference is not None and preference.sms_ready:
            found.append((account, preference.phone))
    return found


def sms_text(*, subject: str, link: str) -> str:
    """Short plain Ukrainian: that there is news, what it is about, and the link last (a phone
    would take punctuation after it as part of the address)."""
    if len(subject) > SMS_SUBJECT_CHARACTERS:
        subject = subject[: SMS_SUBJECT_CHARACTERS - 1].rstrip() + "…"
    with translation.override(settings.LANGUAGE_CODE):
        return _("ЦБІ: a new message in your cabinet — %(subject)s. Read it here: %(url)s") % {
            "subject": subject, "url": link}


@transaction.atomic
def notify(*, person, subject: str, body: str, link: str = "") -> Notification:
    emails = recipients(person)
    phones = sms_recipients(person)
    notification = Notification.objects.create(person=person, subject=subject, body=body, link=link,
                                               emailed_to=len(emails))
    if emails:
        # The cabinet shows ``link`` as a path; an e-mail needs the whole address (SITE_URL).
        text = body + (f"\n\n{absolute_url(link)}" if link else "")
        transaction.on_commit(lambda: send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, emails))
    if phones:
        url = absolute_url(reverse("cabinet:notification", args=[notification.pk]))
        text = sms_text(subject=subject, link=url)
        for account, phone in phones:
            queue_sms(account=account, phone=phone, text=text, key=f"notification-{notification.pk}-{account.pk}",
                      notification=notification)
    return notification


def queue_sms(*, account, phone: str, text: str, key: str, notification: Notification | None = None) -> OutboundSms:
    """Put a message in the outbox and have the worker send it after the commit; the same key
    queues nothing new."""
    message, created = OutboundSms.objects.get_or_create(
        key=key, defaults={"account": account, "phone": phone, "text": text, "notification": notification,
                           "next_attempt_at": timezone.now()})
    if created:
        transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id: int) -> None:
    jobs.get("notifications.send_sms").enqueue(message_id)


def deliver_sms(*, message_id: int) -> str:
    """Send one queued message; returns its status. Safe to run twice and concurrently: the row
    is locked while it is sent, and a sent message is never sent again."""
    with transaction.atomic():
        message = OutboundSms.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status in (OutboundSms.Status.SENT, OutboundSms.Status.FAILED):
            return message.status if message else "missing"
        message.attempts += 1
        try:
            message.provider_message_id = send_sms(to=message.phone, text=message.text, idempotency_key=message.key)
        except SmsError as error:
            message.last_error_code = error.code
            retry_at = None if error.code in PERMANENT_SMS_ERRORS else outbox.next_attempt_at(
                attempts=message.attempts, delays=settings.SMS_RETRY_DELAYS, now=timezone.now())
            message.status = OutboundSms.Status.FAILED if retry_at is None else OutboundSms.Status.RETRYING
            message.next_attempt_at = retry_at
        else:
            message.status = OutboundSms.Status.SENT
            message.sent_at = timezone.now()
            message.last_error_code = ""
            message.next_attempt_at = None
        message.save()
    if message.status == OutboundSms.Status.FAILED:
        logger.warning("SMS %s to %s given up after %d attempts (%s)", message.pk, mask_phone(message.phone),
                       message.attempts, message.last_error_code)
    return message.status


def retry_due_sms(*, now=None, limit: int = 500) -> dict[str, int]:
    """Send the messages whose next attempt is due (queued ones a lost enqueue left behind too)."""
    now = now or timezone.now()
    due = OutboundSms.objects.filter(status__in=[OutboundSms.Status.QUEUED, OutboundSms.Status.RETRYING],
                                     next_attempt_at__lte=now).order_by("next_attempt_at", "id")
    return outbox.send_due(due, lambda message_id: deliver_sms(message_id=message_id), limit=limit)


# --- the account holder's choice of channels ------------------------------------------

def preference_of(account) -> ChannelPreference:
    preference, _created = ChannelPreference.objects.get_or_create(account=account)
    return preference


@transaction.atomic
def set_channels(*, account, by_email: bool, by_sms: bool) -> ChannelPreference:
    """Turn e-mail and SMS on or off. SMS needs a verified number first."""
    preference = ChannelPreference.objects.select_for_update().get(pk=preference_of(account).pk)
    if by_sms and not (preference.phone and preference.phone_verified_at):
        raise ValidationError(_("Add and confirm your phone number before you turn on SMS."),
                              code=NotificationsErrorCode.PHONE_NOT_VERIFIED.value)
    preference.by_email = by_email
    preference.by_sms = by_sms
    preference.save()
    return preference


def start_phone_verification(*, account, phone: str) -> ChannelPreference:
    """Send a six-digit code to ``phone``; the number is used once the code comes back."""
    try:
        number = normalize_phone(phone)
    except ValueError:
        raise ValidationError(_("Enter a phone number like 067 123 45 67 or +380 67 123 45 67."),
                              code=NotificationsErrorCode.SMS_BAD_NUMBER.value) from None
    plain = f"{secrets.randbelow(10 ** 6):06d}"
    with transaction.atomic():
        preference = ChannelPreference.objects.select_for_update().get(pk=preference_of(account).pk)
        preference.pending_phone = number
        preference.pending_code_hash = make_password(plain)
        preference.pending_sent_at = timezone.now()
        preference.pending_attempts = 0
        preference.save()
    with translation.override(settings.LANGUAGE_CODE):
        text = _("ЦБІ: your code to confirm this phone number is %(code)s. It works for %(minutes)d minutes. "
                 "If you did not ask for it, ignore this message.") % {
            "code": plain, "minutes": settings.PHONE_CODE_MINUTES}
    try:
        send_sms(to=number, text=text)
    except SmsError as error:
        raise ValidationError(_("We could not send a text message to this number now. Check the number or try "
                                "again later."), code=NotificationsErrorCode.SMS_NOT_SENT.value) from error
    return preference


def confirm_phone(*, account, code: str) -> ChannelPreference:
    """Check the code; the number becomes the account's and SMS is turned on. A wrong try is
    counted (and kept: the error is raised after the commit)."""
    with transaction.atomic():
        preference = ChannelPreference.objects.select_for_update().get(pk=preference_of(account).pk)
        refusal = _check_phone_code(preference, code)
        if refusal is None:
            preference.phone = preference.pending_phone
            preference.phone_verified_at = timezone.now()
            preference.by_sms = True
            preference.pending_phone = ""
            preference.pending_code_hash = ""
            preference.pending_attempts = 0
        preference.save()
    if refusal is not None:
        raise refusal
    return preference


def _check_phone_code(preference: ChannelPreference, code: str) -> ValidationError | None:
    if not preference.pending_phone or not preference.pending_code_hash:
        return ValidationError(_("Ask for a code first: enter your phone number and press “Send code”."),
                               code=NotificationsErrorCode.PHONE_CODE_NOT_ASKED.value)
    expired = preference.pending_sent_at + timedelta(minutes=settings.PHONE_CODE_MINUTES) < timezone.now()
    if expired or preference.pending_attempts >= settings.PHONE_CODE_MAX_ATTEMPTS:
        preference.pending_code_hash = ""
        return ValidationError(_("This code no longer works. Ask for a new code."),
                               code=NotificationsErrorCode.PHONE_CODE_EXPIRED.value)
    if not check_password("".join((code or "").split()), preference.pending_code_hash):
        preference.pending_attempts += 1
        return ValidationError(_("The code is not right. Check the six digits in the message and enter them again."),
                               code=NotificationsErrorCode.PHONE_CODE_WRONG.value)
    return None


@transaction.atomic
def remove_phone(*, account) -> ChannelPreference:
    preference = ChannelPreference.objects.select_for_update().get(pk=preference_of(account).pk)
    preference.phone = ""
    preference.phone_verified_at = None
    preference.by_sms = False
    preference.pending_phone = ""
    preference.pending_code_hash = ""
    preference.save()
    return preference


def mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
