"""Reads of the help app."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from cbi.common.history import HistoryEntry, history_entries

from .models import BarrierReport


def reports_for_staff() -> QuerySet[BarrierReport]:
    """New reports first, then those in progress, then resolved; newest first within each."""
    order = Case(
        When(status=BarrierReport.Status.NEW, then=Value(0)),
        When(status=BarrierReport.Status.IN_PROGRESS, then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )
    return BarrierReport.objects.annotate(status_order=order).order_by("status_order", "-created_at", "-id")


def report_history(report: BarrierReport) -> list[HistoryEntry]:
    """Every saved version of the report, oldest first, with who changed it."""
    return history_entries(report.history.all(), keep_unchanged=True, newest_first=False)
