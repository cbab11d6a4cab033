"""The embedded fake vehicle register (the default backend): deterministic demo data.

For one subject the fake always gives the same *profile* (which vehicles they have). The
profile comes from a table of well-known demo numbers (below, also listed in
docs/integrations.md) or, for any other РНОКПП, from a hash of it: about 60 % of persons
have no vehicle, the rest one of the profiles. Dates are counted back from the current
year (fixed month and day per subject), so a "car under 10 years" stays one in any year
of the demo, and the answer changes only on 1 January.

A subject under 18 (by the date of birth in the query or encoded in the РНОКПП) has no
vehicles. The fake honours the query period like the register does: only vehicles whose
registration overlaps [period_from, period_to] are returned.

Simulating failures: `down=True` (setting VEHICLE_REGISTER_FAKE_DOWN) makes every lookup
raise RegisterUnavailable; the numbers FAKE_UNAVAILABLE_RNOKPP and FAKE_REJECTED_RNOKPP
always raise RegisterUnavailable / RegisterRejected.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

from cbi.carqueue.rules.dates import add_years
from cbi.carqueue.rules.enums import AcquiredHow, VehicleKind

from cbi.integrations.error_codes import IntegrationsErrorCode, http_status_code

from .contract import (
    OwnerRelation,
    RegisterAnswer,
    RegisterRejected,
    RegisterUnavailable,
    RegisterVehicle,
    VehicleQuery,
)

#: Day zero of the date of birth encoded in an РНОКПП.
RNOKPP_EPOCH = date(1899, 12, 31)

NONE = "none"
OLD_CAR = "old_car"  # purchased car in operation for more than 10 years: no obstacle
RECENT_CAR = "recent_car"  # car bought new 3 years ago: CQ-ELIG-2 and CQ-ELIG-3 fail
CHARITY_CAR = "charity_car"  # car received as charitable aid 2 years ago: CQ-ELIG-3 fails
SOLD_RECENT_CAR = "sold_recent_car"  # new car bought 6 years ago, sold last year: CQ-ELIG-3 fails
TRAILER_AND_OLD_MOTORCYCLE = "trailer_and_old_motorcycle"  # no obstacle
MODEL_YEAR_ONLY = "model_year_only"  # only the model year, 10 years ago: officer must check
SOCIAL_PROTECTION_CAR = "social_protection_car"  # issued by social protection 4 years ago

PROFILES = (
    NONE, OLD_CAR, RECENT_CAR, CHARITY_CAR, SOLD_RECENT_CAR, TRAILER_AND_OLD_MOTORCYCLE,
    MODEL_YEAR_ONLY, SOCIAL_PROTECTION_CAR,
)

#: Well-known demo numbers (valid РНОКПП check digits) and what the fake says about them.
DEMO_RNOKPP: dict[str, str] = {
    "2590610860": NONE,
    "2274710130": OLD_CAR,
    "2763910246": RECENT_CAR,
    "2923910373": CHARITY_CAR,
    "2149510485": SOLD_RECENT_CAR,
    "3049610513": TRAILER_AND_OLD_MOTORCYCLE,
    "2889910628": MODEL_YEAR_ONLY,
    "3347310754": SOCIAL_PROTECTION_CAR,
    #: For a legal representative who has a car under 10 years (CQ-ELIG-4).
    "2020911132": RECENT_CAR,
}
#: The register is "down" for this number (tests and demos of the waiting state).
FAKE_UNAVAILABLE_RNOKPP = "2417410999"
#: The register "refuses" a query for this number.
FAKE_REJECTED_RNOKPP = "3234011003"

#: Hash buckets (out of 20) for numbers not in the table: 12 of 20 have no vehicle.
_BUCKETS = (
    [NONE] * 12
    + [OLD_CAR] * 2
    + [RECENT_CAR] * 2
    + [CHARITY_CAR, SOLD_RECENT_CAR, TRAILER_AND_OLD_MOTORCYCLE, MODEL_YEAR_ONLY]
)

_CARS = (
    ("Daewoo", "Lanos"), ("ZAZ", "Sens"), ("Renault", "Logan"), ("Skoda", "Octavia"),
    ("Toyota", "Corolla"), ("Hyundai", "Accent"), ("Volkswagen", "Polo"), ("Kia", "Rio"),
)
_REGIONS = ("AA", "KA", "BC", "AX", "AE", "BH", "AI", "AT")  # Kyiv, Kyiv, Lviv, Kharkiv…
_PLATE_LETTERS = "ABCEHIKMOPTX"  # Latin letters that look like Cyrillic ones on plates
_VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def _digest(key: str) -> bytes:
    return hashlib.sha256(("cbi-fake-vehicle-register:" + key).encode("utf-8")).digest()


def subject_key(query: VehicleQuery) -> str:
    if query.rnokpp:
        return query.rnokpp
    parts = (query.surname, query.given_name, query.patronymic or "",
             query.date_of_birth.isoformat() if query.date_of_birth else "")
    return "|".join(p.strip().casefold() for p in parts)  # type: ignore[union-attr]


def birth_date_of(query: VehicleQuery) -> date | None:
    """The date of birth: given in a name query, encoded in an РНОКПП (its first five
    digits count the days since 31.12.1899)."""
    if query.date_of_birth:
        return query.date_of_birth
    if query.rnokpp and query.rnokpp[:5].isdigit():
        return RNOKPP_EPOCH + timedelta(days=int(query.rnokpp[:5]))
    return None


def profile_for(key: str) -> str:
    """The demo profile of a subject (an РНОКПП, or the key of a name query)."""
    if key in DEMO_RNOKPP:
        return DEMO_RNOKPP[key]
    return _BUCKETS[_digest(key)[0] % len(_BUCKETS)]


class _Maker:
    """Deterministic vehicle details from the subject's hash."""

    def __init__(self, key: str, year: int) -> None:
        self.bytes = _digest(key)
        self.year = year
        self.index = 0

    def _next(self) -> int:
        value = self.bytes[self.index % len(self.bytes)]
        self.index += 1
        return value

    def day(self, years_ago: int) -> date:
        return date(self.year - years_ago, 1 + self._next() % 12, 1 + self._next() % 28)

    def plate(self) -> str:
        region = _REGIONS[self._next() % len(_REGIONS)]
        digits = f"{(self._next() * 37 + self._next()) % 10000:04d}"
        suffix = _PLATE_LETTERS[self._next() % 12] + _PLATE_LETTERS[self._next() % 12]
        return f"{region}{digits}{suffix}"

    def vin(self) -> str:
        return "".join(_VIN_ALPHABET[self._next() % len(_VIN_ALPHABET)] for _ in range(17))

    def car(self) -> tuple[str, str]:
        return _CARS[self._next() % len(_CARS)]

    def vehicle(self, *, kind: VehicleKind, since_years_ago: int, registered_years_ago: int | None = None,
                deregistered_years_ago: int | None = None, acquired_how: AcquiredHow | None,
                make_model: tuple[str, str] | None = None, exact_start: bool = True) -> RegisterVehicle:
        since = self.day(since_years_ago)
        registered = since if registered_years_ago is None else max(since, self.day(registered_years_ago))
        deregistered = None
        if deregistered_years_ago is not None:
            deregistered = max(registered, self.day(deregistered_years_ago))
        make, model = make_model or self.car()
        return RegisterVehicle(
            kind=kind,
            registered_on=registered,
            year_of_manufacture=since.year,
            vin=self.vin(),
            registration_plate=self.plate(),
            make=make,
            model=model,
            in_operation_since=since if exact_start else None,
            first_registered_in_ukraine=since if exact_start else registered,
            deregistered_on=deregistered,
            owner_relation=OwnerRelation.owner,
            acquired_how=acquired_how,
        )


