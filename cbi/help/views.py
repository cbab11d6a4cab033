"""Help pages (plain language, easy read), the accessibility statement, the
barrier report form and the administrators' pages for the reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cbi.accounts.decorators import staff_required
from cbi.accounts.roles import Capability
from cbi.carqueue.rules import terms

from . import selectors, services
from .forms import BarrierReportForm, ReportStatusForm, page_path
from .models import BarrierReport

SESSION_REPORT = "help_barrier_report"


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "help/index.html")


def car(request: HttpRequest) -> HttpResponse:
    return render(request, "help/car.html", {"terms": terms.values()})


def products(request: HttpRequest) -> HttpResponse:
    return render(request, "help/products.html")


def statement(request: HttpRequest) -> HttpResponse:
    return render(request, "help/statement.html")


def _client(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


@never_cache
def report(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = BarrierReportForm(request.POST, request=request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.submit_report(
                    page=data["page"], description=data["description"],
                    assistive_technology=data["assistive_technology"], email=data["email"],
                    language=get_language() or "uk", client=_client(request),
                )
            except services.TooManyReports as refused:
                form.add_error(None, ValidationError(refused.message, code=refused.code))
                status = 429
            else:
                request.session[SESSION_REPORT] = saved.pk
                return redirect("help:report_sent")
    else:
        form = BarrierReportForm(request=request, initial={"page": page_path(request, request.GET.get("page"))})
    return render(request, "help/report.html", {"form": form}, status=status)


@never_cache
def report_sent(request: HttpRequest) -> HttpResponse:
    pk = request.session.get(SESSION_REPORT)
    saved = BarrierReport.objects.filter(pk=pk).first() if pk else None
    if saved is None:
        return redirect("help:report")
    return render(request, "help/report_sent.html", {"report": saved})


# --- Administrators -------------------------------------------------------------------

@staff_required(Capability.HANDLE_BARRIER_REPORTS)
def staff_report_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.reports_for_staff(), 50).get_page(request.GET.get("page"))
    return render(request, "help/staff/report_list.html", {"page": page})


@staff_required(Capability.HANDLE_BARRIER_REPORTS)
def staff_report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    barrier = get_object_or_404(BarrierReport, pk=pk)
    form = ReportStatusForm(request.POST or None, report=barrier)
    if request.method == "POST" and form.is_valid():
        services.change_status(actor=request.user, report=barrier, status=form.cleaned_data["status"],
                               note=form.cleaned_data["note"])
        messages.success(request, _("The report is updated."))
        return redirect("help:staff_report_detail", pk=barrier.pk)
    return render(request, "help/staff/report_detail.html", {
        "report": barrier, "form": form, "history": selectors.report_history(barrier),
    })
