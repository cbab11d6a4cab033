"""Complaints: the person files one from the decision's page; the reviewing body decides it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cbi.accounts.decorators import staff_required
from cbi.accounts.roles import Capability
from cbi.audit.access import access_complaint
from cbi.cabinet.views import cabinet_required
from cbi.letters.registry import render_letter
from cbi.letters.responses import letter_response
from cbi.letters.appeals import review_term
from cbi.registry.marks import mark_persons
from cbi.documents import selectors as document_selectors
from cbi.documents import services as document_services
from cbi.documents import holding
from cbi.web import keep
from cbi.web.forms import Form, add_validation_error

from . import selectors, services
from .forms import ComplaintForm, DecideForm
from .models import Complaint
from .subjects import subject


#: The complaint form's held files (cbi.documents.models.HeldUpload.purpose).
HOLD_PURPOSE = "complaints.new"


def _letter_response(complaint: Complaint) -> HttpResponse:
    if complaint.status == Complaint.Status.FILED:
        raise Http404
    return letter_response(render_letter(kind="complaints.decision", subject=complaint),
                           filename=f"Рішення за скаргою {complaint.reference}.pdf")


# --- the cabinet ------------------------------------------------------------------------------


@cabinet_required
@never_cache
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, kind: str, subject_id: str) -> HttpResponse:
    subject_kind = subject(kind)
    record = subject_kind.for_cabinet(request.user, subject_id) if subject_kind else None
    decision = subject_kind.decision(record) if record is not None else None
    if decision is None:
        raise Http404
    existing = selectors.complaint_for_subject(kind, record.pk)
    if existing is not None:
        return redirect("complaints_cabinet:detail", pk=existing.pk)
    try:
        services.clean_complainable(decision, kind=kind, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(decision.cabinet_url)
    # A file that passed the check is held whatever else is wrong on the page, shown by name and
    # size with "Replace"/"Remove", and attached on the next valid submit: never chosen twice.
    here = reverse("complaints_cabinet:new", args=[kind, subject_id])
    hold = {"actor": request.user, "purpose": HOLD_PURPOSE, "subject": f"{kind}:{record.pk}"}
    pressed = holding.file_button_response(request, here, ComplaintForm.FILE_FIELDS, hold)
    if pressed is not None:
        return pressed
    form = ComplaintForm(request.POST or None, request.FILES or None, held=document_selectors.held_uploads(**hold),
                         replacing=holding.replacing_fields(request))
    valid = request.method == "POST" and form.is_valid()
    holding.hold_chosen_files(form, ComplaintForm.FILE_FIELDS, hold)
    if keep.switch_pressed(request):  # A−/A+, contrast or language without JavaScript: nothing is filed
        return holding.switch_back(request, here, form.errors)
    if valid:
        try:
            with transaction.atomic():
                complaint = services.file_complaint(
                    actor=request.user, kind=kind, decision=decision, reasons=form.cleaned_data["reasons"],
                    files=[document_services.held_file(held) for held in form.held_files()])
                document_services.discard_held(**hold)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Your complaint %(reference)s is filed. It must be decided by %(date)s.") % {
                "reference": complaint.reference, "date": complaint.due_on.strftime("%d.%m.%Y")})
            return redirect("complaints_cabinet:detail", pk=complaint.pk)
    return render(request, "complaints/new.html", {
        "form": form, "decision": decision, "last_day": services.last_day_to_complain(decision),
        "review_days": review_term().value,
    })


def _cabinet_complaint(request, pk) -> Complaint:
    complaint = selectors.complaints_for_cabinet(request.user).filter(pk=pk).first()
    if complaint is None:
        raise Http404
    return complaint


@cabinet_required
@never_cache
def detail(request: HttpRequest, pk) -> HttpResponse:
    complaint = _cabinet_complaint(request, pk)
    return render(request, "complaints/detail.html", {
        "complaint": complaint, "decision": selectors.decision_of(complaint),
        "documents": complaint.documents.all(), "staff": False,
    })


@cabinet_required
def letter(request: HttpRequest, pk) -> HttpResponse:
    return _letter_response(_cabinet_complaint(request, pk))


# --- the reviewing body -----------------------------------------------------------------------


class ListFilterForm(Form):
    status = forms.ChoiceField(label=gettext_lazy("Show"), required=False,
                               choices=[("", gettext_lazy("Not yet decided")), ("all", gettext_lazy("All"))])


@staff_required(Capability.REVIEW_COMPLAINTS)
def work_list(request: HttpRequest) -> HttpResponse:
    form = ListFilterForm(request.GET or None)
    complaints = selectors.complaints_to_review(request.user)
    if not (form.is_valid() and form.cleaned_data.get("status") == "all"):
        complaints = complaints.filter(status=Complaint.Status.FILED)
    complaints = list(complaints.order_by("due_on", "filed_at")[:200])
    mark_persons(request.user, [complaint.person for complaint in complaints])
    return render(request, "complaints/list.html", {
        "form": form, "complaints": complaints, "today": timezone.localdate(),
    })


@staff_required(Capability.REVIEW_COMPLAINTS)
@require_http_methods(["GET", "POST"])
def staff_detail(request: HttpRequest, pk) -> HttpResponse:
    complaint = access_complaint(request.user, pk)
    kind = subject(complaint.subject_kind)
    form = (DecideForm(request.POST or None, upheld_label=kind.upheld_label if kind else None)
            if complaint.status == Complaint.Status.FILED else None)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.decide_complaint(actor=request.user, complaint=complaint,
                                      upheld=form.cleaned_data["outcome"] == "upheld",
                                      reasons=form.cleaned_data["reasons"])
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The decision is recorded; the person is told and gets the letter."))
            return redirect("complaints_staff:detail", pk=complaint.pk)
    return render(request, "complaints/detail.html", {
        "complaint": complaint, "decision": selectors.decision_of(complaint), "form": form, "staff": True,
        "documents": complaint.documents.all(), "overdue": complaint.due_on < timezone.localdate(),
        "history": complaint.history.order_by("history_date"),
    })


@staff_required(Capability.REVIEW_COMPLAINTS)
def staff_letter(request: HttpRequest, pk) -> HttpResponse:
    return _letter_response(access_complaint(request.user, pk))
