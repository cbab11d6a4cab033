"""Officers' pages for the queue decisions (CQ-RM-1..5) and the allocation of cars
(CQ-CAT-3, item 41). Regional officers decide for their region; national bodies read.
Entries of another region are a 404. Every irreversible step has a confirmation page
(GET shows it, POST does it).
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cbi.accounts.decorators import staff_required
from cbi.accounts.roles import Capability, has_capability
from cbi.audit.access import EventType, access_car_offer, access_queue_decision, access_queue_entry, note_read
from cbi.letters.registry import render_letter
from cbi.letters.responses import letter_response
from cbi.registry.marks import mark_persons
from cbi.web.forms import add_errors_above

from ..models import CarOffer, QueueDecision, QueueEntry
from ..rules.citations import citation
from . import services
from .forms import BatchForm, HumanitarianForm, NoteForm, ReasonForm, ReviewForm
from .selectors import batches_visible_to, decided_in_period, decisions_visible_to, entries_visible_to, region_of


VIEW = Capability.VIEW_QUEUE_DECISIONS
DECIDE = Capability.DECIDE_QUEUE


def _can_decide(user, region) -> bool:
    return has_capability(user, DECIDE) and region_of(user) is not None and region_of(user) == region


def _decider_or_404(request, region) -> None:
    """Deciding is for the officers of the entry's region; for others the page does not exist."""
    if not _can_decide(request.user, region):
        raise Http404


def _overdue(decision: QueueDecision, today) -> bool:
    return decision.deadline_on is not None and decision.deadline_on < today


@staff_required(VIEW)
def removal_list(request: HttpRequest) -> HttpResponse:
    """Proposed removals and warnings with their deadlines (overdue marked), and flagged entries."""
    today = timezone.localdate()
    open_ = decisions_visible_to(request.user).filter(status=QueueDecision.Status.PROPOSED,
                                                      entry__status=QueueEntry.Status.ACTIVE)
    open_ = sorted(open_, key=lambda d: (d.deadline_on or d.effective_on, d.pk))
    rows = [{"decision": d, "overdue": _overdue(d, today)} for d in open_]
    flagged = [e for e in entries_visible_to(request.user).filter(status=QueueEntry.Status.ACTIVE).order_by("pk")
               if e.flags]
    decided = _decided(request)
    mark_persons(request.user, [d.entry.person for d in (*open_, *(decided["rows"] if decided else ()))]
                 + [e.person for e in flagged])
    return render(request, "carqueue/removal_list.html", {
        "decided": decided,
        "proposals": [r for r in rows if r["decision"].kind == QueueDecision.Kind.REMOVAL],
        "warnings": [r for r in rows if r["decision"].kind == QueueDecision.Kind.FLAG],
        "flagged": flagged, "today": today,
        "can_decide": has_capability(request.user, DECIDE) and region_of(request.user) is not None,
    })


DECIDED_KINDS = {QueueDecision.Kind.REMOVAL: gettext_lazy("Removals from the queue"),
                 QueueDecision.Kind.CAR_PROVIDED: gettext_lazy("Cars provided")}


def _decided(request) -> dict | None:
    """The decided removals or cars provided behind a dashboard figure (``?decided=removal&rule=…
    &since=YYYY-MM-DD``), at most 200 of them; None when the page is opened without ``decided``."""
    kind = request.GET.get("decided", "")
    if kind not in DECIDED_KINDS:
        return None
    try:
        since = date.fromisoformat(request.GET["since"]) if request.GET.get("since") else None
        until = date.fromisoformat(request.GET["until"]) if request.GET.get("until") else None
    except ValueError:
        return {"title": DECIDED_KINDS[kind], "error": _("The period in the address is not a date. Open the list "
                                                          "again from the dashboard."), "rows": []}
    rule_id = request.GET.get("rule", "")[:16]
    rows = list(decided_in_period(request.user, kind=kind, rule_id=rule_id, since=since, until=until)[:200])
    return {"title": DECIDED_KINDS[kind], "rule_id": rule_id, "since": since, "until": until, "rows": rows}


def _decision_form(request, decision: QueueDecision, *, action: str) -> HttpResponse:
    entry = decision.entry
    _decider_or_404(request, entry.region)
    if decision.status != QueueDecision.Status.PROPOSED or entry.status != QueueEntry.Status.ACTIVE:
        messages.info(request, _("This proposal has already been decided."))
        return redirect("carqueue:removal_entry", pk=entry.pk)
    if request.method == "GET":
        note_read(request.user, decision, event_type=EventType.CAR_QUEUE_ENTRY)
    form_class = NoteForm if action == "confirm" else ReasonForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if action == "confirm":
                services.confirm_removal(decision=decision, actor=request.user, note=form.cleaned_data["note"])
                messages.success(request, _("The person is removed from the queue. The numbers in the category "
                                            "are recomputed; the person gets the written decision."))
            else:
                services.dismiss_removal(decision=decision, actor=request.user, note=form.cleaned_data["note"])
                messages.success(request, _("The proposal is dismissed. The person stays in the queue."))
        except ValidationError as error:
            add_errors_above(form, error)
        else:
            return redirect("carqueue:removal_entry", pk=entry.pk)
    if action == "confirm":
        title, button = _("Confirm the removal from the queue"), _("Remove from the queue")
    elif decision.kind == QueueDecision.Kind.FLAG:
        title, button = _("Dismiss the warning"), _("Dismiss the warning")
    else:
        title, button = _("Dismiss the proposed removal"), _("Dismiss the proposal")
    return render(request, "carqueue/removal_decide.html", {
        "decision": decision, "entry": entry, "form": form, "title": title, "button": button, "action": action,
    })


