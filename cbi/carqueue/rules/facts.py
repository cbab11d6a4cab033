"""The facts document: everything the rules need to know about one case.

The document is plain data (JSON in, JSON Schema out). Validation is strict: dates must be
ISO `YYYY-MM-DD` strings (or `datetime.date` objects), booleans must be JSON booleans,
enumerations accept only their listed values, and unknown keys are refused. Every error
carries the path of the offending field (pydantic's `loc`).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic import StrictInt, StrictStr

from .enums import (
    AcquiredHow,
    ApplicationKind,
    AssessmentKind,
    Category,
    ChornobylRole,
    DisabilityCause,
    DisabilityEventKind,
    DisabilityGroup,
    DisabilityTerm,
    Holder,
    ReceivedVia,
    RegisterSource,
    Relation,
    RepresentativeKind,
    SeparateReason,
    VehicleKind,
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    if isinstance(value, datetime):
        raise ValueError("expected a date (YYYY-MM-DD), not a date-time")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"not a valid calendar date: {value!r}") from exc
    raise ValueError("expected a date as a string YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Reason = Annotated[
    StrictStr, StringConstraints(strip_whitespace=True, min_length=5, max_length=2000)
]
PositiveInt = Annotated[StrictInt, Field(gt=0)]


class FactsModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- person ------------------------------------------------------------------------------


class Person(FactsModel):
    full_name: Text | None = None
    birth_date: IsoDate
    citizen_of_ukraine: StrictBool
    registered_residence_in_ukraine: StrictBool
    #: Lives in a state-funded care institution on full state support.
    in_state_care_full_support: StrictBool = False
    #: Held in a place of detention.
    in_detention: StrictBool = False
    legally_incapable: StrictBool = False
    #: A child deprived of parental care (CQ-DOC-1 checklist).
    without_parental_care: StrictBool = False
    #: Took direct part in combat during World War II (CQ-DOC-1 checklist).
    wwii_combat_participant: StrictBool = False


# --- disability --------------------------------------------------------------------------


class ChornobylStatus(FactsModel):
    role: ChornobylRole
    #: Category under the Law on the status of Chornobyl victims: 1 to 4.
    category: Annotated[StrictInt, Field(ge=1, le=4)]
    #: A causal link of the disability to the Chornobyl disaster is established.
    causal_link: StrictBool


class DisabilityEvent(FactsModel):
    event: DisabilityEventKind
    on: IsoDate
    group: DisabilityGroup | None = None
    certificate_number: Text | None = None


class Disability(FactsModel):
    group: DisabilityGroup
    subgroup_a: StrictBool = False
    cause: DisabilityCause
    war_by_vision: StrictBool = False
    war_without_both_arms: StrictBool = False
    chornobyl: ChornobylStatus | None = Field(default=None, validate_default=True)
    stumps_of_both_legs_and_arms: StrictBool = False
    term: DisabilityTerm
    valid_until: IsoDate | None = Field(default=None, validate_default=True)
    established_on: IsoDate
    #: Set when the disability has been removed (the person is no longer recognised
    #: as a person with disability).
    removed_on: IsoDate | None = Field(default=None, validate_default=True)
    #: Officer-recorded good reason for not renewing a fixed-term disability (CQ-RM-2).
    renewal_good_reason: Reason | None = None
    history: list[DisabilityEvent] = Field(default_factory=list)

    @field_validator("subgroup_a")
    @classmethod
    def _subgroup_only_for_group_i(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("group") not in (None, DisabilityGroup.I):
            raise ValueError("subgroup A exists only for disability group I")
        return value

    @field_validator("war_by_vision", "war_without_both_arms")
    @classmethod
    def _war_flags_only_for_war(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("cause") not in (None, DisabilityCause.war):
            raise ValueError("only meaningful when cause is 'war'")
        return value

    @field_validator("chornobyl")
    @classmethod
    def _chornobyl_required(
        cls, value: ChornobylStatus | None, info: ValidationInfo
    ) -> ChornobylStatus | None:
        if value is None and info.data.get("cause") == DisabilityCause.chornobyl:
            raise ValueError("required when cause is 'chornobyl'")
        return value

    @field_validator("valid_until")
    @classmethod
    def _valid_until_for_fixed_term(cls, value: date | None, info: ValidationInfo) -> date | None:
        term = info.data.get("term")
        if term == DisabilityTerm.fixed and value is None:
            raise ValueError("required when term is 'fixed'")
        if term == DisabilityTerm.indefinite and value is not None:
            raise ValueError("must be empty when term is 'indefinite'")
        return value

    @field_validator("removed_on")
    @classmethod
    def _removed_after_established(cls, value: date | None, info: ValidationInfo) -> date | None:
        established = info.data.get("established_on")
        if value is not None and established is not None and value < established:
            raise ValueError("cannot be earlier than established_on")
        return value


# --- assessments -------------------------------------------------------------------------


class Assessment(FactsModel):
    kind: AssessmentKind
    assessed_on: IsoDate
    conclusion_number: Text | None = None
    indications_for_car: StrictBool
    hand_controls: StrictBool = False
    contraindications_to_driving: StrictBool = False


# --- application -------------------------------------------------------------------------


class ProcessDates(FactsModel):
    """What has happened to the application so far (CQ-FLOW-1..5). All optional."""

    referrals_issued_on: IsoDate | None = None
    health_exam_on: IsoDate | None = None
    form_088_sent_on: IsoDate | None = None
    social_office_notified_on: IsoDate | None = None
    documents_forwarded_on: IsoDate | None = None
    #: The day the regional department received the application with all documents
    #: (including the assessment's conclusion).
    documents_complete_on: IsoDate | None = None
    journal_registered_on: IsoDate | None = None
    decision_sent_on: IsoDate | None = None


class Application(FactsModel):
    registered_on: IsoDate
    received_via: ReceivedVia
    journal_number: PositiveInt | None = None
    kind: ApplicationKind
    #: replacement: the day the previous car was issued through social protection.
    previous_car_issued_on: IsoDate | None = Field(default=None, validate_default=True)
    #: replacement: `ref` of the vehicle being replaced (optional).
    replaced_vehicle_ref: Text | None = None
    #: separate_from_family: the date the person could have been enrolled alone, if known.
    separate_enrollment_date: IsoDate | None = None
    #: separate_from_family: registration date of the person's original (joint)
    #: application, to compute that date when it is not given.
    original_registered_on: IsoDate | None = Field(default=None, validate_default=True)
    separate_reason: SeparateReason | None = None
    #: joint_family: enrollment dates of the other family members with disabilities.
    family_enrollment_dates: list[IsoDate] = Field(default_factory=list, validate_default=True)
    #: Codes (see `required_documents`) of the documents handed in; None = not recorded.
    documents_provided: list[Text] | None = None
    #: Officer's written reason for registering with mandatory documents missing.
    missing_documents_reason: Reason | None = None
    process: ProcessDates | None = None

    @field_validator("previous_car_issued_on")
    @classmethod
    def _replacement_needs_issue_date(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is None and info.data.get("kind") == ApplicationKind.replacement:
            raise ValueError("required when kind is 'replacement'")
        return value

    @field_validator("original_registered_on")
    @classmethod
    def _separate_needs_a_date(cls, value: date | None, info: ValidationInfo) -> date | None:
        if (
            info.data.get("kind") == ApplicationKind.separate_from_family
            and value is None
            and info.data.get("separate_enrollment_date") is None
        ):
            raise ValueError(
                "kind 'separate_from_family' needs separate_enrollment_date or "
                "original_registered_on"
            )
        return value

    @field_validator("family_enrollment_dates")
    @classmethod
    def _joint_needs_dates(cls, value: list[date], info: ValidationInfo) -> list[date]:
        if not value and info.data.get("kind") == ApplicationKind.joint_family:
            raise ValueError("at least one date is required when kind is 'joint_family'")
        return value


# --- vehicles, family, representative ----------------------------------------------------


class Vehicle(FactsModel):
    #: Registration plate or VIN, as the vehicle register gives it.
    ref: Text | None = None
    #: Make and model, e.g. "Daewoo Lanos".
    description: Text | None = None
    kind: VehicleKind
    acquired_how: AcquiredHow
    whose: Holder = Holder.person
    registered_on: IsoDate
    deregistered_on: IsoDate | None = Field(default=None, validate_default=True)
    #: Start of operation (first registration / manufacture date), when known exactly.
    in_operation_since: IsoDate | None = None
    #: Model year, when only the year is known.
    model_year: Annotated[StrictInt, Field(ge=1900, le=2100)] | None = Field(
        default=None, validate_default=True
    )

    @field_validator("deregistered_on")
    @classmethod
    def _deregistered_after_registered(cls, value: date | None, info: ValidationInfo) -> date | None:
        registered = info.data.get("registered_on")
        if value is not None and registered is not None and value < registered:
            raise ValueError("cannot be earlier than registered_on")
        return value

    @field_validator("model_year")
    @classmethod
    def _operation_start_known(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is None and info.data.get("in_operation_since") is None:
            raise ValueError("give in_operation_since or model_year")
        return value


class FamilyMember(FactsModel):
    full_name: Text | None = None
    relation: Relation
    registered_at_same_address: StrictBool
    holds_driving_licence: StrictBool = False
    #: Will be given the right to use the car (CQ-DOC-1 checklist).
    will_use_car: StrictBool = False


class Representative(FactsModel):
    full_name: Text | None = None
    kind: RepresentativeKind


class Item8Exception(FactsModel):
    """An officer-recorded exception under item 8 (the text of item 8 is not known)."""

    code: Text | None = None
    reason: Reason
    recorded_by: Text | None = None
    recorded_on: IsoDate | None = None


class VehicleRegisterCheck(FactsModel):
    """Where the vehicle facts came from (CQ-ELIG-5)."""

    source: RegisterSource
    fetched_on: IsoDate
    #: First day covered by the register extract.
    covers_from: IsoDate | None = None


class HumanitarianCar(FactsModel):
    """Item 41: a car received as humanitarian aid for this named enrolled person."""

    #: The day the car was received for the person.
    received_on: IsoDate
    #: The day the person (or the legal representative) consented to receive it outside the
    #: queue; None = no consent recorded (the car cannot be issued).
    consent_on: IsoDate | None = None
    description: Text | None = None


class QueueEntry(FactsModel):
    """Present when the person is already enrolled."""

    enrolled_on: IsoDate
    category: Category | None = None
    journal_number: PositiveInt | None = None
    #: Item 41: a humanitarian car received for this person (to be issued outside the queue).
    humanitarian_car: HumanitarianCar | None = None


# --- the document ------------------------------------------------------------------------


class Facts(FactsModel):
    schema_version: Literal[1] = 1
    #: The day the evaluation is for.
    evaluation_date: IsoDate
    person: Person
    disability: Disability
    assessments: list[Assessment] = Field(default_factory=list)
    application: Application
    vehicles: list[Vehicle] = Field(default_factory=list)
    vehicle_register: VehicleRegisterCheck | None = None
    family_members: list[FamilyMember] = Field(default_factory=list)
    representative: Representative | None = None
    item8_exception: Item8Exception | None = None
    queue_entry: QueueEntry | None = None

    @field_validator("person")
    @classmethod
    def _born_before_evaluation(cls, value: Person, info: ValidationInfo) -> Person:
        on = info.data.get("evaluation_date")
        if on is not None and value.birth_date > on:
            raise ValueError("birth_date is after evaluation_date")
        return value

    @field_validator("application")
    @classmethod
    def _registered_before_evaluation(cls, value: Application, info: ValidationInfo) -> Application:
        on = info.data.get("evaluation_date")
        if on is not None and value.registered_on > on:
            raise ValueError(
                f"registered_on ({value.registered_on}) is after evaluation_date ({on})"
            )
        return value

    @model_validator(mode="after")
    def _representative_vehicles_need_representative(self) -> Facts:
        if self.representative is None:
            for index, vehicle in enumerate(self.vehicles):
                if vehicle.whose == Holder.representative:
                    raise ValueError(
                        f"vehicles.{index}.whose is 'representative' but no representative "
                        "is given"
                    )
        return self

    @property
    def is_child(self) -> bool:
        return self.disability.group == DisabilityGroup.child

    @property
    def is_enrolled(self) -> bool:
        return self.queue_entry is not None


def facts_json_schema() -> dict[str, Any]:
    """JSON Schema of the facts document (validation mode)."""
    return Facts.model_json_schema(mode="validation")


def parse_facts(data: dict[str, Any] | str | bytes) -> Facts:
    """Validate a facts document given as a dict or as JSON text."""
    if isinstance(data, (str, bytes)):
        return Facts.model_validate_json(data)
    return Facts.model_validate(data)
