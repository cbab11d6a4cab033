"""Back-office pages for assistive-product applications (EC-APP-1..8): the office's work
list, an application with its files and history, every step of the lifecycle behind a
confirmation page, paper applications, products received earlier, the decision letter and
the survey aggregates. Thin views over ``services``, ``selectors`` and ``workflow``.

District officers act on their office's applications; regional officers and auditors read
their scope. A step the officer may not take now is refused with a message, nothing changed.
"""

from __future__ import annotations


from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cbi.accounts.decorators import staff_required
from cbi.accounts.roles import Capability, has_capability
from cbi.audit.access import Purpose, access_person, access_product_application
from cbi.documents import selectors as document_selectors
from cbi.documents import holding
from cbi.web import keep
from cbi.documents import services as document_services
from cbi.letters.registry import render_letter
from cbi.registry.marks import mark_persons
from cbi.registry.selectors import persons_visible_to
from cbi.web.forms import add_validation_error

from .letters import right_step

from . import kinds, norms, referral_flow, right, selectors, services, workflow
from .error_codes import ApplicationsErrorCode
from .models import ACTION_LABELS, STATUS_LABELS, ApplicationDocument, ProductApplication, RightEvent, Survey
from .staff_forms import (ActionForm, IssuedProductForm, PaperApplicationForm, ReferralIssueForm, ReferralReasonForm,
                          RightEventForm, RightLiftForm, WorkListFilterForm)

PAGE_SIZE = 50
#: The paper application's held scans (cbi.documents.models.HeldUpload.purpose).
PAPER_PURPOSE = "applications.paper"
ROLE_LABELS = {workflow.PERSON: gettext_lazy("the person or their representative"),
               workflow.DISTRICT_OFFICER: gettext_lazy("officer of the social protection office"),
               workflow.FUND_BRANCH: gettext_lazy("officer of the territorial branch of the Fund"),
               workflow.ENTERPRISE: gettext_lazy("the enterprise"),
               workflow.COMPLAINT_BODY: gettext_lazy("the body that reviewed the complaint")}


class Incomplete(Exception):
    """The paper application misses answers; the messages are already on the form."""


def available_steps(user, application: ProductApplication) -> dict[str, tuple[str, workflow.Transition]]:
    """action → (target status, table row) for the steps ``user`` may take now."""
    role = services.role_for(user, application)
    if role is None:
        return {}
    steps = {}
    for to in workflow.next_statuses(application.kind, application.status, role):
        rule = workflow.TRANSITIONS[(application.status, to)]
        if role == workflow.FUND_BRANCH and rule.action not in (workflow.APPROVE, workflow.REFUSE):
            continue  # the branch starts the fulfilment by issuing a referral (referral_new)
        steps.setdefault(rule.action, (to, rule))
    return steps


def _act_url_name(user, application) -> str:
    """The branch of the Fund takes its steps (decisions) through its own route."""
    if services.role_for(user, application) == workflow.FUND_BRANCH:
        return "applications_staff:branch_act"
    return "applications_staff:act"


@staff_required(Capability.VIEW_PRODUCT_APPLICATIONS)
def work_list(request: HttpRequest) -> HttpResponse:
    form = WorkListFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    items = selectors.work_list(request.user, status=filters.get("status", ""), kind=filters.get("kind", ""),
                                overdue=bool(filters.get("overdue")), office=filters.get("office"))
    items = items.select_related("related_application__product", "related_application__issued_product__product")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    mark_persons(request.user, [a.person for a in page.object_list])
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "applications/staff/work_list.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "can_process": has_capability(request.user, Capability.PROCESS_PRODUCT_APPLICATION),
    })


def _replacement_check(application: ProductApplication):
    if application.profile.checks_service_life and application.issued_product_id:
        return norms.replacement_check_for_application(application)
    return None


