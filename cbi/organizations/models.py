"""The organizations of the social protection system (shared/domain/glossary.md).

The table is still ``registry_organization`` (the model moved here from ``cbi.registry``
without moving data: migrations ``organizations.0001`` and ``registry.0005``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Organization(models.Model):
    """Ministry, the Fund and its territorial branches, regional departments, district
    social protection offices, and the enterprises that make or supply assistive products."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministry")
        FUND = "fund", _("Fund for Social Protection of Persons with Disabilities")
        FUND_BRANCH = "fund_branch", _("territorial branch of the Fund for Social Protection of Persons with Disabilities")
        REGIONAL_DEPARTMENT = "regional_department", _("regional department")
        SOCIAL_PROTECTION_OFFICE = "social_protection_office", _("social protection office")
        #: An enterprise that makes or supplies assistive products (a provider in the catalogue,
        #: ``catalogue.Supplier.organization``); its users work on the electronic referrals
        #: addressed to it and see no person otherwise (scope.py: no scope).
        ENTERPRISE = "enterprise", _("enterprise that makes or supplies assistive products")

    # Kinds that see the whole country (scope.py).
    NATIONAL_KINDS = (Kind.MINISTRY, Kind.FUND)
    # Kinds that see one region (oblast): the regional department and the Fund's branch there.
    REGIONAL_KINDS = (Kind.REGIONAL_DEPARTMENT, Kind.FUND_BRANCH)

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    territory = models.ForeignKey("registry.Territory", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    address = models.CharField(max_length=255, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    history = HistoricalRecords(table_name="registry_historicalorganization")

    class Meta:
        db_table = "registry_organization"
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                name="office_has_regional_parent",
                condition=~Q(kind="social_protection_office") | Q(parent__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.kind in self.NATIONAL_KINDS

    @property
    def is_regional(self) -> bool:
        return self.kind in self.REGIONAL_KINDS
