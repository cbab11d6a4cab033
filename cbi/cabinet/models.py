from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CorrectionRequest(models.Model):
    """"Report an error" in my data: goes to the person's social protection office."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        HANDLED = "handled", _("handled")

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="correction_requests")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # True when a legal representative filed it for the person.
    by_representative = models.BooleanField(default=False)
    text = models.TextField(_("what is wrong"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
