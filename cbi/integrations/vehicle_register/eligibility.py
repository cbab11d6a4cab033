"""Which vehicles disqualify a person, according to the rules engine (CQ-ELIG-2/3, CQ-RM-4).

Pure (no Django): the rules live in `cbi.carqueue.rules` and are *called*, never
re-implemented here. Each vehicle is put alone into a minimal facts document and run
through `cq_elig_2_no_recent_vehicle` and `cq_elig_3_no_charity_or_new_purchase`; both
rules judge every vehicle independently, so a vehicle is disqualifying exactly when one of
them fails on it. The car-queue work uses this to propose removals (CQ-RM-4) naming the
vehicle, with the rules' own reasons and citations.

What the minimal document fixes (and the caller can change):
- the person is enrolled on `enrolled_on` (default: `on`, i.e. "if enrolled today"), so
  the CQ-ELIG-3 window is [enrolled_on − 7 years, max(enrolled_on, on)];
- `count_representative=True` means the representative's vehicles count (a child or a
  legally incapable person, CQ-ELIG-4); with False the engine ignores them;
- no item-8 exception and no replacement (CQ-DATE-5): for those, evaluate the full facts
  with `cbi.carqueue.rules.evaluate_removal`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from cbi.carqueue.rules import (
    RuleResult,
    RulesConfig,
    cq_elig_2_no_recent_vehicle,
    cq_elig_3_no_charity_or_new_purchase,
)
from cbi.carqueue.rules.enums import Outcome
from cbi.carqueue.rules.facts import Facts, Vehicle


@dataclass(frozen=True)
class Disqualification:
    vehicle: Vehicle
    #: The CQ-ELIG-2 / CQ-ELIG-3 results that failed (or were flagged) on this vehicle.
    results: tuple[RuleResult, ...]

    @property
    def rule_ids(self) -> list[str]:
        return [r.rule_id for r in self.results]

    @property
    def certain(self) -> bool:
        """True when a rule failed; False when only flagged (the exact start of operation
        is unknown and an officer must establish it)."""
        return any(r.outcome == Outcome.failed for r in self.results)


def _facts(vehicle: Vehicle, on: date, enrolled_on: date, count_representative: bool) -> Facts:
    person: dict[str, Any] = {
        "birth_date": date(1900, 1, 1),
        "citizen_of_ukraine": True,
        "registered_residence_in_ukraine": True,
        "legally_incapable": count_representative,
    }
    return Facts.model_validate({
        "evaluation_date": on,
        "person": person,
        "disability": {
            "group": "I", "cause": "general_disease", "term": "indefinite",
            "established_on": min(on, enrolled_on),
        },
        "application": {"registered_on": enrolled_on, "received_via": "in_person", "kind": "first"},
        "vehicles": [vehicle],
        "representative": {"kind": "guardian"} if count_representative else None,
        "queue_entry": {"enrolled_on": enrolled_on},
    })


def disqualifying_vehicles(
    vehicles: Iterable[Vehicle | Mapping[str, Any]],
    on: date,
    *,
    enrolled_on: date | None = None,
    count_representative: bool = True,
    include_uncertain: bool = False,
    config: RulesConfig | None = None,
) -> list[Disqualification]:
    """The vehicles on which CQ-ELIG-2 or CQ-ELIG-3 fails on day `on`.

    `vehicles` are rules-engine `Vehicle` facts or their dicts (as
    `cbi.integrations.selectors.vehicle_facts` returns). With `include_uncertain`, vehicles
    whose outcome depends on an unknown day of the model year (the engine flags them) are
    returned too, with `certain == False`.
    """
    enrolled_on = enrolled_on or on
    if enrolled_on > on:
        raise ValueError("enrolled_on is after the evaluation day")
    config = config or RulesConfig()
    found: list[Disqualification] = []
    for item in vehicles:
        vehicle = item if isinstance(item, Vehicle) else Vehicle.model_validate(item)
        if vehicle.whose.value == "representative" and not count_representative:
            continue
        facts = _facts(vehicle, on, enrolled_on, count_representative)
        results = (cq_elig_2_no_recent_vehicle(facts, config), cq_elig_3_no_charity_or_new_purchase(facts, config))
        failed = tuple(r for r in results if r.outcome == Outcome.failed)
        flagged = tuple(r for r in results if r.outcome == Outcome.flagged)
        if failed:
            found.append(Disqualification(vehicle=vehicle, results=failed))
        elif flagged and include_uncertain:
            found.append(Disqualification(vehicle=vehicle, results=flagged))
    return found
