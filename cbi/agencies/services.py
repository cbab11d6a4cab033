"""Every write of the agencies' app: credentials, consents, subscriptions, notices.

Keyword-only and atomic. The API (``api.py``) and the cabinet (``views.py``) call these; a
status change in the registry reaches ``queue_status_notices`` through the registry's
``disability_status_changed`` signal (``receivers.py``), never by an import from the registry.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cbi.audit.services import record_agency_read
from cbi.common import outbox
from cbi.web import jobs

from . import channel, envelope, rules, selectors
from .keys import secret_digest
from .error_codes import AgenciesErrorCode
from .models import AgencyClient, AgencyCredential, AgencyPurpose, Consent, StatusNotice, Subscription

logger = logging.getLogger(__name__)

NOTIFY_JOB = "agencies.deliver_notice"


# --- credentials --------------------------------------------------------------------

@dataclass(frozen=True)
class IssuedCredential:
    credential: AgencyCredential
    token: str  # "<key_id>.<secret>": shown once, never stored


@transaction.atomic
def issue_credential(*, client: AgencyClient, days: int | None = None) -> IssuedCredential:
    """A new bearer key for ``client``, valid ``days`` (AGENCY_CREDENTIAL_DAYS by default).
    Only the secret's SHA-256 is stored: the secret is 256 random bits, so a fast hash is safe."""
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    credential = AgencyCredential.objects.create(
        client=client, key_id=key_id, secret_sha256=secret_digest(secret),
        expires_at=timezone.now() + timedelta(days=days or settings.AGENCY_CREDENTIAL_DAYS))
    return IssuedCredential(credential=credential, token=f"{key_id}.{secret}")


