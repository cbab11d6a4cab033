"""The vehicle register contract (docs/integrations.md), as Python types.

Plain data and parsing only: no Django, no network. The HTTP client and the fake both
produce a `RegisterAnswer`; the services store it.

Personal data (РНОКПП, names, date of birth) never appears in a `repr`, an exception
message or a log record: `VehicleQuery.__repr__` masks them and every error carries only
our own wording, the HTTP status and the register's error *code*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from cbi.carqueue.rules.enums import AcquiredHow, VehicleKind
from cbi.integrations.error_codes import IntegrationsErrorCode

CONTRACT_VERSION = "1"


class Whose(StrEnum):
    """Whose name the lookup was made on (the rules engine's `Holder`)."""

    person = "person"
    representative = "representative"


class OwnerRelation(StrEnum):
    """How the subject is related to the vehicle in the register."""

    owner = "owner"  # власник
    co_owner = "co_owner"  # співвласник
    user = "user"  # особа, яка використовує ТЗ на законних підставах (лізинг, оренда)


# --- errors ------------------------------------------------------------------------------


class RegisterError(Exception):
    """Base of every adapter error. `code` is stable; the message has no personal data."""

    code = IntegrationsErrorCode.REGISTER_ERROR.value

    def __init__(self, message: str, *, code: str | None = None, http_status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code
        self.http_status = http_status
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class RegisterUnavailable(RegisterError):
    """The register could not answer now (timeout, connection refused, 5xx, 429).
    Nothing is wrong with the request: try again later."""

    code = IntegrationsErrorCode.REGISTER_UNAVAILABLE.value


class RegisterProtocolError(RegisterUnavailable):
    """The register answered, but not with the agreed JSON. Treated as a temporary failure
    (a proxy error page, a half-deployed release); the check waits and is retried."""

    code = IntegrationsErrorCode.MALFORMED_ANSWER.value


class RegisterRejected(RegisterError):
    """The register refused the request (4xx): retrying the same request will not help.
    An administrator must look at the code (bad token, invalid query, ambiguous subject)."""

    code = IntegrationsErrorCode.REJECTED.value


# --- the request -------------------------------------------------------------------------


@dataclass(frozen=True)
class VehicleQuery:
    """One lookup: a subject (by РНОКПП, or by full name and date of birth) and a period.

    The register returns every vehicle whose registration to the subject overlaps
    [period_from, period_to] (both inclusive).
    """

    period_from: date
    period_to: date
    whose: Whose = Whose.person
    rnokpp: str | None = field(default=None, repr=False)
    surname: str | None = field(default=None, repr=False)
    given_name: str | None = field(default=None, repr=False)
    patronymic: str | None = field(default=None, repr=False)
    date_of_birth: date | None = field(default=None, repr=False)
    #: Our id of the check (sent as X-Request-ID, echoed back by the register).
    request_id: str = ""

    def __post_init__(self) -> None:
        if self.period_from > self.period_to:
            raise ValueError("period_from is after period_to")
        if not self.rnokpp and not (self.surname and self.given_name and self.date_of_birth):
            raise ValueError("a query needs an РНОКПП, or a surname, a given name and a date of birth")

    @property
    def by(self) -> str:
        return "rnokpp" if self.rnokpp else "name"

    def to_json(self) -> dict[str, Any]:
        if self.rnokpp:
            subject: dict[str, Any] = {"rnokpp": self.rnokpp}
        else:
            subject = {
                "surname": self.surname,
                "given_name": self.given_name,
                "patronymic": self.patronymic or None,
                "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else None,
            }
        return {
            "request_id": self.request_id,
            "subject": subject,
            "period": {"from": self.period_from.isoformat(), "to": self.period_to.isoformat()},
        }


# --- the answer --------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterVehicle:
    kind: VehicleKind
    registered_on: date
    year_of_manufacture: int | None = None
    vin: str = ""
    registration_plate: str = ""
    make: str = ""
    model: str = ""
    in_operation_since: date | None = None
    first_registered_in_ukraine: date | None = None
    deregistered_on: date | None = None
    owner_relation: OwnerRelation = OwnerRelation.owner
    #: None when the register does not know how the vehicle was acquired.
    acquired_how: AcquiredHow | None = None


@dataclass(frozen=True)
class RegisterAnswer:
    #: "register" for the real register, "fake" for the embedded fake (the rules
    #: engine's RegisterSource values).
    source: str
    subject_found: bool
    vehicles: tuple[RegisterVehicle, ...] = ()
    #: The register's own id of this answer (for a complaint or an audit), if any.
    register_reference: str = ""
    answered_at: datetime | None = None


@runtime_checkable
class VehicleRegisterClient(Protocol):
    """What the services need from any backend (HTTP, fake, a test double)."""

    source: str

    def lookup(self, query: VehicleQuery) -> RegisterAnswer:
        """Return the vehicles of the query's subject, or raise RegisterUnavailable /
        RegisterRejected."""
        ...


# --- parsing the JSON answer -------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _bad(path: str, what: str) -> RegisterProtocolError:
    # The path and our wording only: never the offending value (it may be personal data).
    return RegisterProtocolError(f"The vehicle register's answer is not in the agreed format: {path} {what}.",
                                 code=IntegrationsErrorCode.MALFORMED_ANSWER.value)


def _date(value: Any, path: str, *, required: bool = False) -> date | None:
    if value is None:
        if required:
            raise _bad(path, "is missing")
        return None
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise _bad(path, "is not a date YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _bad(path, "is not a valid calendar date") from None


def _text(value: Any, path: str, max_length: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _bad(path, "is not a string")
    value = value.strip()
    if len(value) > max_length:
        raise _bad(path, f"is longer than {max_length} characters")
    return value


def _kind(value: Any, path: str) -> VehicleKind:
    if not isinstance(value, str):
        raise _bad(path, "is not a string")
    try:
        return VehicleKind(value)
    except ValueError:
        # A kind the contract does not list counts as a motor vehicle ("other"): the rules
        # then treat it the strict way (only trailers and semi-trailers are exempt).
        return VehicleKind.other


def parse_vehicle(item: Any, path: str) -> RegisterVehicle:
    if not isinstance(item, dict):
        raise _bad(path, "is not an object")
    year = item.get("year_of_manufacture")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100):
        raise _bad(f"{path}.year_of_manufacture", "is not a year")
    in_operation_since = _date(item.get("in_operation_since"), f"{path}.in_operation_since")
    if year is None and in_operation_since is None:
        raise _bad(path, "has neither year_of_manufacture nor in_operation_since")
    registered_on = _date(item.get("registered_on"), f"{path}.registered_on", required=True)
    deregistered_on = _date(item.get("deregistered_on"), f"{path}.deregistered_on")
    if deregistered_on is not None and deregistered_on < registered_on:
        raise _bad(f"{path}.deregistered_on", "is before registered_on")
    relation = item.get("owner_relation") or "owner"
    try:
        owner_relation = OwnerRelation(relation)
    except ValueError:
        raise _bad(f"{path}.owner_relation", "is not one of owner, co_owner, user") from None
    acquired = item.get("acquired_how")
    if acquired is None:
        acquired_how = None
    else:
        try:
            acquired_how = AcquiredHow(acquired)
        except ValueError:
            raise _bad(f"{path}.acquired_how", "is not one of " + ", ".join(a.value for a in AcquiredHow)) from None
    vin = _text(item.get("vin"), f"{path}.vin", 17).upper()
    plate = _text(item.get("registration_plate"), f"{path}.registration_plate", 12).upper()
    return RegisterVehicle(
        kind=_kind(item.get("kind"), f"{path}.kind"),
        registered_on=registered_on,  # type: ignore[arg-type]
        year_of_manufacture=year,
        vin=vin,
        registration_plate=plate,
        make=_text(item.get("make"), f"{path}.make", 60),
        model=_text(item.get("model"), f"{path}.model", 60),
        in_operation_since=in_operation_since,
        first_registered_in_ukraine=_date(item.get("first_registered_in_ukraine"),
                                          f"{path}.first_registered_in_ukraine"),
        deregistered_on=deregistered_on,
        owner_relation=owner_relation,
        acquired_how=acquired_how,
    )


def parse_answer(data: Any, *, source: str = "register") -> RegisterAnswer:
    """Validate the register's 200 answer (already decoded from JSON)."""
    if not isinstance(data, dict):
        raise _bad("the answer", "is not a JSON object")
    found = data.get("subject_found")
    if not isinstance(found, bool):
        raise _bad("subject_found", "is not true or false")
    vehicles = data.get("vehicles", [])
    if not isinstance(vehicles, list):
        raise _bad("vehicles", "is not a list")
    if vehicles and not found:
        raise _bad("vehicles", "is not empty although subject_found is false")
    answered_at = None
    raw_at = data.get("answered_at")
    if raw_at is not None:
        if not isinstance(raw_at, str):
            raise _bad("answered_at", "is not a date-time")
        try:
            answered_at = datetime.fromisoformat(raw_at.replace("Z", "+00:00"))
        except ValueError:
            raise _bad("answered_at", "is not an ISO 8601 date-time") from None
    return RegisterAnswer(
        source=source,
        subject_found=found,
        vehicles=tuple(parse_vehicle(v, f"vehicles[{i}]") for i, v in enumerate(vehicles)),
        register_reference=_text(data.get("register_reference"), "register_reference", 64),
        answered_at=answered_at,
    )


def vehicle_to_json(vehicle: RegisterVehicle) -> dict[str, Any]:
    """The contract's JSON form of one vehicle (used by the fake server in tests and docs)."""

    def iso(d: date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "vin": vehicle.vin or None,
        "registration_plate": vehicle.registration_plate or None,
        "make": vehicle.make or None,
        "model": vehicle.model or None,
        "kind": vehicle.kind.value,
        "year_of_manufacture": vehicle.year_of_manufacture,
        "in_operation_since": iso(vehicle.in_operation_since),
        "first_registered_in_ukraine": iso(vehicle.first_registered_in_ukraine),
        "registered_on": iso(vehicle.registered_on),
        "deregistered_on": iso(vehicle.deregistered_on),
        "owner_relation": vehicle.owner_relation.value,
        "acquired_how": vehicle.acquired_how.value if vehicle.acquired_how else None,
    }
