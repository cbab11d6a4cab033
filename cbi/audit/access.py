"""The one way a view reads a person's data: fetch, check, record — in one call.

Each helper takes the signed-in user and the id from the URL, fetches the object within
the user's scope (the one rule, ``cbi.organizations.scope``, applied by ``persons_visible_to``,
``applications_visible_to``, …), checks the capability, writes one ``AccessEvent`` and
returns the object. A missing object, an object outside the scope, a missing capability
and a failed ``require`` all raise the same ``Http404``: nobody learns that an id exists
from the answer (Zulip's ``access_stream_by_id`` does the same). Nothing is recorded when
the read is refused.

``record=False`` fetches without recording, for a view that decides after the fetch whether
it shows anything at all; it then calls ``note_read`` once it does. A test
(tests/audit/test_every_read_is_logged.py) requests every staff route with an object id and
fails when a view shows personal data without an event, and another fails when a view
fetches personal-data models any other way.

The domain apps' modules are imported inside the helpers: the audit app sits below them and
they import this module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.http import Http404

from cbi.accounts.roles import Capability, has_capability

from .models import AccessEvent
from .services import record_read

EventType = AccessEvent.EventType
Purpose = AccessEvent.Purpose


def _access(user, queryset: QuerySet, pk, *, capability: Capability | None, event_type: str,
            purpose: str | None = None, require: Callable[[Any], bool] | None = None, record: bool = True):
    if capability is not None and not has_capability(user, capability):
        raise Http404
    try:
        obj = queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
    if require is not None and not require(obj):
        raise Http404
    if record:
        record_read(user=user, event_type=event_type, obj=obj, purpose=purpose)
    return obj


def note_read(user, obj, *, event_type: str, purpose: str | None = None) -> None:
    """Record a read of an object fetched with ``record=False`` (it is already in scope)."""
    record_read(user=user, event_type=event_type, obj=obj, purpose=purpose)


# --- registry ---------------------------------------------------------------------------------


def access_person(user, person_id, *, event_type: str = EventType.PERSON_RECORD,
                  capability: Capability | None = Capability.VIEW_PERSON, purpose: str | None = None,
                  record: bool = True):
    from cbi.registry.selectors import persons_visible_to

    return _access(user, persons_visible_to(user), person_id, capability=capability, event_type=event_type,
                   purpose=purpose, record=record)


def access_correction_request(user, pk, *, record: bool = True):
    from cbi.cabinet.models import CorrectionRequest
    from cbi.registry.selectors import persons_visible_to

    queryset = CorrectionRequest.objects.select_related("person").filter(person__in=persons_visible_to(user))
    return _access(user, queryset, pk, capability=Capability.EDIT_PERSON,
                   event_type=EventType.CORRECTION_REQUEST, record=record)


# --- documents --------------------------------------------------------------------------------


def access_document(user, document_id):
    """A file the user may open: staff within their scope, or the cabinet user acting for the
    person (recorded with the cabinet channel, and not shown as someone else's read)."""
    from cbi.documents.selectors import document_openable_by

    try:
        found = document_openable_by(user, document_id)
    except (ValueError, ValidationError):
        found = None
    if found is None:
        raise Http404
    document, channel = found
    record_read(user=user, event_type=EventType.DOCUMENT_FILE, obj=document, channel=channel)
    return document


# --- primary registration ---------------------------------------------------------------------


def access_primary_registration(user, registration_id, *, record: bool = True):
    from cbi.primary.selectors import registrations_for_review

    queryset = registrations_for_review(user).select_related("territory", "person")
    return _access(user, queryset, registration_id, capability=Capability.REVIEW_PRIMARY_REGISTRATION,
                   event_type=EventType.PRIMARY_REGISTRATION, record=record)


# --- assistive products -----------------------------------------------------------------------


def access_product_application(user, pk, *, capability: Capability = Capability.VIEW_PRODUCT_APPLICATIONS,
                               require: Callable[[Any], bool] | None = None, record: bool = True):
    from cbi.applications.selectors import applications_for_staff

    return _access(user, applications_for_staff(user), pk, capability=capability,
                   event_type=EventType.PRODUCT_APPLICATION, require=require, record=record)


def access_referral(user, pk, *, require: Callable[[Any], bool] | None = None, record: bool = True):
    """An electronic referral addressed to the enterprise the user works for (the enterprise
    portal, issue #16 §1), with the person it is for."""
    from cbi.applications.selectors import referrals_for_enterprise

    return _access(user, referrals_for_enterprise(user), pk, capability=Capability.WORK_REFERRALS,
                   event_type=EventType.PRODUCT_APPLICATION, purpose=Purpose.ASSISTIVE_PRODUCTS, require=require,
                   record=record)


# --- car queue --------------------------------------------------------------------------------


def access_car_application(user, pk, *, require: Callable[[Any], bool] | None = None, record: bool = True):
    from cbi.carqueue.intake.selectors import applications_visible_to

    return _access(user, applications_visible_to(user), pk, capability=Capability.VIEW_CAR_APPLICATIONS,
                   event_type=EventType.CAR_APPLICATION, require=require, record=record)


def access_queue_entry(user, pk, *, capability: Capability = Capability.VIEW_QUEUE_DECISIONS,
                       require: Callable[[Any], bool] | None = None, record: bool = True):
    from cbi.carqueue.decisions.selectors import entries_visible_to

    return _access(user, entries_visible_to(user), pk, capability=capability,
                   event_type=EventType.CAR_QUEUE_ENTRY, require=require, record=record)


def access_queue_decision(user, pk, *, capability: Capability = Capability.VIEW_QUEUE_DECISIONS,
                          require: Callable[[Any], bool] | None = None, record: bool = True):
    from cbi.carqueue.decisions.selectors import decisions_visible_to

    return _access(user, decisions_visible_to(user), pk, capability=capability,
                   event_type=EventType.CAR_QUEUE_ENTRY, require=require, record=record)


def access_car_offer(user, pk, *, require: Callable[[Any], bool] | None = None, record: bool = True):
    from cbi.carqueue.models import CarOffer
    from cbi.carqueue.decisions.selectors import entries_visible_to

    queryset = CarOffer.objects.filter(entry__in=entries_visible_to(user), humanitarian=False).select_related(
        "entry__person", "batch")
    return _access(user, queryset, pk, capability=Capability.DECIDE_QUEUE, event_type=EventType.CAR_QUEUE_ENTRY,
                   require=require, record=record)


# --- complaints -------------------------------------------------------------------------------


def access_complaint(user, pk, *, record: bool = True):
    """A complaint addressed to the user's body, with the person it concerns."""
    from cbi.complaints.selectors import complaints_to_review

    return _access(user, complaints_to_review(user), pk, capability=Capability.REVIEW_COMPLAINTS,
                   event_type=EventType.COMPLAINT, record=record)
