"""How an authorization code reaches the person (EC-CODE-1): the paper receipt always, and
as the person asks, a large-print receipt, an e-mail or an SMS.

The plain code lives only in the request that issues it and in what is delivered. It is
never stored in a model (the code's record keeps an HMAC), never logged, and the delivery
records (``CodeDelivery``) keep the channel, the masked destination and the outcome only.
(One older exception, left to the work on PDFs: the PDF receipt is downloaded by a second
request, so ``cabinet.staff_views`` keeps the code in the officer's session until that one
download — see docs/cabinet.md, "Known gaps".)

What happens when a send fails: the code is issued and committed *before* anything is sent
(so nobody receives a code that does not exist), each channel is tried once and its outcome
recorded; a failed e-mail or SMS leaves the code valid, and the officer is told on the same
page, which still shows the code and offers the receipts to print. If the person cannot take
a printed receipt, the officer issues a new code with another channel: the new code cancels
the one that was never delivered. Nothing sends again silently.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cbi.notifications.sms import SmsError, mask_phone, send_sms

from cbi.accounts import codes
from cbi.accounts.models import AuthorizationCode, CodeDelivery

logger = logging.getLogger("cbi.accounts.code_delivery")

Channel = CodeDelivery.Channel
Outcome = CodeDelivery.Outcome


def mask_email(address: str) -> str:
    """``olena.petrenko@ukr.net`` → ``o***o@ukr.net``."""
    local, _at, domain = (address or "").partition("@")
    if not domain:
        return "***"
    shown = local[:1] + "***" + (local[-1] if len(local) > 2 else "")
    return f"{shown}@{domain}"


def _valid_until(record: AuthorizationCode) -> str:
    return f"{timezone.localtime(record.expires_at):%d.%m.%Y}"


def sms_text(*, record: AuthorizationCode, plain: str, cabinet_url: str) -> str:
    """Short plain Ukrainian: what the code is for, how long it works, what to do if the person
    did not ask for it, and where to use it — the link last, so that no punctuation after it
    is taken by a phone as part of the address."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "Code to register in the electronic cabinet of ЦБІ: %(code)s. It works once, until %(date)s. "
            "If you did not ask for a code, do not use it and call your social protection office. Register here: %(url)s"
        ) % {"code": plain, "date": _valid_until(record), "url": cabinet_url}


def email_message(*, record: AuthorizationCode, plain: str, cabinet_url: str) -> tuple[str, str]:
    """Subject and body of the e-mail with the code."""
    office = record.issued_by.staff_profile.organization
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your code for the electronic cabinet of ЦБІ")
        paragraphs = [
            _("Good day!"),
            _("Here is your authorization code to register in the electronic cabinet of ЦБІ "
              "(the centralized data bank on disability):"),
            f"    {plain}",
            _("The code was issued by %(office)s at your request. It works once, until %(date)s.")
            % {"office": office.name, "date": _valid_until(record)},
            _("How to register: open this page, type the code and your date of birth (a legal representative "
              "types the date of birth of the person they represent), then choose a login and a password:"),
            f"    {cabinet_url}",
            _("Do not tell the code to anyone. Officers of social protection never ask for it."),
            _("If you did not ask for a code, do not use it and tell your social protection office")
            + (f": {office.phone}." if office.phone else "."),
        ]
    return subject, "\n\n".join(paragraphs) + "\n"


def _record(*, record, actor, channel, outcome, destination="", failure="") -> CodeDelivery:
    delivery = CodeDelivery(code=record, person=record.person, channel=channel, outcome=outcome,
                            destination=destination, failure=failure, by=actor)
    delivery._history_user = actor
    delivery.full_clean(exclude=["code", "person", "by"])
    delivery.save()
    return delivery


def deliver_by_email(*, actor, record, plain: str, to: str, cabinet_url: str) -> CodeDelivery:
    subject, body = email_message(record=record, plain=plain, cabinet_url=cabinet_url)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    except Exception as error:  # noqa: BLE001 — any failure is told to the officer; only its type is logged
        if not isinstance(error, (smtplib.SMTPException, OSError)):
            logger.error("E-mail backend failed unexpectedly: %s", type(error).__name__)
        logger.warning("E-mail with an authorization code to %s not sent: %s", mask_email(to), type(error).__name__)
        return _record(record=record, actor=actor, channel=Channel.EMAIL, outcome=Outcome.FAILED,
                       destination=mask_email(to), failure="smtp")
    return _record(record=record, actor=actor, channel=Channel.EMAIL, outcome=Outcome.SENT, destination=mask_email(to))


def deliver_by_sms(*, actor, record, plain: str, to: str, cabinet_url: str) -> CodeDelivery:
    try:
        send_sms(to=to, text=sms_text(record=record, plain=plain, cabinet_url=cabinet_url))
    except SmsError as error:
        return _record(record=record, actor=actor, channel=Channel.SMS, outcome=Outcome.FAILED,
                       destination=mask_phone(to), failure=error.code[:40])
    except Exception as error:  # noqa: BLE001 — a broken backend must not leave the officer with a 500
        # Only the type: a library's message could quote the text, and the text has the code.
        logger.error("SMS backend failed unexpectedly: %s", type(error).__name__)
        return _record(record=record, actor=actor, channel=Channel.SMS, outcome=Outcome.FAILED,
                       destination=mask_phone(to), failure="error")
    return _record(record=record, actor=actor, channel=Channel.SMS, outcome=Outcome.SENT, destination=mask_phone(to))


def issue_and_deliver(*, actor, person, representative=None, channels=(), email: str = "", phone: str = "",
                      cabinet_url: str) -> tuple[AuthorizationCode, str, list[CodeDelivery]]:
    """Issue a code (revoking the holder's older one) and deliver it by every chosen channel.

    Returns the code's record, the plain code (for the officer's page and the receipts of
    this request only) and one delivery record per channel, failed ones included."""
    record, plain = codes.issue(actor=actor, person=person, representative=representative)
    deliveries = [_record(record=record, actor=actor, channel=Channel.RECEIPT, outcome=Outcome.PRINTED)]
    if Channel.LARGE_PRINT in channels:
        deliveries.append(_record(record=record, actor=actor, channel=Channel.LARGE_PRINT, outcome=Outcome.PRINTED))
    if Channel.EMAIL in channels and email:
        deliveries.append(deliver_by_email(actor=actor, record=record, plain=plain, to=email, cabinet_url=cabinet_url))
    if Channel.SMS in channels and phone:
        deliveries.append(deliver_by_sms(actor=actor, record=record, plain=plain, to=phone, cabinet_url=cabinet_url))
    return record, plain, deliveries
