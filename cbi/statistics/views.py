"""Public statistics: waiting times for assistive products, the car queue's length, open data.

No sign-in; nobody's personal data: every figure comes from selectors, which suppress small
counts (docs/statistics.md)."""

from __future__ import annotations

import csv
import io
import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cbi.catalogue.models import ProductGroup
from cbi.organizations.models import Organization

from . import selectors
from .forms import WaitingTimeForm

DATASETS = {
    "waiting-times": selectors.waiting_time_records,
    "car-queue-length": selectors.queue_length_records,
}


def _days(value: float | None) -> int | None:
    """Whole days, halves rounded up (a median of 93.5 days reads "94")."""
    return None if value is None else int(value + 0.5)


def waiting_times(request: HttpRequest) -> HttpResponse:
    refresh = selectors.latest_refresh()
    form = WaitingTimeForm(request.GET or None, refresh=refresh)
    context = {"form": form, "refresh": refresh, "min_cell": selectors.min_cell()}
    if refresh is not None and form.is_valid() and form.cleaned_data["group"]:
        group = ProductGroup.objects.get(iso_code=form.cleaned_data["group"])
        region = (Organization.objects.select_related("territory").get(code=form.cleaned_data["region"])
                  if form.cleaned_data["region"] else None)
        table = selectors.waiting_table(refresh, group)
        cell = table.for_region(region)
        context.update({
            "group": group, "region": region,
            "region_name": selectors.region_name(region) if region else None,
            "cell": cell, "median": _days(cell.median_days), "p90": _days(cell.p90_days),
            "change": _days(abs(cell.change_days)) if cell.change_days is not None else None,
            "shorter": cell.change_days is not None and cell.change_days < 0,
            "rows": [(c, selectors.region_name(c.region), _days(c.median_days), _days(c.p90_days))
                     for c in table.regions if c.cases],
            "country": (table.country, _days(table.country.median_days), _days(table.country.p90_days)),
        })
    return render(request, "statistics/waiting_times.html", context)


def car_queue(request: HttpRequest) -> HttpResponse:
    refresh = selectors.latest_refresh()
    rows = []
    if refresh is not None:
        rows = [(selectors.region_name(row.region) if row.region else None, row.cells)
                for row in selectors.queue_table(refresh)]
    return render(request, "statistics/car_queue.html", {
        "refresh": refresh, "rows": rows, "categories": selectors.CATEGORIES, "min_cell": selectors.min_cell()})


def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "statistics/open_data.html", {
        "refresh": selectors.latest_refresh(), "min_cell": selectors.min_cell()})


def dataset(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    """One dataset at a stable address: ``/open-data/<name>.csv`` or ``.json``."""
    if name not in DATASETS or fmt not in ("csv", "json"):
        raise Http404
    refresh = selectors.latest_refresh()
    records = DATASETS[name](refresh) if refresh is not None else []
    if fmt == "json":
        body = json.dumps({
            "dataset": name,
            "refreshed_at": refresh.finished_at.isoformat() if refresh else None,
            "licence": "CC BY 4.0",
            "records": records,
        }, ensure_ascii=False, indent=1)
        return HttpResponse(body, content_type="application/json; charset=utf-8")
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read the Cyrillic as UTF-8
    if records:
        writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\r\n")
        writer.writeheader()
        for record in records:
            writer.writerow({key: "" if value is None else value for key, value in record.items()})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
