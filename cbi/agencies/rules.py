"""The rules of answering another body and of consent, each with its id and source.

Pure functions: no database. Sources (docs/agencies-api.md, "Consent rules"):

- AG-PURP-1 — answer only what the registered purpose allows: personal data must be adequate
  and not excessive for the purpose (Law of Ukraine "On Personal Data Protection" No. 2297-VI,
  art. 6 part 3).
- AG-CONS-1 — a purpose whose ground is a law (the body's own powers) needs no consent (the same
  Law, art. 11 part 1 item 2 — item number not verified).
- AG-CONS-2 — a purpose whose ground is the person's consent is answered only while a consent
  is in force (art. 11 part 1 item 1; consent defined in art. 2).
- AG-CONS-3 — the person may withdraw a consent at any time, effective at once (art. 8 part 2
  item 10 — item number not verified); withdrawal and consent stay on record (art. 8 part 2 —
  the right to know how data are processed).
- AG-NOTE-1 — a subscriber is told of every change of the status it subscribed to: an edit
  (the registry's signal) and the end of a fixed term (a status "until <date>" is in force through
  that day and lapses the next; no other status of the person in force then). Told once, and
  only a subscriber that subscribed while the status was in force. A product rule of the DCI
  subscribe/notify contract, not a legal term.
- AG-CHAN-1, AG-CHAN-2 — the channel a registered client must come by (cbi/agencies/channel.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ESTABLISHED = "established"
GROUP_CAUSE = "group_cause"
PERIOD = "period"
CAR_QUEUE = "car_queue"
ALL_FIELDS = (ESTABLISHED, GROUP_CAUSE, PERIOD, CAR_QUEUE)


@dataclass(frozen=True)
class StatusFacts:
    """What ЦБІ knows, on the day of the answer."""
    established: bool
    group: str | None = None
    subgroup_a: bool = False
    cause: str | None = None
    established_on: date | None = None
    valid_until: date | None = None
    in_car_queue: bool = False


def may_answer_without_consent(*, needs_consent: bool) -> bool:
    """AG-CONS-1."""
    return not needs_consent


def consent_in_force(*, withdrawn: bool, valid_until: date | None, today: date) -> bool:
    """AG-CONS-2, AG-CONS-3: a consent counts from the moment it is given until it is withdrawn
    or its own end date passes."""
    return not withdrawn and (valid_until is None or today <= valid_until)


def status_in_force(*, established_on: date, valid_until: date | None, ended_on: date | None, on: date) -> bool:
    """A status counts from the day it is established through its last day ("until" date
    included), unless removed (``ended_on``). The selectors filter with the same rule."""
    return ended_on is None and established_on <= on and (valid_until is None or on <= valid_until)


def lapsed(*, valid_until: date | None, ended_on: date | None, on: date) -> bool:
    """AG-NOTE-1: a fixed term that has run out by ``on`` (a removed status is an edit instead)."""
    return ended_on is None and valid_until is not None and valid_until < on


def answer_record(facts: StatusFacts, *, fields: list[str] | tuple[str, ...]) -> dict:
    """AG-PURP-1: the record an agency gets — only the fields of its purpose."""
    record: dict = {}
    if ESTABLISHED in fields or GROUP_CAUSE in fields or PERIOD in fields:
        record["disability_established"] = facts.established
    if GROUP_CAUSE in fields:
        record["disability_group"] = facts.group if facts.established else None
        record["subgroup_a"] = facts.subgroup_a if facts.established else None
        record["disability_cause"] = facts.cause if facts.established else None
    if PERIOD in fields:
        record["established_on"] = facts.established_on.isoformat() if facts.established and facts.established_on else None
        record["valid_until"] = facts.valid_until.isoformat() if facts.established and facts.valid_until else None
        record["indefinite"] = facts.established and facts.valid_until is None
    if CAR_QUEUE in fields:
        record["benefits"] = [{"code": CAR_QUEUE, "entitled": facts.in_car_queue,
                               "legal_basis": "Resolution of the Cabinet of Ministers of Ukraine No. 999 (provision of cars to persons with disabilities)"}]
    return record

