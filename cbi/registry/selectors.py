"""Reads of the registry shared by views and the API.

Every query that returns persons goes through ``persons_visible_to``, which applies
the one scope rule (``cbi.organizations.scope``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from cbi.accounts.models import CabinetAccount, CodeDelivery, Representation
from cbi.accounts.selectors import cabinet_account
from cbi.common.history import HistoryEntry, history_entries
from cbi.organizations.models import Organization
from cbi.organizations.scope import scoped
from cbi.web.collation import sort_key

from . import names as names_module
from . import validators
from .katottg import CRIMEA_CODE
from .models import (
    Address, Assessment, DisabilityStatus, FamilyMember, IdentityDocument,
    Person, Representative, Territory,
)

KATOTTG_CODE_RE = re.compile(r"UA\d{17}")


def persons_visible_to(user) -> QuerySet[Person]:
    """The persons in the user's scope (``cbi.organizations.scope``)."""
    return scoped(Person.objects.all(), user=user, office_field="office").select_related("office")


def offices_visible_to(user) -> QuerySet[Organization]:
    """District offices a staff member may assign persons to: the offices in their scope."""
    offices = Organization.objects.filter(kind=Organization.Kind.SOCIAL_PROTECTION_OFFICE)
    return scoped(offices, user=user, office_field="")


def search_persons(user, *, rnokpp: str = "", document_number: str = "", surname: str = "",
                   date_of_birth: date | None = None) -> QuerySet[Person]:
    """Exact search only: there is deliberately no way to browse the registry."""
    visible = persons_visible_to(user)
    if rnokpp:
        return visible.filter(rnokpp=validators.normalize_rnokpp(rnokpp))
    if document_number:
        number = document_number.replace(" ", "").upper()
        # "МК123456" / "І-ЖС654321": the series is whatever precedes the trailing digits.
        digits = re.search(r"\d*$", number).group(0)
        series = number[: len(number) - len(digits)]
        q = Q(identitydocument__number=digits)
        if series:
            q &= Q(identitydocument__series__in={series, series.translate(validators.LATIN_TO_CYRILLIC)})
        return visible.filter(q).distinct()
    if surname and date_of_birth:
        return visible.filter(surname_key=surname.strip().casefold(), date_of_birth=date_of_birth)
    return visible.none()


def person_record(person: Person) -> dict:
    """Everything on a person's record page, in as few queries as practical."""
    return {
        "person": person,
        "documents": list(IdentityDocument.objects.filter(person=person).order_by("kind", "-issued_on")),
        "addresses": list(
            Address.objects.filter(person=person).select_related("territory").order_by("kind")
        ),
        "statuses": list(
            DisabilityStatus.objects.filter(person=person).select_related("assessment").order_by("-established_on")
        ),
        "assessments": list(Assessment.objects.filter(person=person).order_by("-assessed_on")),
        "representatives": list(Representative.objects.filter(person=person).order_by("surname")),
        "family_members": list(FamilyMember.objects.filter(person=person).order_by("surname")),
    }


def current_status(statuses: list[DisabilityStatus], on: date | None = None) -> DisabilityStatus | None:
    on = on or date.today()
    for status in statuses:  # newest first
        if status.established_on <= on and not status.ended_on:
            return status
    return None


# CodeDelivery: how an authorization code was given (channel, masked destination, outcome).
HISTORY_MODELS = (Person, IdentityDocument, Address, DisabilityStatus, Assessment, Representative, FamilyMember,
                  CodeDelivery)


# The relations a part's history shows (in the part's name, or as an old → new value): fetched
# with the history rows, not one query per row (tests/registry/test_history_queries.py).
_HISTORY_RELATIONS = {Person: ("office",), Address: ("territory",), DisabilityStatus: ("assessment",)}


def person_history(person: Person) -> list[HistoryEntry]:
    """All changes of the person's record and its parts, newest first.

    Each entry: when, who, what (the part), kind (created / changed / deleted)
    and the list of changed fields with old → new values (``cbi.common.history``).
    A fixed number of queries, however long the history.
    """
    histories = []
    for model in HISTORY_MODELS:
        history = model.history.filter(id=person.pk) if model is Person else model.history.filter(person_id=person.pk)
        if model in _HISTORY_RELATIONS:  # (select_related() with no names would follow every relation)
            history = history.select_related(*_HISTORY_RELATIONS[model])
        histories.append(history)
    return history_entries(*histories)


def territory_matches(query: str, *, limit: int = 20) -> list[Territory]:
    """Settlements and communities for the officers' suggestions (see ``search_places``)."""
    return search_places(query, limit=limit).places


# --- Places by name ------------------------------------------------------------------------

PLACE_CATEGORIES = [c for c in Territory.Category.values
                    if c not in (Territory.Category.OBLAST, Territory.Category.DISTRICT)]
