"""Staff accounts: one role, scoped to one organization.

Roles and what they may do are an explicit table in ``roles.py`` (no numeric
permission codes); the scope of a role is the organization's subtree.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.contrib.auth import get_user_model
from simple_history import register
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    DISTRICT_OFFICER = "district_officer", _("district officer")
    REGIONAL_OFFICER = "regional_officer", _("regional officer")
    ADMINISTRATOR = "administrator", _("administrator")
    AUDITOR = "auditor", _("auditor")


class StaffProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organization = models.ForeignKey(
        "registry.Organization", on_delete=models.PROTECT, related_name="staff",
        verbose_name=_("organization"),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        constraints = [
            # Only the roles of the table in roles.py; which organization kind
            # fits which role is checked in services.create_staff_member.
            models.CheckConstraint(name="staff_role_valid", condition=models.Q(role__in=[r.value for r in Role])),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.username} — {self.get_role_display()}, {self.organization}"


# Who activated, deactivated or renamed an account is kept too (never the password hash).
register(get_user_model(), app=__package__, excluded_fields=["password", "last_login"],
         table_name="accounts_historicaluser")
