"""Cabinet pages for assistive-product applications (EC-APP-1..8): what the person, or
their representative, does. Everything is for the person the user acts for; an application
of anyone the user may not act for is a 404.

A new application is a draft saved at every step (``draft_step`` is where it resumes);
"Check your answers" lists every answer with a "Change" link; submitting gives the
reference number. Thin views: forms here and in ``cabinet_forms``, writes in ``services``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache

from cbi.cabinet import selectors as cabinet_selectors
from cbi.cabinet.views import cabinet_required
from cbi.catalogue.models import Product, ProductGroup
from cbi.letters.appeals import appeal_context
from cbi.letters.registry import render_letter
from cbi.letters.responses import letter_response
from cbi.documents import holding
from cbi.web import keep
from cbi.web.forms import add_validation_error

from . import cabinet_forms as forms
from . import kinds, selectors, services, workflow
from .letters import right_step
from .error_codes import ENTERPRISE_LOCKED, ApplicationsErrorCode
from .kinds import PROFILES, SUBJECT_ISSUED_PRODUCT, SUBJECT_PRODUCT, profile
from .models import ApplicationDocument, ProductApplication

# --- Who and which application -----------------------------------------------------------------


def _person(request):
    return cabinet_selectors.acting_for(request)


def _application(request, pk) -> ProductApplication:
    """The application if the user may act for its person (404 otherwise). Opening one of
    another person the user represents makes that person the one acted for."""
    application = selectors.application_for_cabinet(request.user, pk)
    person = _person(request)
    if person is None or person.pk != application.person_id:
        request.session[cabinet_selectors.ACTING_FOR_KEY] = str(application.person_id)
    return application


def _data(request, files: bool = False):
    """A POST's data (even empty, so that a form with nothing chosen shows its errors)."""
    if request.method != "POST":
        return (None, None) if files else None
    return (request.POST, request.FILES) if files else request.POST


def _for_whom(request, person) -> dict:
    return {"person": person,
            "acting_as_representative": cabinet_selectors.is_representative_for(request.user, person)}


def _representative(request, application) -> bool:
    return cabinet_selectors.is_representative_for(request.user, application.person)


def _open_issued(person):
    return selectors.issued_products_for(person).filter(replaced_on__isnull=True)


def _updatable(request, person):
    """Filed applications whose documents may still be updated (EC-APP-4)."""
    return (selectors.applications_for_cabinet(request.user, person)
            .exclude(status__in=[workflow.DRAFT, workflow.CLOSED, workflow.WITHDRAWN])
            .exclude(kind__in=[k for k, p in PROFILES.items() if p.updates_documents]).order_by("-submitted_at"))


# --- The steps of a draft ----------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    slug: str
    title: object


STEP_TITLES = {
    "office": gettext_lazy("Which office should handle the application?"),
    "group": gettext_lazy("Which group of products do you need?"),
    "product": gettext_lazy("Choose the product"),
    "details": gettext_lazy("Tell us about your request"),
    "documents": gettext_lazy("Add documents"),
}


def steps_for(kind: str) -> list[str]:
    return list(profile(kind).steps)


def step_title(application, slug: str):
    own = {"product": application.profile.product_title, "details": application.profile.details_title}.get(slug)
    return own if own is not None else STEP_TITLES[slug]


def _step_url(application, slug: str, change: bool = False, **params) -> str:
    url = reverse("applications_cabinet:step", args=[application.pk, slug])
    if change:
        params["change"] = "1"
    return f"{url}?{urlencode(params)}" if params else url


def resume_url(application) -> str:
    """Where a draft continues: the step it reached, or the first one."""
    if application.draft_step == "check":
        return reverse("applications_cabinet:check", args=[application.pk])
    slugs = steps_for(application.kind)
    return _step_url(application, application.draft_step if application.draft_step in slugs else slugs[0])


def _next_slug(application, slug: str) -> str:
    slugs = steps_for(application.kind)
    index = slugs.index(slug)
    return slugs[index + 1] if index + 1 < len(slugs) else "check"


