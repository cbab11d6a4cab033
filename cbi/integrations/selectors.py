"""Every read of the integrations app shared by views, the API and the car-queue work."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from cbi.carqueue.rules.enums import AcquiredHow
from cbi.common.history import HistoryEntry, history_entries
from cbi.registry.models import Person

from .models import RegisteredVehicle, VehicleRegisterCheck

Status = VehicleRegisterCheck.Status


def checks_of(person: Person) -> QuerySet[VehicleRegisterCheck]:
    """All checks of a person, newest first."""
    return VehicleRegisterCheck.objects.filter(person=person).order_by("-requested_at")


def latest_check(person: Person) -> VehicleRegisterCheck | None:
    """The newest check, whatever its status (it may still be waiting for the register)."""
    return checks_of(person).first()


def latest_completed_check(person: Person) -> VehicleRegisterCheck | None:
    """The newest check with an answer from the register."""
    return checks_of(person).filter(status=Status.DONE).first()


def vehicles_of(check: VehicleRegisterCheck) -> QuerySet[RegisteredVehicle]:
    return check.vehicles.select_related("representative").order_by("whose", "registered_on", "pk")


def vehicle_facts(check: VehicleRegisterCheck, *,
                  unknown_acquired_how: AcquiredHow = AcquiredHow.purchased) -> list[dict[str, Any]]:
    """The check's vehicles as the rules engine's `Vehicle` facts (JSON-ready dicts).

    - `ref`: registration plate, else VIN;
    - start of operation: `in_operation_since` when the register gives the exact day, and
      `model_year` = year of manufacture (the engine flags a case that depends on the day);
      the first registration *in Ukraine* is not used (for an imported car it is later
      than the real start of operation);
    - `acquired_how` unknown to the register becomes `unknown_acquired_how` (default
      "purchased": the register records a sale or a first registration, and "purchased" is
      the reading under which CQ-ELIG-3 still checks the 5-year age; a charity car is
      known only from the Fund or the charity's documents).

    Raises ValueError for a check without an answer: "no answer yet" is not "no vehicles".
    """
    if check.status != Status.DONE:
        raise ValueError("The check has no answer from the vehicle register yet.")
    facts = []
    for v in vehicles_of(check):
        facts.append({
            "ref": v.registration_plate or v.vin or None,
            "description": " ".join(p for p in (v.make, v.model) if p) or None,
            "kind": v.kind,
            "acquired_how": v.acquired_how or str(unknown_acquired_how),
            "whose": v.whose,
            "registered_on": v.registered_on.isoformat(),
            "deregistered_on": v.deregistered_on.isoformat() if v.deregistered_on else None,
            "in_operation_since": v.in_operation_since.isoformat() if v.in_operation_since else None,
            "model_year": v.year_of_manufacture,
        })
    return facts


def register_facts(check: VehicleRegisterCheck) -> dict[str, Any]:
    """The facts document's `vehicle_register` part (CQ-ELIG-5) for a completed check."""
    if check.status != Status.DONE or check.completed_at is None:
        raise ValueError("The check has no answer from the vehicle register yet.")
    return {
        "source": check.source or "register",
        "fetched_on": timezone.localtime(check.completed_at).date().isoformat(),
        "covers_from": check.period_from.isoformat(),
    }


def check_history(check: VehicleRegisterCheck) -> list[HistoryEntry]:
    """The check's recorded states, oldest first: each entry with when and who, and the
    version's status, attempts, next attempt and error code (``entry["status"]``, …)."""
    return history_entries(check.history.all(), keep_unchanged=True, newest_first=False)
