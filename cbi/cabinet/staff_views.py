"""Officers' side of the cabinet: issuing authorization codes (EC-CODE-1)
and answering "report an error" requests."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cbi.accounts import codes
from cbi.cabinet import code_delivery
from cbi.accounts.decorators import staff_required
from cbi.accounts.roles import Capability
from cbi.letters.registry import render_letter
from cbi.letters.responses import letter_response
from cbi.registry.models import Representative
from cbi.audit.access import Purpose, access_correction_request, access_person
from cbi.web.links import absolute_url

from . import services
from .forms import IssueCodeForm

RECEIPT_KEY = "cabinet_receipt"


@staff_required(Capability.ISSUE_AUTHORIZATION_CODE)
@never_cache
def issue_code(request: HttpRequest, person_id) -> HttpResponse:
    person = access_person(request.user, person_id, capability=Capability.ISSUE_AUTHORIZATION_CODE,
                           purpose=Purpose.CABINET_ACCESS, record=request.method == "GET")
    representatives = list(Representative.objects.filter(person=person))
    form = IssueCodeForm(request.POST or None, person=person, representatives=representatives)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        representative = data["holder"]
        cabinet_url = absolute_url("cabinet:register_code")
        record, plain, deliveries = code_delivery.issue_and_deliver(
            actor=request.user, person=person, representative=representative, channels=data["channels"],
            email=data["email"], phone=data["phone"], cabinet_url=cabinet_url,
        )
        # The plain code lives only in this officer's session until the
        # receipt is downloaded once (or the session ends).
        request.session[RECEIPT_KEY] = {"id": record.pk, "code": plain}
        holder = representative.full_name if representative else person.full_name
        failed = [(d, d.failure_message()) for d in deliveries if d.outcome == d.Outcome.FAILED]
        sent = [d for d in deliveries if d.outcome == d.Outcome.SENT]
        large_print = any(d.channel == d.Channel.LARGE_PRINT for d in deliveries) or bool(failed)
        return render(request, "cabinet/staff/code_issued.html", {
            "person": person, "record": record, "code": plain, "holder": holder, "representative": representative,
            "sent": sent, "failed": failed, "large_print": large_print,
            "code_groups": plain.split("-"), "cabinet_url": cabinet_url,
        })
    return render(request, "cabinet/staff/issue_code.html", {
        "person": person, "form": form, "active": codes.active_code(person),
    })


@staff_required(Capability.ISSUE_AUTHORIZATION_CODE)
@never_cache
def receipt_pdf(request: HttpRequest, person_id) -> HttpResponse:
    pending = request.session.pop(RECEIPT_KEY, None)
    if not pending:
        raise Http404("The receipt was already printed; issue a new code.")
    person = access_person(request.user, person_id, capability=Capability.ISSUE_AUTHORIZATION_CODE,
                           purpose=Purpose.CABINET_ACCESS)
    from cbi.accounts.models import AuthorizationCode

    record = get_object_or_404(AuthorizationCode, pk=pending["id"], person=person)
    return letter_response(render_letter(kind="cabinet.code_receipt", subject=record, code=pending["code"]),
                           filename="receipt.pdf")


def render_receipt(record, plain: str) -> bytes:
    """The printable receipt with the authorization code (EC-CODE-1): the letter kind
    ``cabinet.code_receipt`` (cabinet/letters.py), kept as a shortcut with its old name and signature."""
    return render_letter(kind="cabinet.code_receipt", subject=record, code=plain)


@staff_required(Capability.EDIT_PERSON)
def handle_correction(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_correction_request(request.user, pk, record=request.method == "GET")
    from .forms import CorrectionAnswerForm

    form = CorrectionAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.handle_correction(actor=request.user, item=item, answer=form.cleaned_data["answer"])
        messages.success(request, _("The answer is sent to the person's cabinet."))
        return redirect("registry:person_detail", person_id=item.person_id)
    return render(request, "cabinet/staff/handle_correction.html", {"item": item, "form": form})
