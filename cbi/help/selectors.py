"""Reads of the help app."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from .models import BarrierReport


def reports_for_staff() -> QuerySet[BarrierReport]:
    """New reports first, then those in progress, then resolved; newest first within each."""
    order = Case(
        When(status=BarrierReport.Status.NEW, then=Value(0)),
        When(status=BarrierReport.Status.IN_PROGRESS, then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )
    return BarrierReport.objects.annotate(status_order=order).order_by("status_order", "-created_at", "-id")


def report_history(report: BarrierReport) -> list:
    """Every saved version of the report, oldest first, with who changed it."""
    return list(report.history.select_related("history_user").order_by("history_date", "history_id"))
