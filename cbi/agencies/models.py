"""Other agencies that ask ЦБІ about a person's disability status (issue #17 §1, §2).

- ``AgencyClient`` — a registered body (a pension or tax authority, a transport operator, a
  municipality): its name, legal basis, Трембіта/X-Road subsystem id and client certificate
  (each enforced when registered), callback and rate limit.
- ``AgencyPurpose`` — what the client may ask for and why: the fields it may get, whether the
  person's consent is needed, the legal basis quoted in every answer, until when.
- ``AgencyCredential`` — a bearer key: only its SHA-256 is stored; the secret is shown once.
- ``Consent`` — the person's consent to a purpose; granted and withdrawn, never deleted
  (django-simple-history keeps every change).
- ``AgencyRequest`` — one API request: which client, its exchange headers and message id, the
  outcome. No personal data (the read itself is an ``audit.AccessEvent``).
- ``Subscription`` / ``StatusNotice`` — the asynchronous side: a client subscribed to a
  person; a status change queues one notice per subscription, delivered by the worker.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AgencyField(models.TextChoices):
    """What a purpose may be answered (each field of the status answer)."""
    ESTABLISHED = "established", _("whether a disability is established")
    GROUP_CAUSE = "group_cause", _("the disability group and its cause")
    PERIOD = "period", _("from when and until when")
    CAR_QUEUE = "car_queue", _("whether the person is in the car queue (Resolution No. 999)")


class AgencyClient(models.Model):
    code = models.SlugField(_("client id"), max_length=64, unique=True)
    name = models.CharField(_("agency"), max_length=255)
    legal_basis = models.TextField(_("legal basis of the exchange"))
    xroad_client = models.CharField(
        _("Трембіта / X-Road client"), max_length=255, blank=True,
        help_text=_("INSTANCE/CLASS/MEMBER/SUBSYSTEM the security server sends; when set, a request with another "
                    "or none is refused; empty: not checked"))
    tls_client_fingerprint = models.CharField(
        _("client certificate fingerprint"), max_length=200, blank=True,
        help_text=_("Hex fingerprint of the client's TLS certificate, as the TLS-terminating proxy passes it; when "
                    "set, a request without that certificate is refused; empty: not checked"))
    callback_url = models.URLField(_("callback for notifications"), blank=True)
    callback_secret = models.CharField(_("key that signs notifications"), max_length=128, blank=True)
    rate_limit_per_minute = models.PositiveIntegerField(_("requests a minute"), default=60)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency client")
        verbose_name_plural = _("agency clients")

    def __str__(self) -> str:
        return self.name


class AgencyPurpose(models.Model):
    client = models.ForeignKey(AgencyClient, on_delete=models.PROTECT, related_name="purposes")
    code = models.SlugField(_("purpose code"), max_length=64)
    name = models.CharField(_("purpose"), max_length=255)
    legal_basis = models.TextField(_("legal basis"))
    fields = models.JSONField(_("fields it may get"), default=list)
    needs_consent = models.BooleanField(_("needs the person's consent"), default=False)
    valid_until = models.DateField(_("may ask until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["client__name", "name"]
        constraints = [models.UniqueConstraint(fields=["client", "code"], name="agency_purpose_unique")]
        verbose_name = _("agency purpose")
        verbose_name_plural = _("agency purposes")

    def __str__(self) -> str:
        return f"{self.client.name}: {self.name}"

    @property
    def field_labels(self) -> list[str]:
        return [str(AgencyField(f).label) for f in self.fields if f in AgencyField.values]

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.valid_until is None or on <= self.valid_until


class AgencyCredential(models.Model):
    client = models.ForeignKey(AgencyClient, on_delete=models.PROTECT, related_name="credentials")
    key_id = models.CharField(max_length=32, unique=True)
    secret_sha256 = models.CharField(max_length=64)
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agency credential")
        verbose_name_plural = _("agency credentials")


class Consent(models.Model):
    """A person's consent to one purpose of one agency. A withdrawal sets ``withdrawn_at``;
    a new consent after a withdrawal is a new row. Rows are never deleted."""
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="agency_consents")
    purpose = models.ForeignKey(AgencyPurpose, on_delete=models.PROTECT, related_name="consents")
    granted_at = models.DateTimeField(_("given on"), default=timezone.now)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "purpose"], condition=Q(withdrawn_at__isnull=True),
                                    name="agency_consent_one_active"),
        ]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def delete(self, *args, **kwargs):
        raise ValueError("consents are withdrawn, never deleted")

    def is_active(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.withdrawn_at is None and (self.valid_until is None or on <= self.valid_until)


class AgencyRequest(models.Model):
    """One request of a client: exchange headers and outcome. No personal data here."""
    at = models.DateTimeField(default=timezone.now, db_index=True)
    client = models.ForeignKey(AgencyClient, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=32)
    message_id = models.CharField(max_length=128, blank=True)
    exchange_client = models.CharField(max_length=255, blank=True)
    exchange_message_id = models.CharField(max_length=128, blank=True)
    status = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=32)


class Subscription(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(AgencyClient, on_delete=models.PROTECT, related_name="subscriptions")
    purpose = models.ForeignKey(AgencyPurpose, on_delete=models.PROTECT, related_name="subscriptions")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="agency_subscriptions")
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["purpose", "person"], condition=Q(ended_at__isnull=True),
                                    name="agency_subscription_one_active"),
        ]


class StatusNotice(models.Model):
    """One notification to a client's callback; ``key`` makes it once only."""
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RETRYING = "retrying", _("retrying")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")
        DROPPED = "dropped", _("not sent: the purpose or consent no longer allows it")

    key = models.CharField(max_length=128, unique=True)
    subscription = models.ForeignKey(Subscription, on_delete=models.PROTECT, related_name="notices")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=64, blank=True)
