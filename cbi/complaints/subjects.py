"""The kinds of decision a person may complain about, each an adapter from its record to what
a complaint needs: whose decision it is, when it was made, who reviews a complaint, and where
the decision is shown. One entry per kind in ``SUBJECTS``; the rest of the app reads only this.

Which body reviews: a complaint goes to the body above the one that decided
(``cbi.letters.appeals.HIGHER_BODY``): a district office's decision to its regional department,
a regional department's car-queue decision to the Ministry of Social Policy.

An upheld complaint cancels the decision and reopens the case by itself through the deciding
app's own service (``cbi.complaints.reopen``), which writes the case's history.
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
    #: What the reviewing officer reads beside the complaint: (label, value) pairs of the case.
    case_facts: tuple = ()


@dataclass(frozen=True)
class SubjectKind:
    name: str
    label: Any
    #: The record by id among those a cabinet user may act for, or None.
    for_cabinet: Callable[[Any, str], Any]
    #: The record by id (no scope: the complaint carries the scope), or None.
    by_id: Callable[[str], Any]
    decision: Callable[[Any], Decision | None]
    #: An upheld complaint reopens the case by itself (``reopen.REOPEN[name]``, kept apart so that
    #: reading complaints never imports the deciding apps' services); False: the body that
    #: decided decides again on the letter.
    reopens: bool = False
    #: The "uphold" choice of the reviewing officer's form: what upholding does to the case.
    upheld_label: Any = None


# --- assistive-product applications (EC-APP-5) ------------------------------------------------


def _product_application_for_cabinet(user, subject_id):
    from django.core.exceptions import ValidationError
    from django.http import Http404

    from cbi.applications.selectors import application_for_cabinet

    try:
        return application_for_cabinet(user, subject_id)
    except (Http404, ValidationError, ValueError):
        return None


def _application_by_pk(label: str, subject_id):
    """An application (``label``, e.g. "applications.ProductApplication") by its UUID with the
    person and the office's parent; None for a malformed or unknown id."""
    from django.apps import apps
    from django.core.exceptions import ValidationError

    try:
        return apps.get_model(label).objects.select_related("person", "office__parent").filter(pk=subject_id).first()
    except (ValidationError, ValueError):
        return None


def _product_application_by_id(subject_id):
    return _application_by_pk("applications.ProductApplication", subject_id)


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
    decision=_product_application_decision, reopens=True,
    upheld_label=_("Uphold the complaint: cancel the refusal, the application goes back to review"),
)

# --- the car queue: a refused application (CQ-FLOW-4) and a removal (CQ-RM-*) ------------------
# Both are decisions of the regional department; a complaint goes to the Ministry of Social
# Policy (``HIGHER_BODY["region"]``, the body every car-queue refusal letter names).


def ministry():
    """The Ministry of Social Policy (the one organization of its kind), or None."""
    from cbi.organizations.models import Organization

    return Organization.objects.filter(kind=Organization.Kind.MINISTRY).order_by("pk").first()


def _d(value) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def _car_refusal_for_cabinet(user, subject_id):
    from cbi.carqueue.queue.selectors import refusal_for_cabinet

    return refusal_for_cabinet(user, subject_id)


def _car_refusal_by_id(subject_id):
    return _application_by_pk("carqueue.CarApplication", subject_id)


def _car_refusal_decision(application) -> Decision | None:
    from cbi.carqueue import workflow

    refusal = application.events.filter(to_status=workflow.REFUSED).order_by("at", "id").last()
    if refusal is None:
        return None
    region = application.office.parent
    decided_on = application.decision_sent_on or timezone.localtime(refusal.at).date()
    failed = [rule for rule in (application.decision or {}).get("applied_rules", []) if rule.get("outcome") == "failed"]
    facts = [
        (_("Application"), _("No. %(number)s in the journal of %(office)s, received on %(date)s") % {
            "number": application.office_number, "office": application.office.name,
            "date": _d(application.received_on)}),
        (_("Kind of application"), application.get_kind_display()),
        (_("Decided by"), region.name if region else "—"),
        (_("Decided on"), _d(decided_on)),
        (_("Status now"), application.status_label),
        *[(_("Why refused"), f"{rule.get('reason_uk', '')} ({rule.get('citation', '')})") for rule in failed],
    ]
    return Decision(
        record=application, person=application.person,
        reference=str(application.office_number),  # the number the written decision carries
        decided_on=decided_on, decided_by=region, reviewing_body=ministry(),
        complainable=application.status == workflow.REFUSED,
        cabinet_url=reverse("cabinet:car_refusal", args=[application.pk]),
        staff_url=reverse("carqueue:application_detail", args=[application.pk]),
        summary=str(_("Refusal to enroll in the car queue")), case_facts=tuple(facts),
    )


CAR_REFUSAL = SubjectKind(
    name="car_refusal", label=_("refusal to enroll in the car queue"),
    for_cabinet=_car_refusal_for_cabinet, by_id=_car_refusal_by_id, decision=_car_refusal_decision,
    reopens=True,
    upheld_label=_("Uphold the complaint: cancel the refusal, the application goes back to the regional "
                   "department for a new decision"),
)


def _car_removal_for_cabinet(user, subject_id):
    from cbi.carqueue.queue.selectors import removal_for_cabinet

    return removal_for_cabinet(user, subject_id)


def _car_removal_by_id(subject_id):
    from cbi.carqueue.models import QueueDecision

    try:
        return QueueDecision.objects.select_related("entry__person", "entry__region").filter(
            pk=int(subject_id), kind=QueueDecision.Kind.REMOVAL).first()
    except (TypeError, ValueError):
        return None


def _car_removal_decision(removal) -> Decision | None:
    from cbi.carqueue.models import QueueDecision, QueueEntry

    if removal.kind != QueueDecision.Kind.REMOVAL or removal.status != QueueDecision.Status.CONFIRMED:
        return None
    entry = QueueEntry.objects.select_related("person", "region").get(pk=removal.entry_id)  # its state now
    facts = [
        (_("Queue"), f"{entry.region.name}; {entry.get_category_display()}"),
        (_("Enrollment date"), _d(entry.enrollment_date)),
        (_("Removed from"), _d(removal.effective_on)),
        (_("Why removed"), f"{removal.reason_uk} ({removal.citation})"),
        (_("Note"), removal.note or "—"),
        (_("Status now"), entry.get_status_display()),
    ]
    return Decision(
        record=removal, person=entry.person,
        reference=str(removal.pk),  # the number the written decision carries
        decided_on=timezone.localtime(removal.decided_at).date(), decided_by=entry.region,
        reviewing_body=ministry(), complainable=entry.status == QueueEntry.Status.REMOVED,
        cabinet_url=reverse("cabinet:car_removal", args=[removal.pk]),
        staff_url=reverse("carqueue:removal_entry", args=[entry.pk]),
        summary=str(_("Removal from the car queue")), case_facts=tuple(facts),
    )


CAR_REMOVAL = SubjectKind(
    name="car_removal", label=_("removal from the car queue"),
    for_cabinet=_car_removal_for_cabinet, by_id=_car_removal_by_id, decision=_car_removal_decision,
    reopens=True,
    upheld_label=_("Uphold the complaint: cancel the removal, the person is restored in the queue with the "
                   "enrollment date"),
)

SUBJECTS: dict[str, SubjectKind] = {kind.name: kind for kind in (PRODUCT_APPLICATION, CAR_REFUSAL, CAR_REMOVAL)}


def subject(name: str) -> SubjectKind | None:
    return SUBJECTS.get(name)
