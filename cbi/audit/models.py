"""Append-only records of who looked at what.

The access log is what a person will see as "who viewed my data". Rows are
only ever inserted (see services.record_access); nothing updates or deletes
them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    class Action(models.TextChoices):
        VIEW_RECORD = "view_record", _("opened the record")
        VIEW_HISTORY = "view_history", _("opened the change history")
        EDIT_RECORD = "edit_record", _("opened the record for editing")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who"))
    role = models.CharField(_("role"), max_length=32)
    organization = models.ForeignKey(
        "registry.Organization", null=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("office"),
    )
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "-at"], name="access_log_person")]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
