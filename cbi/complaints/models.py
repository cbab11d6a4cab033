"""A complaint against a decision (administrative appeal): filed by the person or their
representative from the decision's page, reviewed by the body the law names (docs/complaints.md)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Complaint(models.Model):
    class Status(models.TextChoices):
        FILED = "filed", _("under review")
        UPHELD = "upheld", _("upheld: the decision is cancelled")
        REJECTED = "rejected", _("not upheld: the decision stays")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    # What is complained about: a kind of decision (``subjects.SUBJECTS``) and its record's id.
    subject_kind = models.CharField(max_length=32)
    subject_id = models.CharField(max_length=36)
    subject_reference = models.CharField(_("decision"), max_length=40)
    decided_on = models.DateField(_("date of the decision"))
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="complaints",
                               verbose_name=_("person"))
    reviewing_body = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="complaints",
                                       verbose_name=_("reviewed by"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    due_on = models.DateField(_("to be decided by"))
    reasons = models.TextField(_("why the person disagrees"))
    documents = models.ManyToManyField("documents.Document", blank=True, related_name="complaints")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.FILED, db_index=True)
    outcome_reasons = models.TextField(_("reasons for the outcome"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "filed_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [models.UniqueConstraint(fields=["subject_kind", "subject_id"], name="one_complaint_per_decision")]

    def __str__(self) -> str:
        return self.reference