_CITIES = (Territory.Category.SPECIAL_CITY, Territory.Category.CITY)
# Among places of the same name: cities first, then city districts, settlements, villages, communities.
_CATEGORY_RANK = {"K": 0, "M": 1, "B": 2, "X": 3, "C": 4, "H": 5}
_ANCESTORS = "parent__parent__parent__parent"
_CANDIDATES = 400  # per kind of match; more than anyone reads


@dataclass(frozen=True)
class PlaceSearch:
    query: str
    places: list[Territory]   # at most ``limit``, best first
    total: int                # how many matched in all

    @property
    def more(self) -> bool:
        return self.total > len(self.places)


def ancestors(territory: Territory) -> list[Territory]:
    chain, node = [], territory.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain


# How each kind of unit is written in an address people read.
_LABEL = {"O": "{} область", "K": "м. {}", "P": "{} район", "H": "{} громада", "M": "м. {}",
          "X": "селище {}", "C": "село {}", "B": "{} район"}


def _unit_name(territory: Territory) -> str:
    if territory.code == CRIMEA_CODE:
        return territory.name
    return _LABEL.get(territory.category, "{}").format(territory.name)


def place_label(territory: Territory) -> str:
    """"Шевченківський район, м. Київ"; "село Гора, Бориспільська громада, Бориспільський
    район, Київська область": the place first, then its community, district and oblast."""
    chain = [territory, *ancestors(territory)]
    if territory.category == Territory.Category.CITY_DISTRICT:
        # A city district: the city and its oblast say enough.
        chain = [territory] + [t for t in chain[1:] if t.category in (*_CITIES, Territory.Category.OBLAST)]
    return ", ".join(_unit_name(t) for t in chain)


def _within(territory: Territory, keys: tuple[str, ...]) -> bool:
    names = [names_module.search_key(t.name) for t in ancestors(territory)]
    return all(any(name.startswith(key) for name in names) for key in keys)


def search_places(text: str, *, limit: int = 20) -> PlaceSearch:
    """Settlements, city districts and communities a typed name can mean, best first.

    The case, the apostrophe (ʼ ' ’, or none) and the words "м.", "с.", "смт",
    "селище", "район", "громада" do not matter. Order: a city of that name and its
    districts ("київ" → м. Київ, then its ten districts), other places of exactly that
    name, names that start with it, names with a word that starts with it
    ("Корсунь-Шевченківський"); within each, cities first, then alphabetically
    (Ukrainian collation). "Шевченківський район, м. Київ" narrows the name to the
    places inside Kyiv. A КАТОТТГ code in the text finds that one unit."""
    code = KATOTTG_CODE_RE.search(text or "")
    places = Territory.objects.filter(category__in=PLACE_CATEGORIES).select_related(_ANCESTORS)
    if code:
        found = list(places.filter(code=code.group(0)))
        return PlaceSearch(text, found, len(found))
    query = names_module.parse_place_query(text)
    if len(query.name) < 2:
        return PlaceSearch(text, [], 0)
    name = query.name
    exact = list(places.filter(name_key=name)[:_CANDIDATES])
    cities = [t.pk for t in exact if t.category in _CITIES]
    ranked: dict[str, tuple] = {}

    def add(group: int, territories) -> None:
        for t in territories:
            if t.pk not in ranked:
                ranked[t.pk] = (group, _CATEGORY_RANK.get(t.category, 9), t)

    add(0, [t for t in exact if t.category in _CITIES])
    add(1, places.filter(parent__in=cities, category=Territory.Category.CITY_DISTRICT))
    add(2, exact)
    add(3, places.filter(name_key__startswith=name).exclude(name_key=name)[:_CANDIDATES])
    add(4, places.filter(Q(name_key__contains=f"-{name}") | Q(name_key__contains=f" {name}"))[:_CANDIDATES])
    found = [entry for entry in ranked.values() if not query.within or _within(entry[2], query.within)]
    found.sort(key=lambda e: (e[0], e[1], sort_key(place_label(e[2]))))
    return PlaceSearch(text, [e[2] for e in found[:limit]], len(found))


# ``persons_user_may_act_for`` is the one place that decides whose data a cabinet user may
# see: themselves and the persons they legally represent. Every app (the cabinet, documents,
# applications, complaints) asks it here.


def persons_user_may_act_for(user) -> QuerySet[Person]:
    account = cabinet_account(user)
    if account is None or not user.is_active:
        return Person.objects.none()
    # Two id lists, each read through an index (the account's primary key; the
    # representation's (account, person) constraint), joined with UNION. An OR over the two
    # reverse joins with DISTINCT made PostgreSQL scan the whole person table (issue #14 §2:
    # 169 ms at 200k persons); the persons are then fetched by primary key.
    own = CabinetAccount.objects.filter(pk=account.pk, person__isnull=False).values("person_id")
    represented = Representation.objects.filter(account=account, ended_at__isnull=True).values("person_id")
    return Person.objects.filter(pk__in=own.union(represented)).order_by("surname", "given_name")