@staff_required(DECIDE)
@require_http_methods(["GET", "POST"])
def removal_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    decision = access_queue_decision(request.user, pk, capability=DECIDE,
                                     require=lambda d: d.kind == QueueDecision.Kind.REMOVAL, record=False)
    return _decision_form(request, decision, action="confirm")


@staff_required(DECIDE)
@require_http_methods(["GET", "POST"])
def removal_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    decision = access_queue_decision(request.user, pk, capability=DECIDE, record=False)
    return _decision_form(request, decision, action="dismiss")


@staff_required(VIEW)
def removal_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """An entry's decisions, newest first, with the letters and the possible steps."""
    entry = access_queue_entry(request.user, pk)
    decisions = list(entry.decisions.select_related("decided_by").order_by("-decided_at", "-id"))
    return render(request, "carqueue/removal_entry.html", {
        "entry": entry, "decisions": decisions, "can_decide": _can_decide(request.user, entry.region),
        "letter_kinds": (QueueDecision.Kind.REMOVAL, QueueDecision.Kind.RESTORATION),
        "number_changes": list(entry.number_changes.all()[:20]), "today": timezone.localdate(),
    })


@staff_required(DECIDE)
@require_http_methods(["GET", "POST"])
def removal_restore(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access_queue_entry(request.user, pk, capability=DECIDE, record=request.method == "GET",
                               require=lambda e: _can_decide(request.user, e.region)
                               and e.status == QueueEntry.Status.REMOVED)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.restore_entry(entry=entry, actor=request.user, reason=form.cleaned_data["note"])
        except ValidationError as error:
            add_errors_above(form, error)
        else:
            messages.success(request, _("The person is restored in the queue. The numbers in the category are "
                                        "recomputed; the person gets the written decision."))
            return redirect("carqueue:removal_entry", pk=entry.pk)
    return render(request, "carqueue/removal_decide.html", {
        "entry": entry, "form": form, "title": _("Restore in the queue"), "button": _("Restore in the queue"),
        "action": "restore",
    })


@staff_required(DECIDE)
@require_http_methods(["GET", "POST"])
def removal_clear_flag(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    entry = access_queue_entry(request.user, pk, capability=DECIDE, record=request.method == "GET",
                               require=lambda e: _can_decide(request.user, e.region)
                               and bool(services.open_flags(e, code)))
    review = code == services.GROUNDS_REVIEW_FLAG
    form = (ReviewForm if review else ReasonForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if review and form.cleaned_data["outcome"] == ReviewForm.REMOVE:
                proposal = services.propose_removal_on_review(entry=entry, actor=request.user, note=note)
            else:
                services.clear_flag(entry=entry, code=code, on=timezone.localdate(), actor=request.user,
                                    reason_uk=note)
        except ValidationError as error:
            add_errors_above(form, error)
        else:
            if review and form.cleaned_data["outcome"] == ReviewForm.REMOVE:
                messages.success(request, _("The removal is proposed. Confirm it to remove the person from the "
                                            "queue."))
                return redirect("carqueue:removal_confirm", pk=proposal.pk)
            messages.success(request, _("The person stays in the queue and gets the decision.") if review
                             else _("The flag is cleared."))
            return redirect("carqueue:removal_entry", pk=entry.pk)
    title = _("Decide on the lost condition") if review else _("Clear the flag")
    flag = services.open_flags(entry, code)[0]
    return render(request, "carqueue/removal_decide.html", {
        "entry": entry, "form": form, "title": title, "button": _("Save the decision") if review else title,
        "action": "review" if review else "clear_flag", "flag": flag,
        "flag_citation": citation(flag["rule_id"]) if review else "",
    })


@staff_required(VIEW)
def removal_letter(request: HttpRequest, pk: int) -> HttpResponse:
    decision = access_queue_decision(request.user, pk, require=lambda d: d.status == QueueDecision.Status.CONFIRMED
                                     and d.kind in (QueueDecision.Kind.REMOVAL, QueueDecision.Kind.RESTORATION))
    return letter_response(render_letter(kind="carqueue.queue_decision", subject=decision),
                           filename=f"queue-decision-{decision.pk}.pdf")


# --- allocation ---------------------------------------------------------------------------------


@staff_required(VIEW)
def allocation_list(request: HttpRequest) -> HttpResponse:
    batches = batches_visible_to(request.user).order_by("-arrived_on", "-pk")
    humanitarian = list(CarOffer.objects.filter(humanitarian=True, entry__in=entries_visible_to(request.user))
                        .select_related("entry__person").order_by("-offered_on", "-pk"))
    mark_persons(request.user, [offer.entry.person for offer in humanitarian])
    return render(request, "carqueue/allocation_list.html", {
        "batches": batches, "humanitarian": humanitarian,
        "can_decide": has_capability(request.user, DECIDE) and region_of(request.user) is not None,
    })


@staff_required(DECIDE)
@require_http_methods(["GET", "POST"])
def allocation_new(request: HttpRequest) -> HttpResponse:
    """The batch form; POST shows the proposed shares to confirm; POST with ``confirm`` records it."""
    region = region_of(request.user)
    if region is None:
        raise Http404
    form = BatchForm(request.POST or None)
    if request.method == "POST" and "back" not in request.POST and form.is_valid():
        data = form.cleaned_data
        if "confirm" in request.POST:
            try:
                batch = services.record_batch(actor=request.user, region=region, arrived_on=data["arrived_on"],
                                                cars=data["cars"])
            except ValidationError as error:
                add_errors_above(form, error)
            else:
                messages.success(request, _("The batch is recorded and the cars are offered to the top of each "
                                            "category's queue."))
                return redirect("carqueue:allocation_detail", pk=batch.pk)
        else:
            result, shares = services.propose_batch(region=region, cars=data["cars"])
            return render(request, "carqueue/allocation_confirm.html", {
                "form": form, "shares": shares, "unallocated": result.unallocated, "region": region,
                "hidden": [form["arrived_on"], form["cars"]],
            })
    return render(request, "carqueue/allocation_new.html", {"form": form, "region": region})


@staff_required(VIEW)
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(batches_visible_to(request.user), pk=pk)
    offers = batch.offers.select_related("entry", "entry__person").order_by("category", "offered_on", "pk")
    return render(request, "carqueue/allocation_detail.html", {
        "batch": batch, "offers": offers, "can_decide": _can_decide(request.user, batch.region),
        "labels": {c: services.category_label(c) for c in batch.allocation.get("counts", {})},
    })


@staff_required(DECIDE)
@require_http_methods(["GET", "POST"])
def allocation_answer(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    if answer not in ("accept", "decline"):
        raise Http404
    offer = access_car_offer(request.user, pk, require=lambda o: _can_decide(request.user, o.entry.region),
                             record=False)
    if offer.status != CarOffer.Status.OFFERED:
        messages.info(request, _("The offer has already been answered."))
        return redirect("carqueue:allocation_detail", pk=offer.batch_id)
    if request.method == "GET":
        note_read(request.user, offer, event_type=EventType.CAR_QUEUE_ENTRY)
    if request.method == "POST":
        try:
            if answer == "accept":
                services.accept_offer(offer=offer, actor=request.user)
                messages.success(request, _("The car is provided. The numbers in the category are recomputed."))
            else:
                following = services.decline_offer(offer=offer, actor=request.user)
                messages.success(request, _("The offer is declined; the car is offered to the next in line.")
                                 if following else _("The offer is declined; nobody else is waiting in the category: "
                                                     "the car is left unallocated."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("carqueue:allocation_detail", pk=offer.batch_id)
    title = _("The person accepts the car") if answer == "accept" else _("The person declines the car")
    return render(request, "carqueue/allocation_answer.html", {"offer": offer, "answer": answer, "title": title})


@staff_required(DECIDE)
@require_http_methods(["GET", "POST"])
def allocation_humanitarian(request: HttpRequest) -> HttpResponse:
    """Item 41: a humanitarian car for a named enrolled person, with consent; confirmed on a second page."""
    region = region_of(request.user)
    if region is None:
        raise Http404
    form = HumanitarianForm(request.POST or None, region=region)
    if request.method == "POST" and "back" not in request.POST and form.is_valid():
        data = form.cleaned_data
        if "confirm" in request.POST:
            try:
                services.issue_humanitarian(entry=data["entry"], actor=request.user, on=data["issued_on"],
                                              consent=data["consent"], note=data["note"])
            except ValidationError as error:
                add_errors_above(form, error)
            else:
                messages.success(request, _("The humanitarian car is issued outside the queue."))
                return redirect("carqueue:removal_entry", pk=data["entry"].pk)
        else:
            access_queue_entry(request.user, data["entry"].pk, capability=DECIDE)
            return render(request, "carqueue/allocation_humanitarian_confirm.html", {
                "form": form, "entry": data["entry"],
                "hidden": [form[name] for name in ("entry", "issued_on", "note", "consent")],
            })
    return render(request, "carqueue/allocation_humanitarian.html", {"form": form})
