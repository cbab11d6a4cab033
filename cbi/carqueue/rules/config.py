"""Configurable parts of the rules (the items the domain doc marks **configurable**).

The Django side stores a `RulesConfig` as data edited by an administrator and passes it to
the engine; the engine never reads settings itself. `RulesConfig()` gives the defaults.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, field_validator

from .enums import CATEGORY_ORDER, AssessmentKind, Category, DisabilityCause, DisabilityGroup, VehicleKind
from .facts import Text

Percent = Annotated[StrictInt, Field(ge=0, le=100)]
Code = Annotated[str, Field(pattern=r"^[a-z0-9_]{1,64}$")]


class ConfigModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GroundMatch(ConfigModel):
    """All given criteria must hold (an omitted criterion matches anything)."""

    groups: list[DisabilityGroup] | None = None
    causes: list[DisabilityCause] | None = None
    #: Chornobyl category (1..4) from the person's Chornobyl status.
    chornobyl_categories: list[Annotated[StrictInt, Field(ge=1, le=4)]] | None = None
    chornobyl_causal_link_required: StrictBool = False


class CategoryGround(ConfigModel):
    """A ground that puts a person into a queue category (CQ-CAT-2) and the share of the
    price the person pays (0 = free of charge)."""

    code: Code
    label_uk: Text
    label_en: Text
    category: Category
    match: GroundMatch = Field(default_factory=GroundMatch)
    paid_percent: Percent = 0


class Item8ExceptionKind(ConfigModel):
    """An administrator-defined kind of item-8 exception (none shipped)."""

    code: Code
    label_uk: Text
    label_en: Text


DEFAULT_GROUNDS: tuple[CategoryGround, ...] = (
    CategoryGround(
        code="war_disability",
        label_uk="Особа з інвалідністю внаслідок війни",
        label_en="War disability",
        category=Category.first_priority,
        match=GroundMatch(causes=[DisabilityCause.war]),
    ),
    CategoryGround(
        code="chornobyl_cat1_group1",
        label_uk="Особа з інвалідністю I групи, категорія 1 (Чорнобильська катастрофа)",
        label_en="Group I, Chornobyl category 1",
        category=Category.out_of_turn,
        match=GroundMatch(
            groups=[DisabilityGroup.I],
            chornobyl_categories=[1],
            chornobyl_causal_link_required=True,
        ),
    ),
)

DEFAULT_FALLBACK = CategoryGround(
    code="general",
    label_uk="Загальна черга",
    label_en="General queue",
    category=Category.general,
)


class RulesConfig(ConfigModel):
    #: CQ-CAT-2: grounds checked in order; the first that matches wins.
    category_grounds: list[CategoryGround] = Field(default_factory=lambda: list(DEFAULT_GROUNDS))
    #: CQ-CAT-2: applies when no ground matches. Its `match` is ignored.
    fallback_ground: CategoryGround = DEFAULT_FALLBACK
    #: CQ-CAT-3: share of each batch of cars per category, in percent (sum 100).
    quotas: dict[Category, Percent] = Field(
        default_factory=lambda: {
            Category.first_priority: 50,
            Category.out_of_turn: 30,
            Category.general: 20,
        }
    )
    #: CQ-ELIG-2 / item 8: kinds of exception an officer may choose (none shipped).
    item8_exception_kinds: list[Item8ExceptionKind] = Field(default_factory=list)
    #: CQ-ELIG-2 / item 8: whether an officer-recorded exception (with reason) is honoured.
    allow_officer_item8_exception: StrictBool = True
    #: CQ-DATE-8: causes treated as "трудове каліцтво".
    work_injury_causes: list[DisabilityCause] = Field(
        default_factory=lambda: [DisabilityCause.work_injury]
    )
    #: CQ-DATE-8: which date enrolls a work-injury case.
    work_injury_enrollment_rule: Literal["application_date", "assessment_date"] = "application_date"
    #: CQ-DATE-8: flag every work-injury case for an officer.
    work_injury_flag_for_officer: StrictBool = True
    #: Assessment kinds whose conclusion on indications for a car counts (adults).
    indication_assessment_kinds: list[AssessmentKind] = Field(
        default_factory=lambda: [AssessmentKind.msek, AssessmentKind.expert_team]
    )
    #: Assessment kinds whose conclusion counts for children with disabilities.
    child_indication_assessment_kinds: list[AssessmentKind] = Field(
        default_factory=lambda: [
            AssessmentKind.msek,
            AssessmentKind.expert_team,
            AssessmentKind.lkk,
        ]
    )
    #: CQ-ELIG-3: vehicle kinds that count as "автомобіль" for charity / purchase.
    charity_purchase_vehicle_kinds: list[VehicleKind] = Field(
        default_factory=lambda: [VehicleKind.car]
    )
    #: CQ-ELIG-6 / CQ-RM-3: the person to whom the right to use the car passes must hold
    #: a driving licence.
    transfer_requires_driving_licence: StrictBool = False
    #: CQ-RM-2 / CQ-RM-3: days before a deadline when the officer and person are warned.
    removal_warning_days: Annotated[StrictInt, Field(ge=0, le=180)] = 30
    #: CQ-ELIG-5: how old (days) a vehicle-register extract may be.
    vehicle_register_max_age_days: Annotated[StrictInt, Field(ge=0, le=3650)] = 30

    @field_validator("quotas")
    @classmethod
    def _quotas_complete(cls, value: dict[Category, int]) -> dict[Category, int]:
        missing = [c.value for c in CATEGORY_ORDER if c not in value]
        if missing:
            raise ValueError(f"missing categories: {', '.join(missing)}")
        if sum(value.values()) != 100:
            raise ValueError("quotas must add up to 100")
        return value

    @field_validator("category_grounds")
    @classmethod
    def _unique_codes(cls, value: list[CategoryGround]) -> list[CategoryGround]:
        codes = [ground.code for ground in value]
        if len(codes) != len(set(codes)):
            raise ValueError("ground codes must be unique")
        return value


def config_json_schema() -> dict[str, object]:
    return RulesConfig.model_json_schema(mode="validation")
