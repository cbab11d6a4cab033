"""An import started from the back office: the uploaded file, where it stands, the report."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("running")
        DONE = "done", _("finished")
        STOPPED = "stopped", _("stopped: a batch was rolled back")
        FAILED = "failed", _("the file could not be read")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to="imports/%Y/%m/")
    file_name = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    resume_from = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)
    report = models.FileField(upload_to="imports/reports/%Y/%m/", blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.STOPPED, self.Status.FAILED)
