"""Every read of the agencies' app."""

from __future__ import annotations

import hmac
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from cbi.registry import validators
from cbi.registry.models import DisabilityStatus, IdentityDocument, Person

from . import rules
from .keys import secret_digest
from .models import AgencyCredential, AgencyPurpose, Consent

IDENTIFIER_TYPES = ("RNOKPP", "PASSPORT_BOOKLET", "ID_CARD", "BIRTH_CERTIFICATE")


class CredentialRefused(Exception):
    """The bearer key is missing, unknown, revoked or expired; ``code`` says which."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def credential_for(token: str) -> AgencyCredential:
    key_id, _dot, secret = (token or "").partition(".")
    if not key_id or not secret:
        raise CredentialRefused("credential_invalid")
    credential = AgencyCredential.objects.select_related("client").filter(key_id=key_id).first()
    if credential is None or not hmac.compare_digest(credential.secret_sha256, secret_digest(secret)):
        raise CredentialRefused("credential_invalid")
    if credential.revoked_at is not None or not credential.client.active:
        raise CredentialRefused("credential_invalid")
    if credential.expires_at <= timezone.now():
        raise CredentialRefused("credential_expired")
    return credential


class IdentifierInvalid(ValueError):
    pass


def find_person(query: dict) -> Person | None:
    """The person an identifier names, or None. A malformed identifier raises IdentifierInvalid
    (answered before anyone is looked up)."""
    kind = query.get("type")
    if kind == "RNOKPP":
        value = validators.normalize_rnokpp(str(query.get("value") or ""))
        try:
            validators.validate_rnokpp(value)
        except ValidationError:
            raise IdentifierInvalid("rnokpp") from None
        return Person.objects.filter(rnokpp=value).first()
    document_kind = kind.lower() if kind in IDENTIFIER_TYPES else None
    if document_kind is None:
        raise IdentifierInvalid("type")
    series = validators.normalize_series(str(query.get("series") or ""))
    if document_kind == "birth_certificate":
        series = series.translate(validators.LATIN_TO_CYRILLIC)
    number = str(query.get("number") or "").strip().replace(" ", "")
    if validators.DOCUMENT_VALIDATORS[document_kind](series, number):
        raise IdentifierInvalid("document")
    document = IdentityDocument.objects.select_related("person").filter(
        kind=document_kind, series=series, number=number).first()
    return document.person if document else None


def in_force(on) -> Q:
    """``rules.status_in_force`` as a filter of disability statuses."""
    return Q(established_on__lte=on, ended_on__isnull=True) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def lapse_on(on) -> Q:
    """``rules.lapsed`` as a filter of disability statuses."""
    return Q(ended_on__isnull=True, valid_until__lt=on)


def status_facts(person: Person, on=None, *, fields=rules.ALL_FIELDS) -> rules.StatusFacts:
    """What ЦБІ knows today; the car queue is asked only when the purpose may get it."""
    from cbi.carqueue.models import QueueEntry

    on = on or timezone.localdate()
    status = DisabilityStatus.objects.filter(in_force(on), person=person).order_by("-established_on").first()
    in_queue = (rules.CAR_QUEUE in fields
                and QueueEntry.objects.filter(person=person, status=QueueEntry.Status.ACTIVE).exists())
    if status is None:
        return rules.StatusFacts(established=False, in_car_queue=in_queue)
    return rules.StatusFacts(established=True, group=status.group, subgroup_a=status.subgroup_a, cause=status.cause,
                             established_on=status.established_on, valid_until=status.valid_until,
                             in_car_queue=in_queue)


def lapses_to_notify(on) -> list[tuple[int, int, date]]:
    """AG-NOTE-1: (status id, person id, last day) of every status whose fixed term has run out
    by ``on``, of a person with an active subscription and with no other status in force on ``on``.
    Which subscribers are told is ``services.queue_status_notices``'s to decide."""
    lapsed = list(DisabilityStatus.objects.filter(lapse_on(on), person__agency_subscriptions__ended_at__isnull=True)
                  .values_list("pk", "person_id", "valid_until").distinct().order_by("pk"))
    still_in_force = set(DisabilityStatus.objects.filter(in_force(on), person_id__in={p for _, p, _ in lapsed})
                         .values_list("person_id", flat=True))
    return [row for row in lapsed if row[1] not in still_in_force]


def active_consent(*, purpose: AgencyPurpose, person) -> Consent | None:
    consent = Consent.objects.filter(person=person, purpose=purpose, withdrawn_at__isnull=True).first()
    today = timezone.localdate()
    if consent and rules.consent_in_force(withdrawn=False, valid_until=consent.valid_until, today=today):
        return consent
    return None


def may_ask(*, purpose: AgencyPurpose, person) -> bool:
    """AG-CONS-1 / AG-CONS-2."""
    if rules.may_answer_without_consent(needs_consent=purpose.needs_consent):
        return True
    return active_consent(purpose=purpose, person=person) is not None


def purposes_for_person(person) -> list[dict]:
    """What the cabinet shows: every current purpose of every active client, whether it needs
    consent, and the person's consent in force (if any)."""
    today = timezone.localdate()
    purposes = list(AgencyPurpose.objects.filter(client__active=True)
                    .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
                    .select_related("client").order_by("client__name", "name"))
    consents = {c.purpose_id: c for c in Consent.objects.filter(person=person, withdrawn_at__isnull=True)}
    return [{"purpose": p, "consent": consents.get(p.pk)} for p in purposes]


def consent_history(person) -> list[Consent]:
    return list(Consent.objects.filter(person=person).select_related("purpose__client", "granted_by",
                                                                     "withdrawn_by"))