@staff_required(Capability.VIEW_PRODUCT_APPLICATIONS)
def detail(request: HttpRequest, pk) -> HttpResponse:
    application = access_product_application(request.user, pk)
    steps = available_steps(request.user, application)
    brought = (ApplicationDocument.objects.filter(added_with=application).select_related("document", "application")
               if application.profile.updates_documents else [])
    return render(request, "applications/staff/detail.html", {
        "application": application,
        "kind_label": application.profile.label,
        "status_label": STATUS_LABELS[application.status],
        "product": application.the_product,
        "files": selectors.files_with_versions(application),
        "brought": brought,
        "updates": application.document_updates.exclude(status=workflow.DRAFT).order_by("submitted_at"),
        "events": [{"event": e, "role": ROLE_LABELS.get(e.role, e.role)} for e in application.events.select_related("by")],
        "steps": [(action, ACTION_LABELS[action]) for action in steps],
        "check": _replacement_check(application),
        "approved": application.events.filter(action=workflow.APPROVE).exists(),
        "survey": Survey.objects.filter(application=application).first(),
        "can_see_person": persons_visible_to(request.user).filter(pk=application.person_id).exists(),
        "right_step": right_step(application),
        "act_url": _act_url_name(request.user, application),
        **_referral_context(request.user, application),
    })


def _referral_context(user, application: ProductApplication) -> dict:
    """The application's referrals with their steps, and what the branch may do with them now."""
    referrals = list(application.referrals.select_related("enterprise", "branch", "delivery_act")
                     .prefetch_related("events__by"))
    is_branch = (has_capability(user, Capability.ISSUE_REFERRAL)
                 and services.role_for(user, application) == workflow.FUND_BRANCH)
    return {
        "referrals": referrals,
        "may_issue_referral": is_branch and application.kind in workflow.REFERRAL_KINDS
        and application.status in (workflow.APPROVED, workflow.IN_FULFILMENT)
        and not any(r.is_open for r in referrals),
        "may_cancel_referral": is_branch,
        "referral_role_labels": ROLE_LABELS,
    }


def _step_refused(request, application) -> HttpResponse:
    messages.error(request, _("This step is not possible for the application now: its status is “%(status)s”. "
                              "Choose one of the steps offered on the application's page.")
                   % {"status": STATUS_LABELS[application.status]})
    return redirect("applications_staff:detail", pk=application.pk)


@staff_required(Capability.PROCESS_PRODUCT_APPLICATION)
@require_http_methods(["GET", "POST"])
def act(request: HttpRequest, pk, action: str) -> HttpResponse:
    """One step of the lifecycle: GET shows the confirmation, POST takes the step."""
    return _act(request, pk, action, Capability.PROCESS_PRODUCT_APPLICATION)


@staff_required(Capability.DECIDE_PRODUCT_APPLICATION)
@require_http_methods(["GET", "POST"])
def branch_act(request: HttpRequest, pk, action: str) -> HttpResponse:
    """The territorial branch of the Fund decides a forwarded application (approve or refuse):
    the same confirmation and the same letters as every step."""
    return _act(request, pk, action, Capability.DECIDE_PRODUCT_APPLICATION)


def _act(request: HttpRequest, pk, action: str, capability: Capability) -> HttpResponse:
    if action not in ACTION_LABELS:
        raise Http404
    application = access_product_application(request.user, pk, capability=capability,
                                             record=request.method == "GET")
    steps = available_steps(request.user, application)
    if action not in steps:
        return _step_refused(request, application)
    to, rule = steps[action]
    form = ActionForm(request.POST or None, application=application, action=action, rule=rule,
                      suppliers=selectors.suppliers_for(application) if action == workflow.START_FULFILMENT else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if action in (workflow.APPROVE, workflow.REFUSE):
                services.decide(actor=request.user, application=application, approve=action == workflow.APPROVE,
                                reasons=data["reason"], approved_amount=data.get("approved_amount"))
            else:
                changes = {"supplier": data["supplier"]} if data.get("supplier") else None
                services.move(actor=request.user, application=application, to=to, reason=data["reason"],
                              changes=changes)
        except workflow.TransitionNotAllowed:
            application.refresh_from_db()
            return _step_refused(request, application)
        except workflow.ReasonRequired:
            form.add_error("reason", ValidationError(form.fields["reason"].error_messages["required"],
                                                     code=ApplicationsErrorCode.REASON_REQUIRED.value))
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Done: %(step)s. The application is now “%(status)s”.")
                             % {"step": ACTION_LABELS[action], "status": STATUS_LABELS[to]})
            return redirect("applications_staff:detail", pk=application.pk)
    return render(request, "applications/staff/act.html", {
        "application": application, "form": form, "action": action, "title": ACTION_LABELS[action],
        "act_url": _act_url_name(request.user, application),
        "to_label": STATUS_LABELS[to], "status_label": STATUS_LABELS[application.status],
        "kind_label": application.profile.label, "product": application.the_product,
        # The replacement term (EC-APP-2) where it is weighed: the office forwarding, the branch deciding.
        "check": (_replacement_check(application)
                  if action in (workflow.APPROVE, workflow.REFUSE, workflow.FORWARD) else None),
        "notifies": rule.action in workflow.NOTIFY_ACTIONS,
    })


