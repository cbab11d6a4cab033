"""The right to assistive products suspended or ended (rule ids AP-RIGHT-1..3). Pure Python.

Resolution No. 321 of 5 April 2012 (the Procedure for providing assistive products, as amended)
names two effects:

* the right **ends** (припиняється) when the indications for the product are cancelled (for
  example the disability is removed), when the person leaves Ukraine for permanent residence
  abroad, and on the person's death (AP-RIGHT-1);
* the right is **suspended** (зупиняється) for the next term of use of the products issued when
  it is found that a product issued at the State's expense (or compensated) was sold, given or
  handed to others before its term of use ended (AP-RIGHT-2).

An event is recorded by an officer with its source (document and date); every open application
of the person is cancelled (right ended) or suspended (right suspended) with a decision letter,
and a suspension can be lifted with its own record (AP-RIGHT-3).

The grounds were read in a secondary description of the Procedure (a legal-aid wiki), and the
item number that sets them was not found in any stored copy of the official text:
``settings.ASSISTIVE_RIGHT_ITEM`` holds it ("" = cite the Procedure without an item), and
``settings.ASSISTIVE_RIGHT_ITEM_VERIFIED`` says whether a lawyer checked it. See
docs/assistive-products-procedure.md, "Verification of the legal values".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .rules import CITATION_CABINET

ENDS = "ends"
SUSPENDS = "suspends"
LIFTS = "lifts"

# Grounds (what happened).
DEATH = "death"
EMIGRATION = "emigration"
INDICATIONS_CANCELLED = "indications_cancelled"
PRODUCT_DISPOSED = "product_disposed"
LIFTED = "lifted"

#: The Procedure as amended (its title and number held once, in rules.CITATION_CABINET).
PROCEDURE = f"{CITATION_CABINET} (зі змінами)"


@dataclass(frozen=True)
class Ground:
    code: str
    effect: str
    rule_id: str


GROUNDS: dict[str, Ground] = {
    DEATH: Ground(DEATH, ENDS, "AP-RIGHT-1"),
    EMIGRATION: Ground(EMIGRATION, ENDS, "AP-RIGHT-1"),
    INDICATIONS_CANCELLED: Ground(INDICATIONS_CANCELLED, ENDS, "AP-RIGHT-1"),
    PRODUCT_DISPOSED: Ground(PRODUCT_DISPOSED, SUSPENDS, "AP-RIGHT-2"),
    LIFTED: Ground(LIFTED, LIFTS, "AP-RIGHT-3"),
}
#: The grounds an officer may record (a lift is recorded from the suspension it lifts).
RECORDABLE = (DEATH, EMIGRATION, INDICATIONS_CANCELLED, PRODUCT_DISPOSED)


def citation(item: str = "") -> str:
    """The source cited in letters and on pages: the Procedure, with its item when configured."""
    return f"{PROCEDURE}, п. {item}" if item else PROCEDURE


def item_verified(item: str, verified: bool) -> bool:
    """Whether a letter may cite the item as checked: only an item that is set and marked checked
    (``settings.ASSISTIVE_RIGHT_ITEM`` and ``ASSISTIVE_RIGHT_ITEM_VERIFIED``)."""
    return bool(item) and bool(verified)


@dataclass(frozen=True)
class RightState:
    """The person's right to assistive products on a date."""

    state: str  # "active" | "suspended" | "ended"
    rule_id: str = ""
    since: date | None = None
    until: date | None = None  # a suspension's end (the next term of use), when known


ACTIVE = "active"
SUSPENDED = "suspended"
ENDED = "ended"


def right_state(events: list[tuple[str, date, bool, date | None]], on: date) -> RightState:
    """AP-RIGHT-1..3: the state of the right on ``on`` from the person's recorded events
    ``(ground, source date, lifted, suspended until)``, in the order recorded.

    An ending ground dated on or before ``on`` ends the right for good. A suspension dated on or
    before ``on`` holds unless it was lifted or its ``until`` date has passed."""
    suspended = None
    for ground, source_date, lifted, until in events:
        effect = GROUNDS[ground].effect
        if source_date > on:
            continue
        if effect == ENDS:
            return RightState(ENDED, GROUNDS[ground].rule_id, source_date)
        if effect == SUSPENDS and not lifted and (until is None or until > on):
            suspended = RightState(SUSPENDED, GROUNDS[ground].rule_id, source_date, until)
    return suspended or RightState(ACTIVE)