@transaction.atomic
def revoke_credential(*, credential: AgencyCredential) -> None:
    AgencyCredential.objects.filter(pk=credential.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def register_client(*, code: str, name: str, legal_basis: str, purposes: list[dict], xroad_client: str = "",
                    tls_client_fingerprint: str = "", callback_url: str = "",
                    rate_limit_per_minute: int = 60) -> AgencyClient:
    """Register (or update) a client and its purposes; purposes are matched by code. A
    registered ``xroad_client`` and ``tls_client_fingerprint`` are enforced (AG-CHAN-1, -2)."""
    client, _created = AgencyClient.objects.update_or_create(code=code, defaults={
        "name": name, "legal_basis": legal_basis, "xroad_client": xroad_client.strip(),
        "tls_client_fingerprint": channel.normalize_fingerprint(tls_client_fingerprint),
        "callback_url": callback_url, "rate_limit_per_minute": rate_limit_per_minute})
    if callback_url and not client.callback_secret:
        client.callback_secret = secrets.token_urlsafe(32)
        client.save(update_fields=["callback_secret"])
    for item in purposes:
        unknown = set(item.get("fields", [])) - set(rules.ALL_FIELDS)
        if unknown:
            raise ValueError(f"unknown fields {sorted(unknown)}; known: {rules.ALL_FIELDS}")
        AgencyPurpose.objects.update_or_create(client=client, code=item["code"], defaults={
            "name": item["name"], "legal_basis": item["legal_basis"], "fields": list(item["fields"]),
            "needs_consent": bool(item.get("needs_consent")), "valid_until": item.get("valid_until")})
    return client


# --- consent (AG-CONS-*) --------------------------------------------------------------

@transaction.atomic
def grant_consent(*, user, person, purpose: AgencyPurpose) -> Consent:
    """The person (or their representative, ``user``) consents to ``purpose``: in force at once."""
    if not purpose.needs_consent:
        raise ValidationError(_("This body may ask without your consent: the law allows it. There is nothing to "
                                "agree to."), code=AgenciesErrorCode.CONSENT_NOT_NEEDED.value)
    if Consent.objects.select_for_update().filter(person=person, purpose=purpose, withdrawn_at__isnull=True).exists():
        raise ValidationError(_("You have already given this consent. You can withdraw it on the same page."),
                              code=AgenciesErrorCode.CONSENT_ALREADY_GIVEN.value)
    consent = Consent(person=person, purpose=purpose, granted_by=user, valid_until=purpose.valid_until)
    consent._history_user = user
    consent.save()
    return consent


@transaction.atomic
def withdraw_consent(*, user, consent: Consent) -> Consent:
    """AG-CONS-3: withdrawn at once; the row stays (with its history), a query after this is refused."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent has already been withdrawn."),
                              code=AgenciesErrorCode.CONSENT_NOT_ACTIVE.value)
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = user
    consent._history_user = user
    consent.save()
    return consent


# --- answers: every one is a read of the person's data ------------------------------------

def answer_about(*, client: AgencyClient, purpose: AgencyPurpose, person) -> dict:
    """The record for ``purpose`` (AG-PURP-1), logged as a read in the one access log."""
    record = rules.answer_record(selectors.status_facts(person, fields=purpose.fields), fields=purpose.fields)
    record_agency_read(obj=person, client_code=client.code, agency_name=client.name, agency_purpose=purpose.name)
    return record


@transaction.atomic
def subscribe(*, client: AgencyClient, purpose: AgencyPurpose, person) -> Subscription:
    """One active subscription per purpose and person (subscribing again answers the same one)."""
    existing = Subscription.objects.filter(purpose=purpose, person=person, ended_at__isnull=True).first()
    if existing:
        return existing
    return Subscription.objects.create(client=client, purpose=purpose, person=person)


@transaction.atomic
def unsubscribe(*, subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk, ended_at__isnull=True).update(ended_at=timezone.now())


# --- notices ---------------------------------------------------------------------------

def queue_status_notices(*, person_id, change_key: str, subscribed_by: date | None = None) -> list[StatusNotice]:
    """After a change of the person's status: one notice per active subscription (made on or
    before ``subscribed_by``, when given), sent by the worker after the commit. ``change_key``
    names the change, so the same change never queues a second notice."""
    notices = []
    subscriptions = Subscription.objects.filter(person_id=person_id, ended_at__isnull=True)
    if subscribed_by is not None:
        subscriptions = subscriptions.filter(created_at__date__lte=subscribed_by)
    for subscription in subscriptions:
        notice, created = StatusNotice.objects.get_or_create(
            key=f"{subscription.code}:{change_key}",
            defaults={"subscription": subscription, "next_attempt_at": timezone.now()})
        if created:
            transaction.on_commit(lambda pk=notice.pk: jobs.get(NOTIFY_JOB).enqueue(pk))
            notices.append(notice)
    return notices


@transaction.atomic
def queue_lapse_notices(*, on: date | None = None) -> int:
    """AG-NOTE-1, the daily sweep (``manage.py agency_lapse_notices``, task
    ``agencies.tasks.queue_lapse_notices``): a notice for every status whose fixed term ran out
    by ``on`` (today by default), to the subscribers that subscribed while it was in force.
    The key names the status and its last day, so running it again (or a day later) queues
    nothing new, and a term extended and run out again is a new change. Returns how many
    notices it queued."""
    on = on or timezone.localdate()
    queued = 0
    for status_id, person_id, last_day in selectors.lapses_to_notify(on):
        queued += len(queue_status_notices(person_id=person_id, change_key=f"lapsed-{status_id}-{last_day.isoformat()}",
                                           subscribed_by=last_day))
    return queued


def sign_body(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def notice_body(notice: StatusNotice, record: dict) -> dict:
    """The DCI ``notify`` body (``NotifyEventRequest``) for one notice, in the one envelope."""
    subscription = notice.subscription
    return {
        "header": envelope.header(action="notify", receiver=subscription.client.code, message_id=str(notice.key)),
        "message": {"transaction_id": str(subscription.code), "notify_event": [{
            "reference_id": notice.key, "timestamp": envelope.now(), "locale": envelope.LOCALE,
            "data": envelope.registry_data(purpose=subscription.purpose, record=record, reg_event_type="update",
                                           subscription_code=str(subscription.code)),
        }]},
    }


def deliver_notice(*, notice_id: int) -> str:
    """POST one notice to the client's callback; returns its status. The row is locked while it
    is sent and a delivered notice is never sent again. The answer is built when it is sent, so
    a consent withdrawn meanwhile stops it (DROPPED) and the read is logged only when made."""
    with transaction.atomic():
        notice = (StatusNotice.objects.select_for_update().select_related("subscription__client",
                                                                         "subscription__purpose",
                                                                         "subscription__person")
                  .filter(pk=notice_id).first())
        if notice is None or notice.status in (StatusNotice.Status.DELIVERED, StatusNotice.Status.FAILED,
                                               StatusNotice.Status.DROPPED):
            return notice.status if notice else "missing"
        subscription = notice.subscription
        client, purpose, person = subscription.client, subscription.purpose, subscription.person
        if (subscription.ended_at or not client.active or not client.callback_url or not purpose.is_current()
                or not selectors.may_ask(purpose=purpose, person=person)):
            notice.status = StatusNotice.Status.DROPPED
            notice.next_attempt_at = None
            notice.save()
            return notice.status
        notice.attempts += 1
        record = rules.answer_record(selectors.status_facts(person, fields=purpose.fields), fields=purpose.fields)
        record["subscription_code"] = str(subscription.code)
        body = json.dumps(notice_body(notice, record), ensure_ascii=False).encode()
        request = urllib.request.Request(client.callback_url, data=body, method="POST", headers={
            "Content-Type": "application/json", "X-CBI-Signature": "sha256=" + sign_body(client.callback_secret, body),
            "X-CBI-Message-Id": notice.key})
        try:
            with urllib.request.urlopen(request, timeout=settings.AGENCY_NOTIFY_TIMEOUT_SECONDS) as response:
                ok = 200 <= response.status < 300
                error = "" if ok else f"http_{response.status}"
        except urllib.error.HTTPError as failure:
            ok, error = False, f"http_{failure.code}"
        except (urllib.error.URLError, OSError):
            ok, error = False, "unreachable"
        if ok:
            notice.status = StatusNotice.Status.DELIVERED
            notice.delivered_at = timezone.now()
            notice.next_attempt_at = None
            notice.last_error = ""
            record_agency_read(obj=person, client_code=client.code, agency_name=client.name,
                               agency_purpose=purpose.name)
        else:
            notice.last_error = error
            notice.next_attempt_at = outbox.next_attempt_at(
                attempts=notice.attempts, delays=settings.AGENCY_NOTIFY_RETRY_DELAYS, now=timezone.now())
            notice.status = (StatusNotice.Status.FAILED if notice.next_attempt_at is None
                             else StatusNotice.Status.RETRYING)
        notice.save()
    if notice.status == StatusNotice.Status.FAILED:
        logger.warning("agency notice %s to %s given up after %d attempts (%s)", notice.pk, client.code,
                       notice.attempts, notice.last_error)
    return notice.status


def retry_due_notices(*, now=None, limit: int = 500) -> dict[str, int]:
    """Send the notices whose next attempt is due (and queued ones a lost enqueue left behind)."""
    now = now or timezone.now()
    due = StatusNotice.objects.filter(status__in=[StatusNotice.Status.QUEUED, StatusNotice.Status.RETRYING],
                                      next_attempt_at__lte=now).order_by("next_attempt_at", "id")
    return outbox.send_due(due, lambda notice_id: deliver_notice(notice_id=notice_id), limit=limit)
