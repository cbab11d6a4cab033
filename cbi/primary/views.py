"""Public pages of the application for primary registration (no account) and
the officers' review. Thin: forms, then selectors and services."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cbi.accounts.decorators import staff_required
from cbi.audit.access import access_person, access_primary_registration
from cbi.accounts.roles import Capability
from cbi.documents import holding
from cbi.registry.selectors import persons_visible_to, place_label, search_places
from cbi.web import keep
from cbi.web.forms import add_errors_above
from cbi.web.links import absolute_url

from . import drafts, forms, selectors, services
from .error_codes import PrimaryErrorCode
from .models import PrimaryRegistration, Status

SESSION_TOKEN = "primary_draft_token"
SESSION_DONE = "primary_done"
SESSION_DRAFTS = "primary_drafts"  # drafts started or continued in this browser (the quotas)


@dataclass(frozen=True)
class Step:
    slug: str
    title: object
    form: type

    def applies(self, registration: PrimaryRegistration | None) -> bool:
        if self.slug == "representative":
            return bool(registration and registration.is_representative)
        if self.slug == "identity":
            # A child's birth certificate, given with the person's details, is the identity document.
            return not (registration and registration.uses_birth_certificate)
        if self.slug == "office":
            return bool(registration and registration.territory_id and
                        (registration.office_chosen or selectors.office_for_territory(registration.territory) is None))
        return True


STEPS = [
    Step("who", gettext_lazy("Who are you applying for?"), forms.WhoForm),
    Step("person", gettext_lazy("The person's details"), forms.PersonStepForm),
    Step("address", gettext_lazy("Registered address"), forms.AddressStepForm),
    Step("office", gettext_lazy("Choose the social protection office"), forms.OfficeStepForm),
    Step("identity", gettext_lazy("Identity document"), forms.IdentityStepForm),
    Step("representative", gettext_lazy("The representative and the proof of authority"),
         forms.RepresentativeStepForm),
    Step("right", gettext_lazy("The document that proves the right"), forms.RightStepForm),
    Step("documents", gettext_lazy("Upload the documents"), forms.DocumentsStepForm),
]
STEP_BY_SLUG = {s.slug: s for s in STEPS}


def _draft(request) -> PrimaryRegistration | None:
    return selectors.draft_for_token(request.session.get(SESSION_TOKEN))


def _next_url(registration, slug: str) -> str:
    slugs = [s.slug for s in STEPS]
    for step in STEPS[slugs.index(slug) + 1:]:
        if step.applies(registration):
            return reverse("primary:step", kwargs={"slug": step.slug})
    return reverse("primary:check")


def _previous_url(registration, slug: str) -> str:
    slugs = [s.slug for s in STEPS]
    for step in reversed(STEPS[:slugs.index(slug)]):
        if step.applies(registration):
            return reverse("primary:step", kwargs={"slug": step.slug})
    return reverse("primary:start")


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "primary/start.html", {"has_draft": _draft(request) is not None,
                                                  "draft_days": drafts.draft_days()})


def _client(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _session_drafts(request) -> list[str]:
    return list(request.session.get(SESSION_DRAFTS, []))


def _remember_draft(request, registration) -> None:
    request.session[SESSION_DRAFTS] = (_session_drafts(request) + [str(registration.pk)])[-20:]


def _form_kwargs(step: Step, registration) -> dict:
    if step.slug == "person":
        return {"instance": registration, "representative": registration.is_representative}
    if step.slug == "office":
        initial = {"office": registration.office} if registration.office_id else {}
        return {"offices": selectors.offices_to_choose(registration.territory), "initial": initial}
    if step.slug == "documents":
        return {"slots": services.required_slots(registration), "labels": services.SLOT_LABELS,
                "uploaded": services.uploaded_by_slot(registration)}
    return {"instance": registration}


@never_cache
def step(request: HttpRequest, slug: str) -> HttpResponse:
    current = STEP_BY_SLUG.get(slug)
    if current is None:
        raise Http404
    registration = _draft(request)
    if registration is None and slug != "who":
        messages.info(request, _("Start the application from the beginning: we could not find your draft."))
        return redirect("primary:start")
    if registration is not None and not current.applies(registration):
        return redirect(_next_url(registration, slug))
    changing = request.GET.get("change") == "1" or request.POST.get("change") == "1"
    later = request.method == "POST" and "later" in request.POST
    status = 200
    if slug == "documents":
        return _documents_step(request, current, registration, changing)
    if slug == "who" and registration is None:
        form = forms.WhoForm(request.POST or None)
    else:
        form = current.form(request.POST or None, **_form_kwargs(current, registration))
    if request.method == "POST":
        if form.is_valid():
            try:
                registration = _save_step(request, slug, form, registration)
            except drafts.DraftRefused as refused:
                form.add_error(None, ValidationError(refused.message, code=refused.code))
                status = refused.status
            else:
                if later:
                    return _save_for_later(request, registration)
                if changing and not (slug == "address" and STEP_BY_SLUG["office"].applies(registration)):
                    return redirect("primary:check")
                return redirect(_next_url(registration, slug))
    return render(request, "primary/step.html", _step_context(request, form, current, registration, changing),
                  status=status)


def _step_context(request, form, current, registration, changing, **extra) -> dict:
    return {
        "form": form, "step": current, "registration": registration, "changing": changing,
        "back_url": reverse("primary:check") if changing else _previous_url(registration, current.slug),
        "multipart": current.slug == "documents",
        "office_unknown": current.slug == "office",
        # Saving for later needs the date of birth (the second factor when continuing).
        "can_save_for_later": bool(registration and registration.status == Status.DRAFT
                                   and (registration.date_of_birth or current.slug == "person")),
        **extra,
    }


def _documents_step(request, current, registration, changing):
    """Every button of the page uploads the files chosen; "Replace" and "Remove" act on one
    stored file. Files that pass are stored at once, whatever else is wrong on the page."""
    here = reverse("primary:step", kwargs={"slug": "documents"}) + ("?change=1" if changing else "")
    in_draft = registration.status == Status.DRAFT
    replacing = {request.GET.get("replace"), request.POST.get("replacing")} - {None, ""}

    def build(*args):
        return forms.DocumentsStepForm(*args, slots=services.required_slots(registration),
                                       labels=services.SLOT_LABELS, uploaded=services.uploaded_by_slot(registration),
                                       replacing=replacing, can_remove=in_draft)

    if request.method != "POST":
        return render(request, "primary/step.html", _step_context(request, build(), current, registration, changing))
    form = build(request.POST, request.FILES)
    valid = form.is_valid()
    status = 200
    refused = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
    for name, file in getattr(form, "cleaned_data", {}).items():
        if file and hasattr(file, "detected"):
            try:
                services.upload(registration=registration, slot=name, file=file,
                                session_drafts=_session_drafts(request), client=_client(request))
            except drafts.DraftRefused as error:
                refused[name] = [error.message]
                status = error.status
            except ValidationError as error:
                refused[name] = error.messages
            else:
                replacing.discard(name)
    if keep.switch_pressed(request):  # A−/A+, contrast or language without JavaScript: the files that passed are stored
        return holding.switch_back(request, here, refused)
    problems = {name: errors for name, errors in refused.items()
                if not (name in form.fields and errors == [str(form.fields[name].error_messages["required"])])}
    action = next((a for a in ("remove", "replace", "later") if a in request.POST), "continue")
    if action == "remove" and not problems:
        slot = request.POST["remove"]
        try:
            removed = services.remove_upload(registration=registration, slot=slot)
        except PermissionDenied:
            messages.error(request, _("A file of an application returned for corrections can only be replaced."))
        else:
            if removed is not None:
                messages.success(request, _("The file “%(name)s” is removed.") % {"name": removed.original_name})
        return redirect(here)
    if action == "replace" and not problems:
        slot = request.POST["replace"]
        if slot not in form.fields:
            return redirect(here)
        return redirect(f"{here}{'&' if '?' in here else '?'}replace={slot}#id_{slot}")
    if action == "later" and not problems and in_draft:
        return _save_for_later(request, registration)
    if valid and not problems:
        if changing:
            return redirect("primary:check")
        return redirect(_next_url(registration, "documents"))
    fresh = build()
    fresh.cleaned_data = {}
    errors = refused if action == "continue" else problems
    for name, messages_ in errors.items():
        fresh.add_error(name if name in fresh.fields else None, messages_)
    if action != "continue" and not fresh.errors:
        return redirect(here)
    return render(request, "primary/step.html", _step_context(request, fresh, current, registration, changing),
                  status=status)


def _save_step(request, slug: str, form, registration):
    if slug == "documents":
        return registration
    if slug == "who" and registration is None:
        registration, token = services.start_draft(applicant=form.cleaned_data["applicant"],
                                                   language=get_language() or "uk", client=_client(request),
                                                   session_drafts=_session_drafts(request))
        request.session[SESSION_TOKEN] = token
        request.session.cycle_key()
        _remember_draft(request, registration)
        return registration
    if slug == "office":
        data = {"office": form.cleaned_data["office"], "office_chosen": True}
    elif hasattr(form, "answers"):
        data = form.answers()
    else:
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
    return services.save_answers(registration=registration, data=data)


@require_GET
def places(request: HttpRequest) -> JsonResponse:
    """Places a typed name can mean, for the address combobox (public, read-only)."""
    found = search_places(request.GET.get("q", "")[:200])
    return JsonResponse({
        "results": [{"code": t.code, "label": place_label(t)} for t in found.places],
        "total": found.total,
    })


@never_cache
def check(request: HttpRequest) -> HttpResponse:
    registration = _draft(request)
    if registration is None:
        return redirect("primary:start")
    missing = services.missing_answers(registration)
    error = None
    if request.method == "POST":
        try:
            registration = services.submit(registration=registration)
        except ValidationError:
            error = True
        else:
            request.session.pop(SESSION_TOKEN, None)
            request.session[SESSION_DONE] = str(registration.pk)
            return redirect("primary:done")
    return render(request, "primary/check.html", {
        "registration": registration, "missing": missing, "error": error,
        "sections": _summary(registration), "documents": services.uploaded_by_slot(registration),
        "slots": [(slot, services.SLOT_LABELS[slot]) for slot in services.required_slots(registration)],
        "returned_reason": registration.status_changes.filter(to_status=Status.RETURNED).last()
        if registration.status == Status.RETURNED else None,
    })


def _summary(registration) -> list[dict]:
    from .summary import summary_sections

    return summary_sections(registration, change_links=True)


def _save_for_later(request, registration) -> HttpResponse:
    """Issue a return code and show it, once (the page is never cached; the code is not stored)."""
    if registration.status != Status.DRAFT:  # a returned application has its signed link
        return redirect("primary:check")
    if not registration.date_of_birth:
        messages.info(request, _("To save the application for later, first fill in the person's date of birth: "
                                 "you will need it to continue."))
        return redirect("primary:step", slug="person")
    code = drafts.issue_return_code(registration=registration)
    registration.refresh_from_db()
    link = absolute_url(reverse("primary:resume") + "?" + urlencode({"code": code}))
    emailed = drafts.send_return_email(registration=registration, code=code, link=link)
    return render(request, "primary/saved.html", {
        "registration": registration, "code": code, "link": link, "emailed": emailed,
        "email": registration.contact_email, "days": drafts.draft_days(),
        "expires_on": timezone.localtime(registration.expires_at).date(),
        "continue_url": _resume_step_url(registration),
    })


def _resume_step_url(registration) -> str:
    """The first step with something missing, or the check page."""
    missing = services.missing_answers(registration)
    if missing:
        return reverse("primary:step", kwargs={"slug": missing[0][0]})
    return reverse("primary:check")


@never_cache
def save(request: HttpRequest) -> HttpResponse:
    """"Save and continue later" from the check page (the steps have their own button)."""
    registration = _draft(request)
    if registration is None or registration.status != Status.DRAFT:
        return redirect("primary:start")
    if request.method == "POST":
        return _save_for_later(request, registration)
    return redirect("primary:check")


@never_cache
def resume(request: HttpRequest) -> HttpResponse:
    """Continue a saved application with the return code and the date of birth."""
    form = forms.ResumeForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            registration, token = drafts.resume(typed=form.cleaned_data["code"],
                                                date_of_birth=form.cleaned_data["date_of_birth"],
                                                client=_client(request))
        except drafts.ResumeRefused as refused:
            form.add_error(None, ValidationError(refused.message, code=refused.code))
            status = 429 if refused.code == PrimaryErrorCode.RETURN_CODE_THROTTLED.value else 200
        else:
            request.session.cycle_key()
            request.session[SESSION_TOKEN] = token
            _remember_draft(request, registration)
            messages.success(request, _("Your saved application is open. Continue where you stopped."))
            return redirect(_resume_step_url(registration))
    return render(request, "primary/resume.html", {"form": form, "days": drafts.draft_days()}, status=status)


@never_cache
def done(request: HttpRequest) -> HttpResponse:
    pk = request.session.get(SESSION_DONE)
    registration = PrimaryRegistration.objects.filter(pk=pk).select_related("office").first() if pk else None
    if registration is None:
        return redirect("primary:start")
    return render(request, "primary/done.html", {"registration": registration})


@never_cache
def reopen(request: HttpRequest, signed: str) -> HttpResponse:
    try:
        registration, token = services.reopen(signed=signed)
    except (signing.BadSignature, PermissionDenied):
        return render(request, "primary/reopen_failed.html", status=404)
    request.session.cycle_key()
    request.session[SESSION_TOKEN] = token
    messages.info(request, _("Your application is open again. Correct what the officer asked, then send it again."))
    return redirect("primary:check")


# --- Officers ---------------------------------------------------------------------------

@staff_required(Capability.REVIEW_PRIMARY_REGISTRATION)
def review_list(request: HttpRequest) -> HttpResponse:
    form = forms.WorkListFilter(request.GET or None)
    queryset = selectors.registrations_for_review(request.user)
    if form.is_bound and form.is_valid():
        queryset = selectors.filter_work_list(queryset, **form.cleaned_data)
    else:
        queryset = selectors.filter_work_list(queryset, status="" if form.is_bound else Status.SUBMITTED)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(request, "primary/review_list.html", {"form": form, "page": page})


def _reviewed(request, registration_id) -> PrimaryRegistration:
    return access_primary_registration(request.user, registration_id, record=request.method == "GET")


@staff_required(Capability.REVIEW_PRIMARY_REGISTRATION)
def review_detail(request: HttpRequest, registration_id) -> HttpResponse:
    registration = _reviewed(request, registration_id)
    from .summary import summary_sections

    return render(request, "primary/review_detail.html", {
        "registration": registration,
        "sections": summary_sections(registration, change_links=False),
        "documents": selectors.draft_documents(registration),
        "duplicates": selectors.possible_duplicates(registration, request.user),
        "changes": registration.status_changes.select_related("by"),
        "person_in_scope": registration.person_id and persons_visible_to(request.user).filter(
            pk=registration.person_id).exists(),
    })


@staff_required(Capability.REVIEW_PRIMARY_REGISTRATION)
def review_accept(request: HttpRequest, registration_id) -> HttpResponse:
    registration = _reviewed(request, registration_id)
    if registration.status != Status.SUBMITTED:
        messages.error(request, _("Only a submitted application can be accepted."))
        return redirect("primary:review_detail", registration_id=registration.pk)
    duplicates = selectors.possible_duplicates(registration, request.user)
    form = forms.AcceptForm(request.POST or None, duplicates=duplicates)
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["record"]
        existing = None if choice == "new" else access_person(request.user, choice, record=False)
        try:
            person = services.accept(actor=request.user, registration=registration, existing_person=existing)
        except ValidationError as error:
            add_errors_above(form, error)
        else:
            messages.success(request, _("The application is accepted and the person is in ЦБІ. "
                                        "The applicant was told by e-mail."))
            return redirect("registry:person_detail", person_id=person.pk)
    return render(request, "primary/review_accept.html", {
        "registration": registration, "form": form, "duplicates": duplicates,
    })


@staff_required(Capability.REVIEW_PRIMARY_REGISTRATION)
def review_return(request: HttpRequest, registration_id) -> HttpResponse:
    registration = _reviewed(request, registration_id)
    if registration.status != Status.SUBMITTED:
        messages.error(request, _("Only a submitted application can be returned."))
        return redirect("primary:review_detail", registration_id=registration.pk)
    form = forms.ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.return_for_corrections(actor=request.user, registration=registration,
                                        reasons=form.cleaned_data["reasons"])
        messages.success(request, _("The application is returned. The applicant got the reasons by e-mail."))
        return redirect("primary:review_detail", registration_id=registration.pk)
    return render(request, "primary/review_return.html", {"registration": registration, "form": form})
