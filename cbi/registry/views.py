"""Officers' back office for the registry: thin views over selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from cbi.accounts.decorators import staff_required
from cbi.accounts.roles import Capability, has_capability
from cbi.audit.access import EventType, access_person
from cbi.web import keep
from cbi.web.forms import add_validation_error

from . import selectors, services
from .marks import mark_persons, merge_marks
from .sections import read_sections
from .forms import PART_FORMS, PersonForm, SearchByDocumentForm, SearchByNameForm, SearchByRnokppForm

SEARCH_FORMS = {"rnokpp": (SearchByRnokppForm, "r"), "document": (SearchByDocumentForm, "d"), "name": (SearchByNameForm, "n")}


def mode_for_enter(query) -> str | None:
    """Enter pressed in the one search form (no search button named): the first search, in the
    page's order, that something was typed in; None when nothing was typed."""
    for mode, (_cls, prefix) in SEARCH_FORMS.items():
        if any(value.strip() for name, values in query.lists() if name.startswith(f"{prefix}-") for value in values):
            return mode
    return None


@staff_required(Capability.VIEW_PERSON)
def search(request: HttpRequest) -> HttpResponse:
    """Three searches in one form (``by`` names the button pressed). A header switch submits the form
    without ``by`` (cbi/web/keep.py): the search whose results were shown (``shown``) runs again, and
    every box shows what was typed in it."""
    mode = request.GET.get("by") or request.GET.get("shown")
    if mode == "enter":
        mode = mode_for_enter(request.GET)
    keep.show(request.GET)
    forms = {key: cls(prefix=prefix) for key, (cls, prefix) in SEARCH_FORMS.items()}
    results = None
    if mode in SEARCH_FORMS:
        cls, prefix = SEARCH_FORMS[mode]
        form = forms[mode] = cls(request.GET, prefix=prefix)
        if form.is_valid():
            results = list(selectors.search_persons(request.user, **form.cleaned_data)[:20])
    mark_persons(request.user, results or ())
    return render(request, "registry/search.html", {
        "forms": forms, "mode": mode, "results": results,
        "can_create": has_capability(request.user, Capability.CREATE_PERSON),
        "has_errors": mode in SEARCH_FORMS and bool(forms[mode].errors),
    })


@staff_required(Capability.VIEW_PERSON)
def person_detail(request: HttpRequest, person_id) -> HttpResponse:
    person = access_person(request.user, person_id)
    record = selectors.person_record(person)
    record["current_status"] = selectors.current_status(record["statuses"])
    record["can_edit"] = has_capability(request.user, Capability.EDIT_PERSON)
    record["can_register_car_application"] = has_capability(request.user, Capability.REGISTER_CAR_APPLICATION)
    record["merge_marks"] = merge_marks(request.user, [person.pk]).get(person.pk, [])
    record["can_reverse_merge"] = has_capability(request.user, Capability.REVERSE_MERGE)
    record["sections"] = read_sections(request.user, person)
    return render(request, "registry/person_detail.html", record)


@staff_required(Capability.CREATE_PERSON)
def person_create(request: HttpRequest) -> HttpResponse:
    offices = selectors.offices_visible_to(request.user)
    form = PersonForm(request.POST or None, offices=offices,
                      initial={"office": offices.first() if offices.count() == 1 else None})
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        try:
            person = services.create_person(actor=request.user, data=data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The person is registered. Add their documents, address and disability status."))
            return redirect("registry:person_detail", person_id=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": None})


@staff_required(Capability.EDIT_PERSON)
def person_edit(request: HttpRequest, person_id) -> HttpResponse:
    person = access_person(request.user, person_id, event_type=EventType.PERSON_EDIT,
                           capability=Capability.EDIT_PERSON, record=request.method == "GET")
    offices = selectors.offices_visible_to(request.user)
    form = PersonForm(request.POST or None, instance=person, offices=offices)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        try:
            services.update_person(actor=request.user, person=person, data=data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("registry:person_detail", person_id=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": person})


PART_TITLES = {
    "documents": (gettext_lazy("Add an identity document"), gettext_lazy("Change an identity document")),
    "addresses": (gettext_lazy("Add an address"), gettext_lazy("Change an address")),
    "statuses": (gettext_lazy("Add a disability status"), gettext_lazy("Change a disability status")),
    "assessments": (gettext_lazy("Add an assessment"), gettext_lazy("Change an assessment")),
    "representatives": (gettext_lazy("Add a legal representative"), gettext_lazy("Change a legal representative")),
    "family": (gettext_lazy("Add a family member"), gettext_lazy("Change a family member")),
}


@staff_required(Capability.EDIT_PERSON)
def person_part(request: HttpRequest, person_id, part: str, pk: int | None = None) -> HttpResponse:
    if part not in PART_FORMS:
        raise Http404
    person = access_person(request.user, person_id, event_type=EventType.PERSON_EDIT,
                           capability=Capability.EDIT_PERSON, record=request.method == "GET")
    model = services.PART_MODELS[part]
    instance = get_object_or_404(model, pk=pk, person=person) if pk else model(person=person)
    form_class = PART_FORMS[part]
    extra = {"person": person} if part == "statuses" else {}
    form = form_class(request.POST or None, instance=instance, **extra)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        try:
            services.save_person_part(actor=request.user, person=person, instance=instance, data=data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(f"{_detail_url(person)}#{part}")
    title = PART_TITLES[part][1 if pk else 0]
    return render(request, "registry/part_form.html", {"form": form, "person": person, "title": title, "part": part})


def _detail_url(person) -> str:
    return reverse("registry:person_detail", kwargs={"person_id": person.pk})


@staff_required(Capability.VIEW_HISTORY)
def person_history(request: HttpRequest, person_id) -> HttpResponse:
    person = access_person(request.user, person_id, event_type=EventType.PERSON_HISTORY,
                           capability=Capability.VIEW_HISTORY)
    return render(request, "registry/person_history.html", {
        "person": person, "entries": selectors.person_history(person),
    })


@require_GET
@staff_required(Capability.EDIT_PERSON)
def territory_suggestions(request: HttpRequest) -> JsonResponse:
    matches = selectors.territory_matches(request.GET.get("q", ""))
    return JsonResponse({"results": [{"value": f"{t.full_name} ({t.code})"} for t in matches]})
