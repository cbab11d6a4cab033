"""Reports of accessibility barriers, sent from the accessibility statement.

Anyone may send one without an account; nothing personal is required. The
administrators read them, change the status and keep notes; every change is
kept in the history (django-simple-history).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AssistiveTechnology(models.TextChoices):
    SCREEN_READER = "screen_reader", _("Screen reader")
    MAGNIFIER = "magnifier", _("Screen magnifier or zoom")
    VOICE_CONTROL = "voice_control", _("Voice control")
    KEYBOARD_ONLY = "keyboard_only", _("Keyboard only, no mouse")
    SWITCH = "switch", _("Switch device")
    OTHER = "other", _("Something else, or none")


class BarrierReport(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        RESOLVED = "resolved", _("resolved")

    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    page = models.CharField(_("page address"), max_length=500, blank=True)
    description = models.TextField(_("what went wrong"))
    assistive_technology = models.CharField(_("assistive technology"), max_length=20, blank=True,
                                            choices=AssistiveTechnology.choices)
    email = models.EmailField(_("e-mail for the answer"), blank=True)
    language = models.CharField(max_length=8, default="uk")
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    admin_notes = models.TextField(_("notes of the administrators"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("last changed by"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("accessibility barrier report")
        verbose_name_plural = _("accessibility barrier reports")
        constraints = [
            models.CheckConstraint(name="barrier_report_status_valid",
                                   condition=models.Q(status__in=["new", "in_progress", "resolved"])),
        ]

    def __str__(self) -> str:
        return self.reference