@staff_required(Capability.VIEW_PRODUCT_APPLICATIONS)
def decision_pdf(request: HttpRequest, pk) -> HttpResponse:
    application = access_product_application(request.user, pk, require=lambda a: a.is_decided)
    response = HttpResponse(render_letter(kind=application.profile.letter, subject=application),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="decision-{application.pk}.pdf"'
    return response


def _person(request, person_id):
    return access_person(request.user, person_id, capability=Capability.PROCESS_PRODUCT_APPLICATION,
                         purpose=Purpose.ASSISTIVE_PRODUCTS, record=request.method == "GET")


@staff_required(Capability.PROCESS_PRODUCT_APPLICATION)
@require_http_methods(["GET", "POST"])
def paper_new(request: HttpRequest, person_id) -> HttpResponse:
    """An application handed in on paper, entered on one page: saved and submitted at once,
    or nothing saved at all. A scan that passes the check is held for the officer whatever else
    is wrong on the page (shown by name and size with "Replace"/"Remove") and used on the next
    valid submit, so it is never chosen twice."""
    person = _person(request, person_id)
    here = reverse("applications_staff:paper_new", kwargs={"person_id": person.pk})
    hold = {"actor": request.user, "purpose": PAPER_PURPOSE, "subject": str(person.pk)}
    replacing = holding.replacing_fields(request)

    def build(*data):
        return PaperApplicationForm(
            *data, person=person, held=document_selectors.held_uploads(**hold), replacing=replacing,
            issued_products=selectors.issued_products_for(person).filter(replaced_on__isnull=True),
            applications=selectors.applications_for_staff(request.user).filter(person=person).exclude(
                status__in=workflow.FINAL_STATUSES).order_by("-submitted_at"),
        )

    if request.method != "POST":
        return render(request, "applications/staff/paper_new.html", {"person": person, "form": build()})
    pressed = holding.file_button_response(request, here, PaperApplicationForm.FILE_KINDS, hold)
    if pressed is not None:
        return pressed
    form = build(request.POST, request.FILES)
    valid = form.is_valid()
    holding.hold_chosen_files(form, PaperApplicationForm.FILE_KINDS, hold)
    if keep.switch_pressed(request):  # A−/A+, contrast or language without JavaScript: nothing is filed
        return holding.switch_back(request, here, form.errors)
    if valid:
        stored = []
        try:
            with transaction.atomic():
                application = _file_on_paper(request.user, person, form, stored)
                document_services.discard_held(**hold)
        except (ValidationError, Incomplete) as error:
            for item in stored:  # the transaction rolled back the rows; remove the files too
                item.document.file.delete(save=False)
            if isinstance(error, ValidationError):
                add_validation_error(form, error)
        else:
            messages.success(request, _("The paper application is entered and submitted under reference %(reference)s.")
                             % {"reference": application.reference})
            return redirect("applications_staff:detail", pk=application.pk)
    return render(request, "applications/staff/paper_new.html", {"person": person, "form": form})


def _file_on_paper(actor, person, form: PaperApplicationForm, stored: list) -> ProductApplication:
    kind = form.cleaned_data["kind"]
    application = services.start_draft(actor=actor, person=person, kind=kind, on_paper=True,
                                       **form.draft_fields())
    for document_kind, held in form.files_to_store():
        file = document_services.held_file(held)
        if application.profile.updates_documents:
            item = services.add_document(actor=actor, application=application.related_application,
                                         added_with=application, file=file, kind=document_kind)
        else:
            item = services.add_document(actor=actor, application=application, file=file, kind=document_kind)
        file.close()
        stored.append(item)
    missing = services.missing_answers(application)
    if missing:
        for step, message in missing:
            form.add_error(form.field_for_step(step), ValidationError(message, code=ApplicationsErrorCode.INCOMPLETE.value))
        raise Incomplete
    return services.submit(actor=actor, application=application)


@staff_required(Capability.PROCESS_PRODUCT_APPLICATION)
@require_http_methods(["GET", "POST"])
def record_issued(request: HttpRequest, person_id) -> HttpResponse:
    """Record a product the person received before (from the office's paper records)."""
    person = _person(request, person_id)
    form = IssuedProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.record_issued_product(actor=request.user, person=person, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Recorded: %(product)s received on %(date)s. A replacement is possible from "
                                        "%(possible)s.") % {"product": issued.product.display_name,
                                                            "date": issued.issued_on.strftime("%d.%m.%Y"),
                                                            "possible": issued.replacement_possible_on.strftime("%d.%m.%Y")})
            return redirect("registry:person_detail", person_id=person.pk)
    return render(request, "applications/staff/record_issued.html", {"person": person, "form": form})


