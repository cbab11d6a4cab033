"""Staff dashboards (issue #15 §1–2): figures of the staff member's scope, charts with their
tables, CSV and XLSX downloads. Figures come from the nightly summary rows (dashboard_selectors);
no person's data is shown, so nothing is written to the access log."""

from __future__ import annotations

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import ngettext

from cbi.accounts.decorators import staff_required
from cbi.accounts.roles import Capability

from . import dashboard_selectors
from .forms import DashboardFilterForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _board(request: HttpRequest):
    scope = dashboard_selectors.dashboard_scope(request.user)
    if scope is None:
        raise PermissionDenied
    form = DashboardFilterForm(request.GET or None, regions=scope.regions)
    period, region = 12, ""
    if form.is_bound and form.is_valid():
        period = form.cleaned_data["period"] or 12
        region = form.cleaned_data.get("region") or ""
    board = dashboard_selectors.dashboard(request.user, region_code=region, period=period)
    query = urlencode({k: v for k, v in {"period": period, "region": region}.items() if v})
    return form, board, query


def _suppressed_text() -> str:
    n = dashboard_selectors.min_cell()
    return ngettext("fewer than %(count)s", "fewer than %(count)s", n) % {"count": n}


@staff_required(Capability.VIEW_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    form, board, query = _board(request)
    return render(request, "statistics/dashboard.html", {
        "form": form, "board": board, "query": query, "min_cell": dashboard_selectors.min_cell()})


@staff_required(Capability.VIEW_DASHBOARD)
def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """One table of the dashboard as CSV (UTF-8 with BOM) or XLSX, with the same cells hidden."""
    _form, board, _query = _board(request)
    table = board.table(slug)
    if table is None or fmt not in ("csv", "xlsx"):
        raise Http404
    hidden = _suppressed_text()
    lines = [["", *table.columns]] + [
        [row.label, *[hidden if cell.hidden else cell.value for cell in row.cells]] for row in table.rows]
    filename = f"dashboard-{slug}"
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")
        csv.writer(out, lineterminator="\r\n").writerows(lines)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = slug[:31]
        sheet.append([table.title])
        for line in lines:
            sheet.append(line)
        body = io.BytesIO()
        book.save(body)
        response = HttpResponse(body.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
