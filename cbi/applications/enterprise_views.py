"""The enterprise portal (issue #16 §1): an enterprise that makes or supplies assistive products
sees only the electronic referrals addressed to it, and accepts, declines (with a reason), records
the fitting and records the delivery (date, serial number, the act of delivery). Thin views over
``services`` and ``selectors``; every opened referral is written to the person's access log
(``audit.access_referral``); a referral addressed elsewhere is the same 404 as a missing one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cbi.accounts.decorators import staff_required
from cbi.accounts.roles import Capability
from cbi.audit.access import access_referral
from cbi.documents import holding
from cbi.documents import selectors as document_selectors
from cbi.documents import services as document_services
from cbi.web.forms import add_validation_error

from . import referral_flow, selectors, services, workflow
from .error_codes import ApplicationsErrorCode
from .models import REFERRAL_ACTION_LABELS
from .staff_forms import DeliveryForm, ReferralReasonForm

PAGE_SIZE = 50
#: The act of delivery held while the form comes back with an error (HeldUpload.purpose).
DELIVERY_PURPOSE = "applications.delivery"


def _steps(referral) -> list[tuple[str, str]]:
    return [(action, REFERRAL_ACTION_LABELS[action])
            for action in referral_flow.next_steps(referral.status, workflow.ENTERPRISE)]


@staff_required(Capability.WORK_REFERRALS)
def referral_list(request: HttpRequest) -> HttpResponse:
    """The referrals addressed to the enterprise: open ones first (oldest due first), then the rest."""
    show_all = request.GET.get("all") == "1"
    items = selectors.referrals_for_enterprise(request.user)
    if not show_all:
        items = items.filter(status__in=referral_flow.OPEN_STATUSES)
    page = Paginator(items.order_by("due_on", "-issued_at"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "applications/enterprise/list.html", {
        "page": page, "show_all": show_all, "enterprise": services.enterprise_of(request.user)})


@staff_required(Capability.WORK_REFERRALS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = access_referral(request.user, pk)
    return render(request, "applications/enterprise/detail.html", {
        "referral": referral, "application": referral.application, "product": referral.application.the_product,
        "steps": _steps(referral), "referrals": [referral],
    })


@staff_required(Capability.WORK_REFERRALS)
@require_http_methods(["GET", "POST"])
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step on a referral: GET shows the confirmation (with the fields the step needs), POST takes it."""
    if action not in referral_flow.ENTERPRISE_ACTIONS:
        raise Http404
    referral = access_referral(request.user, pk, record=request.method == "GET")
    if action not in dict(_steps(referral)):
        messages.error(request, _("This step is not possible for the referral now: its status is “%(status)s”.")
                       % {"status": referral.status_label})
        return redirect("referrals_enterprise:detail", pk=referral.pk)
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    hold = {"actor": request.user, "purpose": DELIVERY_PURPOSE, "subject": str(referral.pk)}
    if action == referral_flow.RECORD_DELIVERY:
        here = request.path
        pressed = holding.file_button_response(request, here, ["act"], hold)
        if pressed is not None:
            return pressed
        form = DeliveryForm(*data, held=document_selectors.held_uploads(**hold),
                            replacing=holding.replacing_fields(request))
    elif action == referral_flow.DECLINE:
        form = ReferralReasonForm(*data)
    else:
        form = None
    valid = request.method == "POST" and (form is None or form.is_valid())
    if action == referral_flow.RECORD_DELIVERY and request.method == "POST":
        holding.hold_chosen_files(form, ["act"], hold)  # a chosen act is never lost to an error elsewhere
    if valid:
        values = dict(form.cleaned_data) if form is not None else {}
        opened = None
        if action == referral_flow.RECORD_DELIVERY:
            held = form.fields["act"].stored
            values["act"] = opened = document_services.held_file(held) if held is not None else values.get("act")
        try:
            services.enterprise_step(actor=request.user, referral=referral, action=action,
                                     reason=values.get("reason", ""), delivered_on=values.get("delivered_on"),
                                     serial_number=values.get("serial_number", ""), act_file=values.get("act"))
        except PermissionDenied:
            raise Http404 from None
        except referral_flow.TransitionNotAllowed:
            messages.error(request, _("This step is not possible for the referral now."))
            return redirect("referrals_enterprise:detail", pk=referral.pk)
        except workflow.ReasonRequired:
            form.add_error("reason", ValidationError(_("Write the reason."),
                                                     code=ApplicationsErrorCode.REASON_REQUIRED.value))
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            if action == referral_flow.RECORD_DELIVERY:
                document_services.discard_held(**hold)
            referral.refresh_from_db()
            messages.success(request, _("Done: %(step)s. The referral is now “%(status)s”.")
                             % {"step": REFERRAL_ACTION_LABELS[action], "status": referral.status_label})
            return redirect("referrals_enterprise:detail", pk=referral.pk)
        finally:
            if opened is not None:
                opened.close()
    return render(request, "applications/enterprise/act.html", {
        "referral": referral, "application": referral.application, "product": referral.application.the_product,
        "form": form, "action": action, "title": REFERRAL_ACTION_LABELS[action],
    })