@staff_required(Capability.VIEW_SURVEY_RESULTS)
def surveys(request: HttpRequest) -> HttpResponse:
    return render(request, "applications/staff/surveys.html", {
        "aggregates": selectors.survey_aggregates(request.user),
        "may_view_applications": has_capability(request.user, Capability.VIEW_PRODUCT_APPLICATIONS),
    })


# --- The right suspended and ended (AP-RIGHT-1..3) ---------------------------------------------

def _affected(person, ends: bool):
    items = list(selectors.open_applications_of(person))
    return items if ends else [a for a in items if a.status != workflow.SUSPENDED]


@staff_required(Capability.PROCESS_PRODUCT_APPLICATION)
@require_http_methods(["GET", "POST"])
def right_new(request: HttpRequest, person_id) -> HttpResponse:
    """Record an event that ends or suspends the person's right: the form, then a confirmation
    that lists each open application and what happens to it, then the record (nothing is saved
    before the officer confirms)."""
    person = _person(request, person_id)
    form = RightEventForm(request.POST or None)
    state = selectors.right_state_of(person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ends = right.GROUNDS[data["ground"]].effect == right.ENDS
        if request.POST.get("confirmed") == "yes":
            try:
                event = services.record_right_event(actor=request.user, person=person, **data)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                moved = event.application_events.count()
                messages.success(request, _("Recorded under decision %(number)s: %(ground)s. Applications "
                                            "cancelled or suspended: %(count)s; each has a decision letter.")
                                 % {"number": event.decision_number, "ground": event.get_ground_display(),
                                    "count": moved})
                return redirect("registry:person_detail", person_id=person.pk)
        else:
            return render(request, "applications/staff/right_confirm.html", {
                "person": person, "form": form, "ends": ends,
                "ground_label": RightEvent.Ground(data["ground"]).label,
                "affected": _affected(person, ends),
            })
    return render(request, "applications/staff/right_new.html", {"person": person, "form": form, "state": state})


@staff_required(Capability.PROCESS_PRODUCT_APPLICATION)
@require_http_methods(["GET", "POST"])
def right_lift(request: HttpRequest, person_id, event_id: int) -> HttpResponse:
    """Lift a suspension of the right with its own record, after a confirmation."""
    person = _person(request, person_id)
    suspension = selectors.right_events_for(person).filter(pk=event_id, ground=right.PRODUCT_DISPOSED).first()
    if suspension is None:
        raise Http404
    form = RightLiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirmed") == "yes":
            try:
                lift = services.lift_right_suspension(actor=request.user, suspension=suspension, **form.cleaned_data)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("The suspension %(suspension)s is lifted under decision %(number)s.")
                                 % {"suspension": suspension.decision_number, "number": lift.decision_number})
                return redirect("registry:person_detail", person_id=person.pk)
        else:
            return render(request, "applications/staff/right_confirm.html", {
                "person": person, "form": form, "lift": suspension,
                "affected": [step.application for step in suspension.application_events.filter(
                    action=workflow.SUSPEND_RIGHT, application__status=workflow.SUSPENDED).select_related(
                    "application__product", "application__issued_product__product",
                    "application__related_application__product")],
            })
    return render(request, "applications/staff/right_lift.html", {"person": person, "form": form,
                                                                  "suspension": suspension})