def _after(application, slug: str, changing: bool) -> str:
    following = _next_slug(application, slug)
    if changing or following == "check":
        return reverse("applications_cabinet:check", args=[application.pk])
    return _step_url(application, following)


def _back_url(application, slug: str, changing: bool) -> str:
    if changing:
        return reverse("applications_cabinet:check", args=[application.pk])
    slugs = steps_for(application.kind)
    index = slugs.index(slug)
    if index == 0:
        return reverse("applications_cabinet:list")
    return _step_url(application, slugs[index - 1])


def _draft(request, pk):
    application = _application(request, pk)
    if application.status != workflow.DRAFT:
        return application, redirect("applications_cabinet:detail", pk=application.pk)
    return application, None


def _save(request, application, form, **fields) -> bool:
    """Save answers on the draft; a refusal from the service is shown on the form."""
    try:
        services.update_draft(actor=request.user, application=application, **fields)
    except ValidationError as error:
        add_validation_error(form, error)
        return False
    return True


# --- List and new ------------------------------------------------------------------------------

def _for_acting_person(view):
    """A cabinet page about the person acted for (an account with no person goes home)."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        person = _person(request)
        if person is None:
            return redirect("cabinet:home")
        return view(request, person, *args, **kwargs)

    return cabinet_required(never_cache(wrapper))


@_for_acting_person
def application_list(request: HttpRequest, person) -> HttpResponse:
    items = list(selectors.applications_for_cabinet(request.user, person).select_related("product__group"))
    drafts = [(a, resume_url(a)) for a in items if a.status == workflow.DRAFT]
    filed = sorted((a for a in items if a.status != workflow.DRAFT), key=lambda a: a.submitted_at, reverse=True)
    return render(request, "applications/cabinet/list.html", {
        "drafts": drafts, "filed": filed, "right_state": selectors.right_state_of(person), **_for_whom(request, person)})


@_for_acting_person
def new(request: HttpRequest, person) -> HttpResponse:
    if request.method == "POST" and request.POST.get("prefill"):
        return _new_prefilled(request, person)
    if request.GET.get("what") == forms.GET_PRODUCT or request.POST.get("stage") == "bought":
        form = forms.BoughtForm(_data(request))
        if request.method == "POST" and form.is_valid():
            kind = workflow.COMPENSATION if form.cleaned_data["bought"] == "yes" else workflow.PROVISION
            return _start(request, person, kind)
        return render(request, "applications/cabinet/new_bought.html", {"form": form, **_for_whom(request, person)})
    form = forms.WhatForm(_data(request), has_products=_open_issued(person).exists(),
                          has_applications=_updatable(request, person).exists())
    if request.method == "POST" and form.is_valid():
        what = form.cleaned_data["what"]
        if what == forms.GET_PRODUCT:
            return redirect(f"{reverse('applications_cabinet:new')}?what={forms.GET_PRODUCT}")
        return _start(request, person, what)
    return render(request, "applications/cabinet/new.html", {"form": form, **_for_whom(request, person)})


def _start(request, person, kind: str, **fields) -> HttpResponse:
    application = services.start_draft(actor=request.user, person=person, kind=kind, **fields)
    return redirect(resume_url(application))


def _new_prefilled(request, person) -> HttpResponse:
    """From "My products": a replacement or repair of that product."""
    kind = request.POST.get("kind")
    if kind not in PROFILES or not PROFILES[kind].starts_from_issued_product:
        raise Http404
    issued = get_object_or_404(_open_issued(person), pk=request.POST.get("issued_product") or 0)
    return _start(request, person, kind, issued_product=issued)


# --- One step of the draft ---------------------------------------------------------------------

@cabinet_required
@never_cache
def step(request: HttpRequest, pk, step: str) -> HttpResponse:
    application, done = _draft(request, pk)
    if done:
        return done
    if step not in steps_for(application.kind):
        raise Http404
    changing = (request.GET.get("change") or request.POST.get("change")) == "1"
    handler = {"office": _office_step, "group": _group_step, "product": _product_step,
               "details": _details_step, "documents": _documents_step}[step]
    result = handler(request, application, changing)
    if isinstance(result, HttpResponse):
        return result
    context = {"application": application, "step": Step(step, step_title(application, step)),
               "changing": changing, "back_url": _back_url(application, step, changing),
               "kind_label": application.get_kind_display(), **_for_whom(request, application.person), **result}
    return render(request, context.pop("template", "applications/cabinet/step.html"), context)


def _office_step(request, application, changing):
    form = forms.OfficeForm(_data(request), initial={"office": str(application.office_id)})
    if request.method == "POST" and form.is_valid():
        if _save(request, application, form, office=form.cleaned_data["office"],
                 draft_step=_next_slug(application, "office")):
            return redirect(_after(application, "office", changing))
    return {"form": form}


def _groups():
    return ProductGroup.objects.filter(products__is_active=True).distinct().order_by("iso_code")


def _group_step(request, application, changing):
    initial = {"group": application.product.group_id} if application.product_id else {}
    form = forms.GroupForm(_data(request), groups=_groups(), initial=initial)
    if request.method == "POST" and form.is_valid():
        _save(request, application, form, draft_step="product")
        return redirect(_step_url(application, "product", change=changing, group=form.cleaned_data["group"].pk))
    return {"form": form}


def _catalogue_url(product) -> str:
    return reverse("catalogue:product_detail", args=[product.pk])


def _product_step(request, application, changing):
    person = application.person
    subject = application.profile.subject
    if subject == SUBJECT_PRODUCT:
        group_id = request.POST.get("group") or request.GET.get("group") or (
            application.product.group_id if application.product_id else None)
        group = _groups().filter(pk=group_id).first() if str(group_id or "").isdigit() else None
        if group is None:
            return redirect(_step_url(application, "group", change=changing))
        form = forms.ProductForm(_data(request), queryset=Product.objects.filter(group=group, is_active=True),
                                 catalogue_url=_catalogue_url, initial={"product": application.product_id})
        field, extra = "product", {"group": group,
                                   "group_url": _step_url(application, "group", change=changing)}
    elif subject == SUBJECT_ISSUED_PRODUCT:
        form = forms.IssuedProductForm(_data(request), queryset=_open_issued(person),
                                       initial={"issued_product": application.issued_product_id})
        field, extra = "issued_product", {}
    else:
        form = forms.RelatedApplicationForm(_data(request), queryset=_updatable(request, person),
                                            initial={"related_application": application.related_application_id})
        field, extra = "related_application", {}
    if request.method == "POST" and form.is_valid():
        value = form.cleaned_data[field]
        fields = {field: value, "draft_step": _next_slug(application, "product")}
        if field == "related_application":
            fields["office"] = value.office
            brought = ApplicationDocument.objects.filter(added_with=application).exclude(application=value)
            if brought.exists():
                form.add_error(field, ValidationError(_(
                    "You have already added new documents to another application. "
                    "Remove them on the “Add documents” page first."), code=ApplicationsErrorCode.DOCUMENTS_ADDED_ELSEWHERE.value))
        if not form.errors and _save(request, application, form, **fields):
            return redirect(_after(application, "product", changing))
    if application.profile.checks_service_life and application.issued_product_id:
        extra["check"] = services.replacement_check_for(application.issued_product)
    return {"form": form, **extra}


def _details_step(request, application, changing):
    check = (services.replacement_check_for(application.issued_product)
             if application.profile.checks_service_life and application.issued_product_id else None)
    initial = {name: getattr(application, name) for name in
               ("replacement_reason", "request_text", "purchase_amount", "purchase_date", "seller")}
    if check is not None and not check.early and not application.replacement_reason:
        initial["replacement_reason"] = ProductApplication.ReplacementReason.SERVICE_LIFE_ENDED
    form = forms.DetailsForm(_data(request), application=application, check=check, initial=initial)
    if request.method == "POST":
        valid = form.is_valid()
        answers = {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
        if valid:
            answers["draft_step"] = _next_slug(application, "details")
        # Save what is right even when another answer was refused: nothing is lost.
        saved = _save(request, application, form, **answers) if answers else True
        if valid and saved:
            return redirect(_after(application, "details", changing))
    return {"form": form, "check": check}


def _files_brought(application):
    """Files this draft added: its own, or for a document update the new versions it brought."""
    if application.profile.updates_documents:
        return ApplicationDocument.objects.filter(added_with=application).select_related("document")
    return application.files.select_related("document")


def _documents_step(request, application, changing):
    related = application.related_application if application.profile.updates_documents else None
    if application.profile.updates_documents and related is None:
        return redirect(_step_url(application, "product", change=changing))
    kinds = forms.document_kinds(application, representative=_representative(request, application))
    replaces = None
    replaces_id = request.POST.get("replaces") or request.GET.get("replaces")
    if related is not None and replaces_id:
        current = {str(item["current"].document_id): item["current"].document
                   for item in selectors.files_with_versions(related, unsent_update=application)}
        replaces = current.get(replaces_id)
        if replaces is None:
            raise Http404
    here = _step_url(application, "documents", change=changing)
    brought = {str(item.document_id): item for item in _files_brought(application)}
    swap_id = request.POST.get("swapping") or request.GET.get("swap")
    swapping = None
    if swap_id and replaces is None:
        swapping = brought.get(swap_id)
        if swapping is None:
            raise Http404
    action = request.POST.get("action") or "continue"
    for button in ("remove", "swap"):
        if button in request.POST:
            action = button
    if replaces is not None:
        form = forms.NewVersionForm(*_data(request, files=True))
    else:
        kind = swapping.document.kind if swapping else kinds[0][0]
        form = forms.UploadForm(*_data(request, files=True), kinds=kinds, initial={"kind": kind},
                                file_required=action == "upload", swapping=swapping.document if swapping else None)
    if request.method == "POST":
        # Every button uploads the file chosen, so a chosen file is never dropped.
        added = None
        if form.is_valid() and form.cleaned_data.get("file"):
            file = form.cleaned_data["file"]
            try:
                if swapping is not None:
                    services.replace_draft_document(actor=request.user, application=application,
                                                    document=swapping.document, file=file)
                else:
                    services.add_document(
                        actor=request.user, application=related or application, file=file,
                        kind=replaces.kind if replaces else form.cleaned_data["kind"], replaces=replaces,
                        added_with=application if related else None)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                added = file.name
                messages.success(request, _("The file “%(name)s” is added.") % {"name": added})
        if keep.switch_pressed(request):  # A−/A+, contrast or language without JavaScript: the file chosen is added
            return holding.switch_back(request, here if added else request.get_full_path(), form.errors)
        if not form.errors:
            if action == "remove":
                item = get_object_or_404(_files_brought(application), document_id=request.POST.get("remove"))
                name = item.document.original_name
                try:
                    services.remove_draft_document(actor=request.user, application=application,
                                                   document=item.document)
                except (PermissionDenied, ValidationError):
                    messages.error(request, _("This file cannot be removed."))
                else:
                    messages.success(request, _("The file “%(name)s” is removed.") % {"name": name})
                return redirect(here)
            if action == "swap":
                target = request.POST.get("swap")
                return redirect(f"{here}{'&' if '?' in here else '?'}{urlencode({'swap': target})}#id_file")
            if action == "upload" or replaces is not None:
                return redirect(here)
            missing = [message for slug, message in services.missing_answers(application) if slug == "documents"]
            if not missing and _save(request, application, form, draft_step="check"):
                return redirect("applications_cabinet:check", pk=application.pk)
            if missing:
                form = forms.UploadForm(kinds=kinds, initial={"kind": kinds[0][0]}, file_required=False)
                form.cleaned_data = {}
                for message in missing:
                    form.add_error("file", ValidationError(message, code=ApplicationsErrorCode.INCOMPLETE.value))
    context = {"form": form, "template": "applications/cabinet/step_documents.html", "replaces": replaces,
               "swapping": swapping, "brought": list(_files_brought(application).order_by("added_at")),
               "related": related, "here": here, "multipart": True}
    if related is not None:
        context["related_files"] = selectors.files_with_versions(related, unsent_update=application)
    return context


# --- Check your answers and submit -------------------------------------------------------------

def _summary(application) -> list[dict]:
    """Every answer, with the step where it is changed."""
    rows = []
    profile = application.profile

    def row(label, value, step_slug=None):
        rows.append({"label": label, "value": value, "step": step_slug,
                     "url": _step_url(application, step_slug, change=True) if step_slug else None})

    row(_("What you apply for"), str(application.get_kind_display()).capitalize())
    if profile.has_office_step:
        row(_("Social protection office"), application.office.name, "office")
    if profile.subject == SUBJECT_PRODUCT:
        product = application.product
        row(_("Product group"), product.group.display_name if product else "", "group")
        row(_("Product"), product.display_name if product else "", "product")
    elif profile.subject == SUBJECT_ISSUED_PRODUCT:
        issued = application.issued_product
        row(_("The product you have"), _("%(product)s, received on %(date)s") % {
            "product": issued.product.display_name, "date": issued.issued_on.strftime("%d.%m.%Y")} if issued else "",
            "product")
    else:
        related = application.related_application
        row(_("Application the documents are for"),
            f"{related.reference}: {related.the_product or ''}" if related else "", "product")
    if profile.asks_replacement_reason:
        row(_("Reason for replacement"), application.get_replacement_reason_display(), "details")
    row(_("Your request"), application.request_text, "details")
    if profile.asks_purchase:
        amount = application.purchase_amount
        row(_("Amount paid"), _("%(amount)s UAH") % {"amount": f"{amount:,.2f}".replace(",", " ").replace(".", ",")}
            if amount else "", "details")
        row(_("Date of purchase"), application.purchase_date.strftime("%d.%m.%Y") if application.purchase_date else "",
            "details")
        row(_("Seller"), application.seller, "details")
    files = [f"{str(item.document.get_kind_display()).capitalize()}: {item.document.original_name}"
             for item in _files_brought(application).order_by("added_at")]
    row(_("Documents"), "\n".join(files), "documents")
    return rows


@cabinet_required
@never_cache
def check(request: HttpRequest, pk) -> HttpResponse:
    application, done = _draft(request, pk)
    if done:
        return done
    error = False
    missing_answers = services.missing_answers(application)
    if request.method == "POST":
        try:
            application = services.submit(actor=request.user, application=application)
        except ValidationError:
            error = True
        except workflow.TransitionNotAllowed:
            return redirect("applications_cabinet:detail", pk=application.pk)
        else:
            return redirect("applications_cabinet:submitted", pk=application.pk)
    elif application.draft_step != "check" and not missing_answers:
        services.update_draft(actor=request.user, application=application, draft_step="check")
    missing = [(message, _step_url(application, slug, change=True)) for slug, message in missing_answers]
    return render(request, "applications/cabinet/check.html", {
        "application": application, "rows": _summary(application), "missing": missing, "error": error,
        "back_url": _step_url(application, steps_for(application.kind)[-1]),
    })


@cabinet_required
@never_cache
def submitted(request: HttpRequest, pk) -> HttpResponse:
    application = _application(request, pk)
    if application.status == workflow.DRAFT:
        return redirect(resume_url(application))
    return render(request, "applications/cabinet/submitted.html", {
        "application": application, "registration_days": workflow.DUE_DAYS[workflow.SUBMITTED]})


@cabinet_required
@never_cache
def discard(request: HttpRequest, pk) -> HttpResponse:
    application, done = _draft(request, pk)
    if done:
        return done
    if request.method == "POST":
        services.discard_draft(actor=request.user, application=application)
        messages.success(request, _("The draft is deleted."))
        return redirect("applications_cabinet:list")
    return render(request, "applications/cabinet/discard.html", {"application": application})


# --- One filed application ---------------------------------------------------------------------

STATUS_EXPLAINED = {
    workflow.SUBMITTED: lazy(lambda: ngettext(
        "The application is sent. The office will register it within %(days)s day.",
        "The application is sent. The office will register it within %(days)s days.",
        workflow.DUE_DAYS[workflow.SUBMITTED]) % {"days": workflow.DUE_DAYS[workflow.SUBMITTED]}, str)(),
    workflow.REGISTERED: gettext_lazy("The office registered the application. An officer will review it."),
    workflow.CANCELLED: gettext_lazy("The application is cancelled because the right to assistive products ended. "
                                     "It is kept with its history; the decision letter says why and how to appeal."),
    workflow.SUSPENDED: gettext_lazy("The application is suspended because the right to assistive products is "
                                     "suspended. It continues when the office lifts the suspension."),
    workflow.UNDER_REVIEW: gettext_lazy("An officer is reviewing the application. If something is missing, "
                                        "you will get a message here and by e-mail."),
    workflow.INFORMATION_REQUESTED: gettext_lazy("The office needs more information from you before it can decide."),
    workflow.INFORMATION_PROVIDED: gettext_lazy("You answered the office. An officer will continue the review."),
    workflow.FORWARDED: gettext_lazy("The office checked the documents and forwarded the application to the "
                                     "territorial branch of the Fund for Social Protection of Persons with "
                                     "Disabilities, which decides and issues the electronic referral."),
    workflow.APPROVED: gettext_lazy("The application is approved. The office will arrange the next step."),
    workflow.REFUSED: gettext_lazy("The application is refused. The reasons are below. If you disagree, you can "
                                   "appeal to the regional department or to court."),
    workflow.IN_FULFILMENT: gettext_lazy("The office is arranging the product, the repair or the payment."),
    workflow.READY_FOR_PICKUP: gettext_lazy("Ready for pick-up. See where and when below."),
    workflow.PROVIDED: gettext_lazy("The product was handed over to you."),
    workflow.COMPENSATION_PAID: gettext_lazy("The compensation was paid."),
    workflow.REPAIRED: gettext_lazy("The repair is done."),
    workflow.CLOSED: gettext_lazy("The application is closed. Nothing else needs to be done."),
    workflow.WITHDRAWN: gettext_lazy("The application was withdrawn. The office will not review it."),
}


def _who(request, application, event) -> str:
    """Who did it, without officers' names: "you", "your representative", the person, the office, or
    the body another officer acted for (the Fund's branch that decided, the enterprise that delivered), or
    the regional department that upheld a complaint (the office's parent, docs/complaints.md)."""
    if event.role == workflow.COMPLAINT_BODY and application.office.parent_id:
        return application.office.parent.name
    if event.role in (workflow.FUND_BRANCH, workflow.ENTERPRISE):
        profile = getattr(event.by, "staff_profile", None)
        if profile is not None:
            return profile.organization.name
    if event.role != workflow.PERSON:
        return application.office.name
    if event.by_id == request.user.pk:
        return _("you")
    if event.on_behalf:
        return _("your representative")
    return application.person.full_name


def _history(request, application) -> list[dict]:
    return [{"event": event, "who": _who(request, application, event)}
            for event in application.events.select_related("by__staff_profile__organization")]


def _information_request(application):
    return application.events.filter(action=workflow.REQUEST_INFORMATION).order_by("at", "id").last()


@cabinet_required
@never_cache
def detail(request: HttpRequest, pk) -> HttpResponse:
    application = _application(request, pk)
    if application.status == workflow.DRAFT:
        return redirect(resume_url(application))
    updates = list(application.document_updates.exclude(status=workflow.DRAFT).order_by("submitted_at"))
    decision = selectors.decision_event(application) if application.is_decided else None
    body, body_kind = selectors.deciding_body(application, decision)
    return render(request, "applications/cabinet/detail.html", {
        "application": application, "explained": STATUS_EXPLAINED.get(application.status, ""),
        "files": selectors.files_with_versions(application),
        "brought": (ApplicationDocument.objects.filter(added_with=application).select_related("document")
                    if application.profile.updates_documents else []),
        "history": _history(request, application),
        "information_request": (_information_request(application)
                                if application.status == workflow.INFORMATION_REQUESTED else None),
        "may_withdraw": application.status in workflow.UNDECIDED_STATUSES,
        "survey_open": services.survey_open(application),
        "updates": updates,
        "appeal": appeal_context(decided_by=body_kind),
        "deciding_body": body,
        "decision": decision,
        "acting_as_representative": _representative(request, application),
        "right_step": right_step(application),
        "referrals": list(application.referrals.select_related("enterprise", "branch", "delivery_act")
                          .prefetch_related("events")),
        "may_choose_enterprise": services.may_choose_enterprise(application),
    })


@cabinet_required
@never_cache
def enterprise(request: HttpRequest, pk) -> HttpResponse:
    """The person chooses the enterprise that will make or supply the product (issue #16 §1)."""
    application = _application(request, pk)
    if not services.may_choose_enterprise(application):
        messages.error(request, ENTERPRISE_LOCKED)
        return redirect("applications_cabinet:detail", pk=application.pk)
    enterprises = selectors.enterprises_for(application)
    form = forms.EnterpriseForm(_data(request), enterprises=enterprises,
                                initial={"enterprise": application.supplier_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.choose_enterprise(actor=request.user, application=application,
                                       enterprise=form.cleaned_data["enterprise"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("You chose %(enterprise)s. The branch of the Fund will issue the referral "
                                        "to it.") % {"enterprise": form.cleaned_data["enterprise"].name})
            return redirect("applications_cabinet:detail", pk=application.pk)
    return render(request, "applications/cabinet/enterprise.html", {
        "application": application, "form": form, "product": application.the_product,
        "has_enterprises": enterprises.exists()})


@cabinet_required
@never_cache
def withdraw(request: HttpRequest, pk) -> HttpResponse:
    application = _application(request, pk)
    if application.status not in workflow.UNDECIDED_STATUSES:
        messages.error(request, _("This application can no longer be withdrawn: it is already decided or closed."))
        return redirect("applications_cabinet:detail", pk=application.pk)
    form = forms.WithdrawForm(_data(request))
    if request.method == "POST" and form.is_valid():
        services.move(actor=request.user, application=application, to=workflow.WITHDRAWN,
                      reason=form.cleaned_data["reason"])
        messages.success(request, _("The application %(reference)s is withdrawn.") % {
            "reference": application.reference})
        return redirect("applications_cabinet:detail", pk=application.pk)
    return render(request, "applications/cabinet/withdraw.html", {"application": application, "form": form})


@cabinet_required
@never_cache
def provide_information(request: HttpRequest, pk) -> HttpResponse:
    application = _application(request, pk)
    if application.status != workflow.INFORMATION_REQUESTED:
        messages.info(request, _("The office is not waiting for information on this application."))
        return redirect("applications_cabinet:detail", pk=application.pk)
    asked = _information_request(application)
    added = list(application.files.filter(added_at__gte=asked.at).select_related("document"))
    kinds = forms.document_kinds(application, representative=_representative(request, application))
    upload = forms.UploadForm(prefix="upload", kinds=kinds, initial={"kind": kinds[0][0]})
    answer = forms.AnswerForm(prefix="answer")
    # Enter in a field submits through the page's unnamed default button (base.html): that sends.
    # A header switch without JavaScript posts the form here too (cbi/web/keep.py): it uploads the file
    # chosen, sends nothing, and the page comes back with what was typed.
    switched = keep.switch_pressed(request)
    action = "upload" if switched else request.POST.get("action") or "send"
    if request.method == "POST" and action in ("upload", "send"):
        # One form: "Send" also uploads a file chosen, so it is never dropped.
        upload = forms.UploadForm(request.POST, request.FILES, prefix="upload", kinds=kinds,
                                  file_required=action == "upload" and not switched)
        answer = forms.AnswerForm(request.POST if action == "send" else None, prefix="answer",
                                  initial={"answer": request.POST.get("answer-answer", "")})
        if upload.is_valid() and upload.cleaned_data.get("file"):
            file = upload.cleaned_data["file"]
            try:
                services.add_document(actor=request.user, application=application, file=file,
                                      kind=upload.cleaned_data["kind"])
            except ValidationError as error:
                add_validation_error(upload, error)
            else:
                messages.success(request, _("The file “%(name)s” is added.") % {"name": file.name})
                added = list(application.files.filter(added_at__gte=asked.at).select_related("document"))
                upload = forms.UploadForm(prefix="upload", kinds=kinds, initial={"kind": kinds[0][0]})
        if switched:
            return holding.switch_back(request, request.get_full_path(), upload.errors)
        if action == "upload" and not upload.errors:
            return redirect("applications_cabinet:provide_information", pk=application.pk)
        if action == "send" and not upload.errors and answer.is_valid():
            text = answer.cleaned_data["answer"].strip()
            if not text and not added:
                answer.add_error("answer", ValidationError(_("Write your answer or add a file before sending."),
                                                            code=ApplicationsErrorCode.ANSWER_EMPTY.value))
            else:
                reason = text or _("Files added: %(names)s") % {
                    "names": ", ".join(item.document.original_name for item in added)}
                services.move(actor=request.user, application=application, to=workflow.INFORMATION_PROVIDED,
                              reason=reason)
                messages.success(request, _("Your answer is sent to the office."))
                return redirect("applications_cabinet:detail", pk=application.pk)
    return render(request, "applications/cabinet/provide_information.html", {
        "application": application, "asked": asked, "added": added, "upload": upload, "answer": answer,
        "has_errors": bool(upload.errors or answer.errors),
    })


@cabinet_required
def decision_pdf(request: HttpRequest, pk) -> HttpResponse:
    application = _application(request, pk)
    if not application.is_decided:
        raise Http404
    return letter_response(render_letter(kind=application.profile.letter, subject=application),
                           filename=f"Рішення {application.decision_number}.pdf")


@cabinet_required
@never_cache
def survey(request: HttpRequest, pk) -> HttpResponse:
    application = _application(request, pk)
    if hasattr(application, "survey"):
        messages.info(request, _("You have already answered the survey for this application. Thank you."))
        return redirect("applications_cabinet:detail", pk=application.pk)
    if not services.survey_open(application):
        raise Http404
    form = forms.SurveyForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_survey(actor=request.user, application=application, rating=form.cleaned_data["rating"],
                                   comment=form.cleaned_data["comment"])
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Thank you for your answer. It helps to make the service better."))
            return redirect("applications_cabinet:detail", pk=application.pk)
    return render(request, "applications/cabinet/survey.html", {"application": application, "form": form})


# --- My products -------------------------------------------------------------------------------

def months_between(start, end) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


@_for_acting_person
def my_products(request: HttpRequest, person) -> HttpResponse:
    today = timezone.localdate()
    items = []
    for issued in selectors.issued_products_for(person):
        left = months_between(today, issued.replacement_possible_on) if issued.replacement_possible_on > today else None
        items.append({"issued": issued, "months_left": left, "ended": issued.replacement_possible_on <= today})
    return render(request, "applications/cabinet/my_products.html", {"items": items, **_for_whom(request, person)})


@cabinet_required
def right_letter_pdf(request: HttpRequest, pk) -> HttpResponse:
    """The letter on the application cancelled, suspended or resumed because of an event on the
    person's right (AP-RIGHT-1..3)."""
    application = _application(request, pk)
    step = right_step(application)
    if step is None:
        raise Http404
    return letter_response(render_letter(kind=kinds.RIGHT_LETTER, subject=application),
                           filename=f"Рішення {step.right_event.decision_number}.pdf")
