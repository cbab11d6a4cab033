"""The registry import for a regional administrator: upload, summary, report, template."""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cbi.accounts.decorators import staff_required
from cbi.accounts.roles import Capability, has_capability
from cbi.web.forms import add_validation_error

from . import columns, selectors, services
from .forms import UploadForm


@staff_required(Capability.IMPORT_REGISTRY)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_import(actor=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            return redirect("imports:job", pk=job.pk)
    return render(request, "imports/upload.html", {
        "form": form, "jobs": selectors.imports_visible_to(request.user)[:20],
        "columns": columns.COLUMNS, "max_mb": services.MAX_UPLOAD_BYTES // (1024 * 1024),
    })


@staff_required(Capability.IMPORT_REGISTRY)
def template(request: HttpRequest) -> HttpResponse:
    rows = columns.template_rows()
    if request.GET.get("format") == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Реєстр"
        for values in rows:
            sheet.append(values)
        stream = io.BytesIO()
        workbook.save(stream)
        response = HttpResponse(stream.getvalue(), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        response["Content-Disposition"] = 'attachment; filename="cbi-import-template.xlsx"'
        return response
    stream = io.StringIO()
    csv.writer(stream, delimiter=";").writerows(rows)
    response = HttpResponse(("\ufeff" + stream.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cbi-import-template.csv"'
    return response


@staff_required(Capability.IMPORT_REGISTRY)
def job(request: HttpRequest, pk) -> HttpResponse:
    found = get_object_or_404(selectors.imports_visible_to(request.user), pk=pk)
    counts = [(services.outcome_label(key), found.counts.get(key, 0)) for key in services.Outcome.ALL]
    return render(request, "imports/job.html", {
        "job": found, "counts": counts, "duplicates": found.counts.get(services.Outcome.DUPLICATE, 0),
        "can_check_duplicates": has_capability(request.user, Capability.MERGE_DUPLICATES)})


@staff_required(Capability.IMPORT_REGISTRY)
def report(request: HttpRequest, pk) -> HttpResponse:
    found = get_object_or_404(selectors.imports_visible_to(request.user), pk=pk)
    if not found.report:
        raise Http404
    return FileResponse(found.report.open("rb"), as_attachment=True, filename=f"{found.file_name}.report.csv",
                        content_type="text/csv; charset=utf-8")
