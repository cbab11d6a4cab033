"""§2: consent the person controls, in the cabinet (docs/agencies-api.md, "Consent rules").

The person — or their legal representative, for the person they act for — sees which agencies
may ask about them, for what purpose, on which legal basis and until when; gives a consent where a
purpose needs one; withdraws it after a confirmation, effective at once (AG-CONS-1..3)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cbi.cabinet.selectors import acting_for, is_representative_for
from cbi.cabinet.views import cabinet_required

from . import selectors, services
from .models import AgencyPurpose, Consent


def _person_or_home(request):
    return acting_for(request)


@cabinet_required
def consents(request: HttpRequest) -> HttpResponse:
    person = _person_or_home(request)
    if person is None:
        return redirect("cabinet:home")
    return render(request, "agencies/consents.html", {
        "person": person, "rows": selectors.purposes_for_person(person),
        "history": selectors.consent_history(person),
        "acting_as_representative": is_representative_for(request.user, person),
    })


@cabinet_required
@require_POST
def grant(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_home(request)
    purpose = AgencyPurpose.objects.select_related("client").filter(pk=pk, client__active=True).first()
    if person is None or purpose is None or not purpose.is_current():
        raise Http404
    try:
        services.grant_consent(user=request.user, person=person, purpose=purpose)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Consent given: %(agency)s may now ask about you for this purpose: "
                                    "%(purpose)s.") % {"agency": purpose.client.name, "purpose": purpose.name})
    return redirect("agencies:consents")


@cabinet_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page (GET), then the withdrawal (POST)."""
    person = _person_or_home(request)
    consent = (Consent.objects.select_related("purpose__client")
               .filter(pk=pk, person=person, withdrawn_at__isnull=True).first() if person else None)
    if consent is None:
        raise Http404
    if request.method == "POST":
        try:
            services.withdraw_consent(user=request.user, consent=consent)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Consent withdrawn. From now on %(agency)s gets no answer about you for "
                                        "this purpose.") % {"agency": consent.purpose.client.name})
        return redirect("agencies:consents")
    return render(request, "agencies/withdraw.html", {"person": person, "consent": consent})
