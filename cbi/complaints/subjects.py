"""The kinds of decision a person may complain about, each an adapter from its record to what
a complaint needs: whose decision it is, when it was made, who reviews a complaint, and where
the decision is shown. One entry per kind in ``SUBJECTS``; the rest of the app reads only this.

Which body reviews: a complaint goes to the body above the one that decided
(``cbi.letters.appeals.HIGHER_BODY``): a district office's decision to its regional department.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Decision:
    """What a complaint needs to know of one decision."""

    record: Any
    person: Any
    reference: str
    decided_on: date
    decided_by: Any          # the organization that decided
    reviewing_body: Any      # the organization a complaint goes to
    complainable: bool       # a refusal (only an adverse decision can be complained about)
    cabinet_url: str
    staff_url: str
    summary: str             # one line: what was decided, in the UI language


@dataclass(frozen=True)
class SubjectKind:
    name: str
    label: Any
    #: The record by id among those a cabinet user may act for, or None.
    for_cabinet: Callable[[Any, str], Any]
    #: The record by id (no scope: the complaint carries the scope), or None.
    by_id: Callable[[str], Any]
    decision: Callable[[Any], Decision | None]


# --- assistive-product applications (EC-APP-5) ------------------------------------------------


def _product_application_for_cabinet(user, subject_id):
    from django.core.exceptions import ValidationError
    from django.http import Http404

    from cbi.applications.selectors import application_for_cabinet

    try:
        return application_for_cabinet(user, subject_id)
    except (Http404, ValidationError, ValueError):
        return None


def _product_application_by_id(subject_id):
    from django.core.exceptions import ValidationError

    from cbi.applications.models import ProductApplication

    try:
        return ProductApplication.objects.select_related("person", "office__parent").filter(pk=subject_id).first()
    except (ValidationError, ValueError):
        return None


def _product_application_decision(application) -> Decision | None:
    from cbi.applications import workflow

    if not application.is_decided or application.decided_at is None:
        return None
    refused = application.events.filter(action=workflow.APPROVE).exists() is False
    return Decision(
        record=application, person=application.person, reference=application.decision_number or application.reference,
        decided_on=timezone.localtime(application.decided_at).date(), decided_by=application.office,
        reviewing_body=application.office.parent, complainable=refused,
        cabinet_url=reverse("applications_cabinet:detail", args=[application.pk]),
        staff_url=reverse("applications_staff:detail", args=[application.pk]),
        summary=str(_("Refusal of application %(reference)s")) % {"reference": application.reference},
    )


PRODUCT_APPLICATION = SubjectKind(
    name="product_application", label=_("decision on an application for an assistive product"),
    for_cabinet=_product_application_for_cabinet, by_id=_product_application_by_id,
    decision=_product_application_decision,
)

SUBJECTS: dict[str, SubjectKind] = {kind.name: kind for kind in (PRODUCT_APPLICATION,)}


def subject(name: str) -> SubjectKind | None:
    return SUBJECTS.get(name)
