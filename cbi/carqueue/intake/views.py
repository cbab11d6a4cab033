"""Car applications in the back office: registration, the record page with its workflow
steps, the letters (referrals, decision) and the deadline report. Thin views over
``selectors``, ``services`` and ``forms`` of this package.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from cbi.accounts.decorators import staff_required
from cbi.accounts.roles import Capability, has_capability
from cbi.audit.access import Purpose, access_car_application, access_person
from cbi.letters.registry import render_letter
from cbi.letters.responses import letter_response
from cbi.registry.marks import mark_persons
from cbi.registry.models import DisabilityStatus
from cbi.web.forms import add_validation_error

from .. import letters, workflow
from ..error_codes import CarqueueErrorCode
from ..facts import facts_for
from ..models import APPLICATION_STATUS_LABELS, ApplicationDeadline, CATEGORY_LABELS, CarApplication, OUTCOME_LABELS
from ..settings import selectors as settings_selectors
from . import selectors, services
from .forms import (
    ApplicationFilterForm, ApplicationForm, DecideForm, NoticeForm, ReferralsForm, RegisterAtRegionForm,
    SendToRegionForm, WithdrawForm,
)


@staff_required(Capability.REGISTER_CAR_APPLICATION)
@require_http_methods(["GET", "POST"])
def application_new(request: HttpRequest) -> HttpResponse:
    """Register a car application for a person of the officer's office (CQ-DOC-1)."""
    person = access_person(request.user, request.GET.get("person"), capability=Capability.REGISTER_CAR_APPLICATION,
                           purpose=Purpose.CAR_QUEUE, record=request.method == "GET")
    status = DisabilityStatus.objects.filter(person=person, ended_on__isnull=True).order_by("-established_on").first()
    if status is None:
        return render(request, "carqueue/application_new.html", {"person": person, "no_status": True}, status=200)
    form = ApplicationForm(request.POST or None, person=person, chornobyl=status.cause == "chornobyl", checklist=[])
    case = {"received_via": "in_person", "received_on": timezone.localdate(), "kind": "first"}
    if form.is_bound:
        valid = form.is_valid()
        case.update(form.application_data())
    else:
        valid = False
    draft = CarApplication(person=person, office=person.office, **case)
    try:
        facts = facts_for(person, draft)
    except Exception:  # an incomplete case (e.g. a replacement without its date): checklist of a first one
        facts = facts_for(person, CarApplication(
            person=person, office=person.office, received_on=case["received_on"],
            received_via=case["received_via"], kind="first"))
    checklist = selectors.checklist(facts)
    if valid and "register" in request.POST:
        try:
            application = services.register_application(
                actor=request.user, person=person, data=form.application_data(),
                presented=form.cleaned_data["documents"],
                missing_documents_reason=form.cleaned_data["missing_documents_reason"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The application is registered in the journal under No. %(number)s.")
                             % {"number": application.office_number})
            return redirect("carqueue:application_detail", pk=application.pk)
    form.set_checklist(checklist)
    return render(request, "carqueue/application_new.html", {
        "person": person, "status": status, "form": form, "checklist": checklist,
    })


ACTIONS = {
    "issue-referrals": {"to": (workflow.REFERRALS_ISSUED,), "form": ReferralsForm,
                        "title": gettext_lazy("Issue the referrals"), "button": gettext_lazy("Issue the referrals")},
    "record-notice": {"to": (workflow.FACILITY_NOTICE_RECEIVED,), "form": NoticeForm,
                      "title": gettext_lazy("Record the health facility's notice"), "button": gettext_lazy("Record the notice")},
    "send-to-region": {"to": (workflow.SENT_TO_REGION,), "form": SendToRegionForm,
                       "title": gettext_lazy("Send the documents to the regional department"),
                       "button": gettext_lazy("Send to the regional department")},
    "register-at-region": {"to": (workflow.REGISTERED_AT_REGION,), "form": RegisterAtRegionForm,
                           "title": gettext_lazy("Register in the regional journal"), "button": pgettext_lazy("action on an application", "Register")},
    "decide": {"to": (workflow.ENROLLED, workflow.REFUSED), "form": DecideForm,
               "title": gettext_lazy("Make the decision"), "button": gettext_lazy("Make the decision and send it")},
    "withdraw": {"to": (workflow.WITHDRAWN,), "form": WithdrawForm,
                 "title": gettext_lazy("Withdraw the application"), "button": gettext_lazy("Withdraw the application")},
}


def allowed_actions(user, application: CarApplication) -> list[tuple[str, str]]:
    role = services.role_for(user, application)
    if role is None:
        return []
    allowed = set(workflow.next_statuses(application.status, role))
    return [(slug, spec["title"]) for slug, spec in ACTIONS.items() if allowed & set(spec["to"])]


@staff_required(Capability.VIEW_CAR_APPLICATIONS)
def application_detail(request: HttpRequest, pk) -> HttpResponse:
    application = access_car_application(request.user, pk)
    today = timezone.localdate()
    deadlines = [{"deadline": d, "status": d.status(today), "label": ApplicationDeadline.Code(d.code).label}
                 for d in application.deadlines.all()]
    decision = application.decision or {}
    english = settings_selectors.english()
    return render(request, "carqueue/application_detail.html", {
        "application": application,
        "documents": [{"label": selectors.document_label(d.code), "presented": d.presented}
                      for d in selectors.application_documents(application)],
        "deadlines": deadlines,
        "events": [{"at": e.at, "by": e.by, "reason": e.reason,
                    "from_label": APPLICATION_STATUS_LABELS.get(e.from_status, ""),
                    "to_label": APPLICATION_STATUS_LABELS.get(e.to_status, e.to_status)}
                   for e in application.events.select_related("by")],
        "entries": selectors.application_journal(application),
        "actions": allowed_actions(request.user, application),
        "rules": [{"rule_id": r["rule_id"], "outcome": OUTCOME_LABELS[r["outcome"]], "citation": r["citation"],
                   "reason": r["reason_en"] if english else r["reason_uk"]}
                  for r in decision.get("applied_rules", [])],
        "category_label": CATEGORY_LABELS.get(application.category) if application.category else None,
    })


@staff_required(Capability.VIEW_CAR_APPLICATIONS)
@require_http_methods(["GET", "POST"])
def application_action(request: HttpRequest, pk, action: str) -> HttpResponse:
    """Every step behind a confirmation page: GET shows it, POST does it."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    application = access_car_application(request.user, pk, record=request.method == "GET")
    if action not in dict(allowed_actions(request.user, application)):
        raise PermissionDenied
    initial = {}
    if action == "register-at-region":
        initial["documents_received_on"] = application.documents_complete_on
    form = spec["form"](request.POST or None, initial=initial)
    preview = None
    if action == "decide":
        preview = selectors.preview_decision(application)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "issue-referrals":
                services.issue_referrals(actor=request.user, application=application, issued_on=data["issued_on"])
            elif action == "record-notice":
                services.record_notice(actor=request.user, application=application, **data)
            elif action == "send-to-region":
                services.send_to_region(actor=request.user, application=application, sent_on=data["sent_on"])
            elif action == "register-at-region":
                services.register_at_region(actor=request.user, application=application, **data)
            elif action == "decide":
                services.decide(actor=request.user, application=application, decided_on=data["decided_on"])
            else:
                services.withdraw(actor=request.user, application=application, **data)
        except ValidationError as error:
            add_validation_error(form, error)
        except workflow.TransitionNotAllowed:
            form.add_error(None, ValidationError(_(
                "This step is not possible now: someone else has just moved the application. "
                "Go back to the application and check its status."), code=CarqueueErrorCode.STEP_NOT_POSSIBLE.value))
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": spec["title"]})
            return redirect("carqueue:application_detail", pk=application.pk)
    english = settings_selectors.english()
    return render(request, "carqueue/application_action.html", {
        "application": application, "form": form, "spec": spec, "action": action,
        "preview": preview,
        "preview_rules": [{"rule_id": r.rule_id, "outcome": OUTCOME_LABELS[r.outcome.value],
                           "reason": r.reason_en if english else r.reason_uk}
                          for r in (preview.applied_rules if preview else [])],
        "preview_category": CATEGORY_LABELS.get(preview.category.value) if preview and preview.category else None,
    })


@staff_required(Capability.VIEW_CAR_APPLICATIONS)
def referral_pdf(request: HttpRequest, pk, which: str) -> HttpResponse:
    if which not in letters.REFERRAL_KINDS:
        raise Http404
    application = access_car_application(request.user, pk, require=lambda a: a.referrals_issued_on is not None)
    return letter_response(render_letter(kind="carqueue.referral", subject=application, which=which),
                           filename=f"referral-{which}-{application.office_number}.pdf", inline=True)


@staff_required(Capability.VIEW_CAR_APPLICATIONS)
def decision_pdf(request: HttpRequest, pk) -> HttpResponse:
    application = access_car_application(
        request.user, pk, require=lambda a: a.status in (workflow.ENROLLED, workflow.REFUSED))
    return letter_response(render_letter(kind="carqueue.decision", subject=application),
                           filename=f"decision-{application.office_number}.pdf", inline=True)


@staff_required(Capability.VIEW_CAR_APPLICATIONS)
def application_list(request: HttpRequest) -> HttpResponse:
    """The officers' work list: their office (regional officers: their region)."""
    form = ApplicationFilterForm(request.GET or None)
    status, overdue = "", False
    if form.is_bound and form.is_valid():
        status, overdue = form.cleaned_data["status"], form.cleaned_data["overdue"]
    today = timezone.localdate()
    applications = selectors.application_list(request.user, status=status, overdue_only=overdue, today=today)[:200]
    rows = []
    for application in applications:
        open_deadlines = sorted((d for d in application.deadlines.all() if d.done_on is None), key=lambda d: d.due_on)
        rows.append({"application": application, "next_due": open_deadlines[0] if open_deadlines else None,
                     "overdue": application.has_overdue and not application.is_final})
    due = selectors.due_and_overdue(request.user, today=today)
    mark_persons(request.user, [row["application"].person for row in rows]
                 + [d.application.person for d in (*due["overdue"], *due["due"])])
    return render(request, "carqueue/application_list.html", {
        "form": form, "rows": rows, "today": today, "due": due,
        "can_register": has_capability(request.user, Capability.REGISTER_CAR_APPLICATION),
    })


@staff_required(Capability.VIEW_CAR_APPLICATIONS)
def deadline_report(request: HttpRequest) -> HttpResponse:
    """Deadlines met and missed per office in the viewer's scope."""
    rows = selectors.deadline_report(request.user)
    totals = {key: sum(getattr(r, key) for r in rows) for key in ("met", "missed", "overdue", "pending", "total")}
    return render(request, "carqueue/deadline_report.html", {"rows": rows, "totals": totals,
                                                             "today": timezone.localdate()})
