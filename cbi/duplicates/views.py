"""The officers' work list of suspected duplicates, the side-by-side page, the merge with its
confirmation, and the administrators' list of merges with the reversal (docs/duplicates.md)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cbi.accounts.decorators import staff_required
from cbi.accounts.roles import Capability
from cbi.audit.access import EventType, note_read
from cbi.registry.marks import mark_persons
from cbi.web import keep
from cbi.web.forms import add_validation_error

from . import selectors, services
from .forms import DismissForm, ReverseForm, SurvivorForm
from .models import DuplicatePair

LIST_LIMIT = 200


def _pair_or_404(request: HttpRequest, pk, *, record: bool = True) -> DuplicatePair:
    """The pair when both its persons are in the user's scope (404 otherwise, as for a missing
    one); both persons' records are shown, so both reads go to the access log."""
    found = get_object_or_404(selectors.pairs_visible_to(request.user), pk=pk)
    if record:
        for person in (found.person_a, found.person_b):
            note_read(request.user, person, event_type=EventType.PERSON_RECORD)
    return found


@staff_required(Capability.MERGE_DUPLICATES)
def work_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.enqueue_scan(actor=request.user)
        messages.success(request, _("The search for duplicates has started. New pairs appear in this list when it "
                                    "finishes; refresh the page in a few minutes."))
        return redirect("duplicates:list")
    pairs = selectors.open_pairs_for(request.user)
    shown = list(pairs[:LIST_LIMIT])
    decided = list(selectors.pairs_visible_to(request.user).exclude(status=DuplicatePair.Status.OPEN)
                   .order_by("-decided_at")[:20])
    mark_persons(request.user, [person for pair in (*shown, *decided) for person in (pair.person_a, pair.person_b)])
    return render(request, "duplicates/list.html", {
        "pairs": shown, "total": pairs.count(), "limit": LIST_LIMIT, "decided": decided,
    })


def _pair_page(request, found, *, dismiss_form=None, survivor_form=None, status=200):
    return render(request, "duplicates/pair.html", {
        "pair": found, "rows": selectors.comparison(found),
        "dismiss_form": dismiss_form or DismissForm(),
        "survivor_form": survivor_form or SurvivorForm(pair=found),
    }, status=status)


def action_for_enter(post) -> str:
    """Enter pressed in the one page form (no named button): "Not a duplicate" only when a reason is
    typed and no record is chosen; otherwise "Continue to merge", which only shows the confirmation."""
    if post.get("reason", "").strip() and not post.get("survivor"):
        return "dismiss"
    return "merge"


@staff_required(Capability.MERGE_DUPLICATES)
def pair(request: HttpRequest, pk) -> HttpResponse:
    """The side-by-side page. Its one form (so the header's switches keep what was typed without
    JavaScript) has two buttons: "Continue to merge" (to the confirmation) and "Not a duplicate"."""
    found = _pair_or_404(request, pk, record=request.method != "POST")
    if request.method != "POST":
        return _pair_page(request, found)
    action = request.POST.get("action")
    if action == "enter":
        action = action_for_enter(request.POST)
    if action == "dismiss":
        return _dismiss(request, pk)
    form = SurvivorForm(request.POST, pair=found)
    if form.is_valid():
        return redirect(f"{reverse('duplicates:merge', args=[found.pk])}?{urlencode({'survivor': form.cleaned_data['survivor']})}")
    _pair_or_404(request, pk)  # the page with both records comes back: both reads are logged
    keep.show(request.POST)  # the reason typed stays in its box
    return _pair_page(request, found, survivor_form=form)


@staff_required(Capability.MERGE_DUPLICATES)
def dismiss(request: HttpRequest, pk) -> HttpResponse:
    if request.method != "POST":
        _pair_or_404(request, pk, record=False)
        return HttpResponseNotAllowed(["POST"])
    return _dismiss(request, pk)


def _dismiss(request: HttpRequest, pk) -> HttpResponse:
    found = _pair_or_404(request, pk)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            services.dismiss(actor=request.user, pair_id=found.pk, reason=form.cleaned_data["reason"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Kept as two different persons, with your reason."))
            return redirect("duplicates:list")
    keep.show(request.POST)  # the record chosen stays chosen
    return _pair_page(request, found, dismiss_form=form)


@staff_required(Capability.MERGE_DUPLICATES)
def merge(request: HttpRequest, pk) -> HttpResponse:
    """GET ?survivor=…: the confirmation (what moves where); POST with confirm: the merge."""
    found = _pair_or_404(request, pk)
    data = request.POST if request.method == "POST" else request.GET
    form = SurvivorForm(data, pair=found)
    if not form.is_valid():
        return _pair_page(request, found, survivor_form=form)
    survivor_id = form.cleaned_data["survivor"]
    if request.method == "POST":
        try:
            result = services.merge(actor=request.user, pair_id=found.pk, survivor_id=survivor_id)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_validation_error(form, error)
            return _pair_page(request, found, survivor_form=form)
        messages.success(request, _("The records are merged: %(count)s records moved to %(person)s.") % {
            "count": len(result.moved), "person": result.survivor.full_name})
        return redirect("duplicates:list")
    survivor, merged = ((found.person_a, found.person_b) if survivor_id == str(found.person_a_id)
                        else (found.person_b, found.person_a))
    return render(request, "duplicates/merge_confirm.html", {
        "pair": found, "survivor": survivor, "merged": merged,
        "moving": [row for row in selectors.moving_counts(merged) if row[1]],
    })


@staff_required(Capability.REVERSE_MERGE)
def merges(request: HttpRequest) -> HttpResponse:
    return render(request, "duplicates/merges.html", {"merges": selectors.merges_visible_to(request.user)[:200]})


@staff_required(Capability.REVERSE_MERGE)
def merge_detail(request: HttpRequest, pk) -> HttpResponse:
    found = get_object_or_404(selectors.merges_visible_to(request.user), pk=pk)
    for person in (found.survivor, found.merged):
        note_read(request.user, person, event_type=EventType.PERSON_RECORD)
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reverse_merge(actor=request.user, merge_id=found.pk, reason=form.cleaned_data["reason"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The merge is reversed: %(count)s records moved back to %(person)s.") % {
                "count": len(found.moved), "person": found.merged.full_name})
            return redirect("duplicates:merge_detail", pk=found.pk)
    return render(request, "duplicates/merge_detail.html", {
        "merge": found, "form": form, "moved": selectors.moved_summary(found),
    })
