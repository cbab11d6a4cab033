"""Messages to a person in the cabinet (and by e-mail) — EC-APP-6."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Notification(models.Model):
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_to = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.subject


class ChannelPreference(models.Model):
    """How one cabinet account wants to be told: the cabinet always, e-mail and SMS as chosen.

    A phone number is used only after the account holder proved it is theirs with a code sent
    to it (``phone_verified_at``); the code itself is kept hashed and expires."""

    account = models.OneToOneField("accounts.CabinetAccount", on_delete=models.CASCADE,
                                   related_name="channel_preference")
    by_email = models.BooleanField(_("by e-mail"), default=True)
    by_sms = models.BooleanField(_("by SMS"), default=False)
    phone = models.CharField(_("phone number"), max_length=16, blank=True)
    phone_verified_at = models.DateTimeField(null=True, blank=True)
    # A number being verified: the hash of the code sent to it, when, and the wrong tries.
    pending_phone = models.CharField(max_length=16, blank=True)
    pending_code_hash = models.CharField(max_length=128, blank=True)
    pending_sent_at = models.DateTimeField(null=True, blank=True)
    pending_attempts = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["pending_code_hash", "pending_attempts", "updated_at"])

    class Meta:
        verbose_name = _("notification channels")
        verbose_name_plural = _("notification channels")

    @property
    def sms_ready(self) -> bool:
        return self.by_sms and bool(self.phone) and self.phone_verified_at is not None


class OutboundSms(models.Model):
    """One text message to send: the outbox the worker empties.

    ``key`` is unique: the same notification is never queued twice for the same number, and the
    provider receives it as an idempotency key, so a retry after a worker died mid-send cannot
    deliver the message twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        RETRYING = "retrying", _("will be retried")
        FAILED = "failed", _("not delivered")

    key = models.CharField(max_length=80, unique=True)
    account = models.ForeignKey("accounts.CabinetAccount", on_delete=models.CASCADE, related_name="sms_messages")
    notification = models.ForeignKey(Notification, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="sms_messages")
    phone = models.CharField(max_length=16)
    text = models.CharField(max_length=320)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error_code = models.CharField(max_length=20, blank=True)
    provider_message_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