def demo_vehicles(key: str, *, today: date) -> list[RegisterVehicle]:
    """Every vehicle the fake register holds for a subject (before the period filter)."""
    profile = profile_for(key)
    make = _Maker(key, today.year)
    if profile == OLD_CAR:
        return [make.vehicle(kind=VehicleKind.car, since_years_ago=15, registered_years_ago=12,
                             acquired_how=AcquiredHow.purchased)]
    if profile == RECENT_CAR:
        return [make.vehicle(kind=VehicleKind.car, since_years_ago=3, acquired_how=AcquiredHow.purchased)]
    if profile == CHARITY_CAR:
        return [make.vehicle(kind=VehicleKind.car, since_years_ago=11, registered_years_ago=2,
                             acquired_how=AcquiredHow.charity)]
    if profile == SOLD_RECENT_CAR:
        return [make.vehicle(kind=VehicleKind.car, since_years_ago=6, deregistered_years_ago=1,
                             acquired_how=AcquiredHow.purchased)]
    if profile == TRAILER_AND_OLD_MOTORCYCLE:
        return [
            make.vehicle(kind=VehicleKind.trailer, since_years_ago=2, acquired_how=AcquiredHow.purchased,
                         make_model=("Кремінь", "ПР-500")),
            make.vehicle(kind=VehicleKind.motorcycle, since_years_ago=30, registered_years_ago=25,
                         acquired_how=None, make_model=("Дніпро", "МТ-11")),
        ]
    if profile == MODEL_YEAR_ONLY:
        return [make.vehicle(kind=VehicleKind.car, since_years_ago=10, registered_years_ago=8,
                             acquired_how=None, exact_start=False)]
    if profile == SOCIAL_PROTECTION_CAR:
        return [make.vehicle(kind=VehicleKind.car, since_years_ago=4, acquired_how=AcquiredHow.social_protection,
                             make_model=("ZAZ", "Lanos"))]
    return []


class FakeVehicleRegister:
    """`VehicleRegisterClient` answering from the demo data. Never touches the network."""

    source = "fake"

    def __init__(self, *, down: bool = False, today: Callable[[], date] | None = None) -> None:
        self.down = down
        self._today = today or date.today
        #: Every query answered, for tests (the fake keeps them in memory only).
        self.queries: list[VehicleQuery] = []

    def lookup(self, query: VehicleQuery) -> RegisterAnswer:
        self.queries.append(query)
        if self.down or query.rnokpp == FAKE_UNAVAILABLE_RNOKPP:
            raise RegisterUnavailable("The vehicle register is not available (simulated).", code=http_status_code(503),
                                      http_status=503)
        if query.rnokpp == FAKE_REJECTED_RNOKPP:
            raise RegisterRejected("The vehicle register refused the request (simulated).",
                                   code=IntegrationsErrorCode.SUBJECT_AMBIGUOUS.value, http_status=422)
        key = subject_key(query)
        today = self._today()
        born = birth_date_of(query)
        minor = born is not None and born > add_years(today, -18)
        vehicles = [] if minor else [  # children own no vehicles in the demo
            v for v in demo_vehicles(key, today=today)
            if v.registered_on <= query.period_to
            and (v.deregistered_on is None or v.deregistered_on >= query.period_from)
        ]
        return RegisterAnswer(
            source=self.source,
            subject_found=True,
            vehicles=tuple(vehicles),
            # Random, never derived from the subject (a hash of an РНОКПП can be reversed).
            register_reference="FAKE-" + uuid.uuid4().hex[:12].upper(),
            answered_at=datetime.now(timezone.utc),
        )
