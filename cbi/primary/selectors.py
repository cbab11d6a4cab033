"""Reads for primary registration: drafts by token, the officers' work list, duplicates."""

from __future__ import annotations

import hashlib
from datetime import date

from django.db.models import Q, QuerySet

from cbi.documents.models import Document
from cbi.documents.selectors import current_documents
from cbi.organizations.models import Organization
from cbi.registry.models import Person, Territory
from cbi.registry.selectors import offices_visible_to, persons_visible_to

from .models import PrimaryRegistration, Status


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def draft_for_token(token: str | None) -> PrimaryRegistration | None:
    """The application bound to a browser session (draft or returned for corrections)."""
    if not token:
        return None
    return PrimaryRegistration.objects.filter(
        token_hash=token_hash(token), status__in=[Status.DRAFT, Status.RETURNED]
    ).select_related("territory", "office").first()


def office_for_territory(territory: Territory | None) -> Organization | None:
    """The social protection office whose territory is the settlement's district
    (КАТОТТГ category P), or, in Kyiv, the city district (B). None when there is
    no such office (the whole city of Kyiv chosen, occupied territories)."""
    node = territory
    while node is not None:
        if node.category in (Territory.Category.DISTRICT, Territory.Category.CITY_DISTRICT):
            return Organization.objects.filter(
                kind=Organization.Kind.SOCIAL_PROTECTION_OFFICE, territory=node
            ).first()
        node = node.parent
    return None


def offices_to_choose(territory: Territory | None) -> QuerySet[Organization]:
    """Offices offered when the address does not decide: those of the address's region
    (the whole city of Kyiv: its ten district offices) — a short list. Empty when the
    region has none (temporarily occupied): then the place where the person lives now
    decides (the office step asks for it)."""
    offices = Organization.objects.filter(kind=Organization.Kind.SOCIAL_PROTECTION_OFFICE).select_related(
        "territory__parent__parent__parent__parent")
    if territory is None:
        return offices.none()
    return offices.filter(territory__region_code=territory.region_code)


def draft_documents(registration: PrimaryRegistration) -> QuerySet[Document]:
    return current_documents().filter(registration=registration).order_by("kind", "-uploaded_at")


def registrations_for_review(user) -> QuerySet[PrimaryRegistration]:
    """Applications sent to the offices in the officer's scope (drafts are never shown)."""
    return (
        PrimaryRegistration.objects.exclude(status=Status.DRAFT)
        .filter(office__in=offices_visible_to(user).values("pk"))
        .select_related("office")
    )


def filter_work_list(queryset, *, status: str = "", submitted_from: date | None = None,
                     submitted_to: date | None = None) -> QuerySet[PrimaryRegistration]:
    if status:
        queryset = queryset.filter(status=status)
    if submitted_from:
        queryset = queryset.filter(submitted_at__date__gte=submitted_from)
    if submitted_to:
        queryset = queryset.filter(submitted_at__date__lte=submitted_to)
    return queryset.order_by("submitted_at", "reference")


def possible_duplicates(registration: PrimaryRegistration, user) -> list[dict]:
    """Persons already anywhere in ЦБІ with the same РНОКПП, or the same surname
    (case-insensitive) and date of birth. A link only for persons in scope."""
    q = Q(pk__in=[])
    if registration.rnokpp:
        q |= Q(rnokpp=registration.rnokpp)
    if registration.birth_certificate:
        q |= Q(birth_certificate=registration.birth_certificate)
    if registration.surname and registration.date_of_birth:
        q |= Q(surname_key=registration.surname.strip().casefold(), date_of_birth=registration.date_of_birth)
    matches = list(Person.objects.filter(q).select_related("office").order_by("surname", "given_name")[:20])
    visible = set(persons_visible_to(user).filter(pk__in=[m.pk for m in matches]).values_list("pk", flat=True))
    return [
        {
            "person": person if person.pk in visible else None,
            "office": person.office,
            "same_rnokpp": bool(registration.rnokpp) and person.rnokpp == registration.rnokpp,
            "in_scope": person.pk in visible,
        }
        for person in matches
    ]