@staff_required(Capability.VIEW_PRODUCT_APPLICATIONS)
def right_letter_pdf(request: HttpRequest, pk) -> HttpResponse:
    application = access_product_application(request.user, pk,
                                             require=lambda a: a.events.filter(right_event__isnull=False).exists())
    response = HttpResponse(render_letter(kind=kinds.RIGHT_LETTER, subject=application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="right-decision-{application.pk}.pdf"'
    return response


# --- Electronic referrals (issue #16 §1) -----------------------------------------------------------

@staff_required(Capability.ISSUE_REFERRAL)
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest, pk) -> HttpResponse:
    """The branch issues an electronic referral to the enterprise the person chose (or another
    enterprise of the product): a confirmation page, then the referral."""
    application = access_product_application(request.user, pk, capability=Capability.ISSUE_REFERRAL,
                                             record=request.method == "GET")
    if not _referral_context(request.user, application)["may_issue_referral"]:
        return _step_refused(request, application)
    enterprises = selectors.enterprises_for(application)
    initial = {"enterprise": application.supplier_id} if enterprises.filter(pk=application.supplier_id).exists() else {}
    form = ReferralIssueForm(request.POST or None, enterprises=enterprises, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.issue_referral(actor=request.user, application=application,
                                               enterprise=form.cleaned_data["enterprise"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Referral %(number)s issued to %(enterprise)s. The person is told.")
                             % {"number": referral.number, "enterprise": referral.enterprise.name})
            return redirect("applications_staff:detail", pk=application.pk)
    return render(request, "applications/staff/referral_new.html", {
        "application": application, "form": form, "product": application.the_product,
        "status_label": STATUS_LABELS[application.status], "kind_label": application.profile.label,
    })


@staff_required(Capability.ISSUE_REFERRAL)
@require_http_methods(["GET", "POST"])
def referral_cancel(request: HttpRequest, pk, referral_id: int) -> HttpResponse:
    """The branch cancels an open referral, with a reason the person is told."""
    application = access_product_application(request.user, pk, capability=Capability.ISSUE_REFERRAL,
                                             record=request.method == "GET")
    referral = application.referrals.filter(pk=referral_id).select_related("enterprise").first()
    if referral is None:
        raise Http404
    if not referral.is_open or services.referral_role_for(request.user, referral) != workflow.FUND_BRANCH:
        return _step_refused(request, application)
    form = ReferralReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_referral(actor=request.user, referral=referral, reason=form.cleaned_data["reason"])
        except PermissionDenied:
            raise Http404 from None
        except referral_flow.TransitionNotAllowed:
            return _step_refused(request, application)
        else:
            messages.success(request, _("Referral %(number)s cancelled. The person is told.")
                             % {"number": referral.number})
            return redirect("applications_staff:detail", pk=application.pk)
    return render(request, "applications/staff/referral_cancel.html", {
        "application": application, "referral": referral, "form": form,
    })


@staff_required(Capability.VIEW_PRODUCT_APPLICATIONS)
def referral_monitor(request: HttpRequest) -> HttpResponse:
    """The deadline monitor's referral steps: open referrals in the reader's scope, oldest due
    first, overdue ones marked in words («Прострочено»)."""
    overdue = request.GET.get("overdue") == "1"
    page = Paginator(selectors.referral_monitor(request.user, overdue=overdue), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "applications/staff/referral_monitor.html", {"page": page, "overdue": overdue})
