"""Summary tables of the published statistics, refreshed by a background job.

Pages never scan the registry: they read these rows (a few hundred), which
``services.refresh_public_statistics`` recomputes at night (docs/statistics.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Refresh(models.Model):
    """One recomputation of the figures: when it ran and the twelve months it covers."""

    finished_at = models.DateTimeField(_("figures refreshed at"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))

    class Meta:
        ordering = ["-finished_at"]
        get_latest_by = "finished_at"


class WaitingTime(models.Model):
    """Days from the application to getting the product, for one product group in one region
    (``region`` empty: the whole country), over the twelve months before ``period_end``; and the
    same figure a year earlier for comparison."""

    refresh = models.ForeignKey(Refresh, on_delete=models.CASCADE, related_name="waiting_times")
    product_group = models.ForeignKey("catalogue.ProductGroup", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("organizations.Organization", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    cases = models.PositiveIntegerField()
    median_days = models.FloatField(null=True)
    p90_days = models.FloatField(null=True)
    cases_year_ago = models.PositiveIntegerField(default=0)
    median_days_year_ago = models.FloatField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["refresh", "product_group", "region"],
                                               name="one_waiting_time_per_cell")]


class QueueLength(models.Model):
    """How many people are in the car queue of one region and category (Resolution No. 999)."""

    refresh = models.ForeignKey(Refresh, on_delete=models.CASCADE, related_name="queue_lengths")
    region = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=20)
    length = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["refresh", "region", "category"],
                                               name="one_queue_length_per_cell")]


class DashboardFigure(models.Model):
    """One number of the staff dashboards (issue #15 §1), counted at the nightly refresh.

    Stored three times over: for each district office, for each regional department, and for the
    whole country (``organization`` empty), so that a dashboard reads a few hundred rows of its
    own scope and never scans the registry. ``measure`` names what is counted
    (``cbi/statistics/dashboard.py`` lists them), ``key``/``subkey`` the category (a disability
    group and an age band, a status, a ground for removal …), ``month`` the month of a flow
    (applications received, enrollments); stocks (persons, queue length) have no month."""

    class Level(models.TextChoices):
        OFFICE = "office", _("social protection office")
        REGION = "region", _("regional department")
        COUNTRY = "country", _("All of Ukraine")

    refresh = models.ForeignKey(Refresh, on_delete=models.CASCADE, related_name="dashboard_figures")
    level = models.CharField(max_length=8, choices=Level.choices)
    organization = models.ForeignKey("organizations.Organization", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="+")
    measure = models.CharField(max_length=32)
    key = models.CharField(max_length=64, blank=True)
    subkey = models.CharField(max_length=64, blank=True)
    month = models.DateField(null=True, blank=True)
    value = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["refresh", "level", "organization"], name="dashboard_scope")]
