"""Helpers shared by several rules (each piece of logic lives here once)."""

from __future__ import annotations

from datetime import date

from .config import CategoryGround, RulesConfig
from .dates import add_years, fmt_en, fmt_uk
from .enums import (
    PROVIDED_CAR_SOURCES,
    ChornobylRole,
    DisabilityCause,
    DisabilityGroup,
    Holder,
    Relation,
    VehicleKind,
)
from .facts import Assessment, Facts, FamilyMember, Vehicle
from .terms import CHILD_MIN_AGE_YEARS

VEHICLE_KIND_UK: dict[VehicleKind, str] = {
    VehicleKind.car: "автомобіль",
    VehicleKind.motorcycle: "мотоцикл",
    VehicleKind.truck: "вантажний автомобіль",
    VehicleKind.bus: "автобус",
    VehicleKind.trailer: "причіп",
    VehicleKind.semi_trailer: "напівпричіп",
    VehicleKind.other: "транспортний засіб",
}

HOLDER_UK: dict[Holder, str] = {
    Holder.person: "особу з інвалідністю",
    Holder.representative: "законного представника",
}


def vehicle_label_uk(vehicle: Vehicle) -> str:
    name = VEHICLE_KIND_UK[vehicle.kind]
    if vehicle.description:
        name = f"{name} {vehicle.description}"
    return f"{name} ({vehicle.ref})" if vehicle.ref else name


def vehicle_label_en(vehicle: Vehicle) -> str:
    name = vehicle.kind.value.replace("_", "-")
    if vehicle.description:
        name = f"{name} {vehicle.description}"
    return f"{name} ({vehicle.ref})" if vehicle.ref else name


def operation_start_bounds(vehicle: Vehicle) -> tuple[date, date]:
    """Earliest and latest possible start of operation.

    Exact when `in_operation_since` is known; otherwise 1 January .. 31 December of
    `model_year` (the rules flag a case whose outcome depends on the unknown day).
    """
    if vehicle.in_operation_since is not None:
        return vehicle.in_operation_since, vehicle.in_operation_since
    assert vehicle.model_year is not None  # guaranteed by the facts model
    return date(vehicle.model_year, 1, 1), date(vehicle.model_year, 12, 31)


def operation_start_text(vehicle: Vehicle) -> tuple[str, str]:
    if vehicle.in_operation_since is not None:
        return fmt_uk(vehicle.in_operation_since), fmt_en(vehicle.in_operation_since)
    return f"{vehicle.model_year} р. (точна дата невідома)", f"{vehicle.model_year} (exact day unknown)"


def in_use_on(vehicle: Vehicle, on: date) -> bool:
    """Registered to its holder on `on` (registered and not yet deregistered)."""
    return vehicle.registered_on <= on and (
        vehicle.deregistered_on is None or vehicle.deregistered_on > on
    )


def representative_checked(facts: Facts) -> bool:
    """CQ-ELIG-4: the representative's vehicles count for a child or an incapable person."""
    return facts.is_child or facts.person.legally_incapable


def checked_holders(facts: Facts) -> frozenset[Holder]:
    if representative_checked(facts):
        return frozenset({Holder.person, Holder.representative})
    return frozenset({Holder.person})


def replaced_vehicle(facts: Facts) -> Vehicle | None:
    """The car being replaced under CQ-DATE-5 (its own age is governed by that rule)."""
    application = facts.application
    if application.previous_car_issued_on is None:
        return None
    for vehicle in facts.vehicles:
        if application.replaced_vehicle_ref is not None:
            if vehicle.ref == application.replaced_vehicle_ref:
                return vehicle
        elif (
            vehicle.acquired_how in PROVIDED_CAR_SOURCES
            and vehicle.registered_on == application.previous_car_issued_on
        ):
            return vehicle
    return None


def counting_kinds(facts: Facts, config: RulesConfig) -> list:
    return (
        config.child_indication_assessment_kinds
        if facts.is_child
        else config.indication_assessment_kinds
    )


def counting_assessments(facts: Facts, config: RulesConfig) -> list[Assessment]:
    """Assessments whose conclusion counts, dated no later than the evaluation date,
    oldest first (stable for equal dates)."""
    kinds = counting_kinds(facts, config)
    found = [
        a
        for a in facts.assessments
        if a.kind in kinds and a.assessed_on <= facts.evaluation_date
    ]
    return sorted(found, key=lambda a: a.assessed_on)


def latest_assessment(facts: Facts, config: RulesConfig) -> Assessment | None:
    found = counting_assessments(facts, config)
    return found[-1] if found else None


def assessment_label_uk(assessment: Assessment) -> str:
    names = {"msek": "МСЕК", "expert_team": "експертної команди", "lkk": "ЛКК", "vlk": "ВЛК"}
    number = f" № {assessment.conclusion_number}" if assessment.conclusion_number else ""
    return f"висновок {names[assessment.kind.value]}{number} від {fmt_uk(assessment.assessed_on)}"


def assessment_label_en(assessment: Assessment) -> str:
    names = {"msek": "MSEK", "expert_team": "expert team", "lkk": "LKK", "vlk": "VLK"}
    number = f" No. {assessment.conclusion_number}" if assessment.conclusion_number else ""
    return f"{names[assessment.kind.value]} conclusion{number} of {fmt_en(assessment.assessed_on)}"


def chornobyl_causal(facts: Facts) -> bool:
    """A liquidator or victim of the Chornobyl disaster whose disability is causally linked to
    it. Item 5 of the Procedure (CQ-ELIG-7) names the Chornobyl disaster only: a disability
    linked to another radiation or nuclear event gives no right regardless of medical
    indications (reading confirmed in issue #16)."""
    status = facts.disability.chornobyl
    return (status is not None and status.causal_link
            and status.role in (ChornobylRole.liquidator, ChornobylRole.victim))


def regardless_grounds(facts: Facts) -> list[str]:
    """CQ-ELIG-7: codes of the grounds giving a right regardless of medical indications."""
    disability = facts.disability
    grounds: list[str] = []
    if disability.group in (DisabilityGroup.I, DisabilityGroup.II) and chornobyl_causal(facts):
        grounds.append("chornobyl_group_1_2_causal_link")
    if (
        disability.cause == DisabilityCause.war
        and disability.group == DisabilityGroup.I
        and (disability.war_by_vision or disability.war_without_both_arms)
    ):
        grounds.append("war_group_1_vision_or_no_arms")
    if disability.stumps_of_both_legs_and_arms:
        grounds.append("stumps_of_both_legs_and_arms")
    return grounds


REGARDLESS_LABELS: dict[str, tuple[str, str]] = {
    "chornobyl_group_1_2_causal_link": (
        "I або II група, ліквідатор/потерпілий від Чорнобильської катастрофи з причинним "
        "зв'язком інвалідності",
        "group I or II Chornobyl liquidator/victim with an established causal link",
    ),
    "war_group_1_vision_or_no_arms": (
        "особа з інвалідністю внаслідок війни I групи по зору або без обох рук",
        "war disability, group I, by vision or without both arms",
    ),
    "stumps_of_both_legs_and_arms": (
        "кукси обох ніг і рук",
        "stumps of both legs and both arms",
    ),
}


def another_person_allowed(facts: Facts) -> bool:
    """CQ-RM-3: war disability and Chornobyl category 1 group I may pass the right to use
    the car to another person, not only to a family member."""
    disability = facts.disability
    status = disability.chornobyl
    chornobyl_cat1_group1 = (
        disability.group == DisabilityGroup.I
        and status is not None
        and status.causal_link
        and status.category == 1
    )
    return disability.cause == DisabilityCause.war or chornobyl_cat1_group1


def transfer_candidates(
    facts: Facts, config: RulesConfig, *, allow_other_person: bool
) -> list[FamilyMember]:
    """People to whom the right to use the car could pass."""
    found: list[FamilyMember] = []
    for member in facts.family_members:
        if config.transfer_requires_driving_licence and not member.holds_driving_licence:
            continue
        if member.relation == Relation.other_person:
            if allow_other_person:
                found.append(member)
        elif member.registered_at_same_address:
            found.append(member)
    return found


def names(members: list[FamilyMember]) -> str:
    return ", ".join(m.full_name or m.relation.value for m in members)


def ground_matches(ground: CategoryGround, facts: Facts) -> bool:
    match = ground.match
    disability = facts.disability
    status = disability.chornobyl
    if match.groups is not None and disability.group not in match.groups:
        return False
    if match.causes is not None and disability.cause not in match.causes:
        return False
    if match.chornobyl_categories is not None and (
        status is None or status.category not in match.chornobyl_categories
    ):
        return False
    if match.chornobyl_causal_link_required and (status is None or not status.causal_link):
        return False
    return True


def category_ground(facts: Facts, config: RulesConfig) -> CategoryGround:
    """CQ-CAT-2: the first configured ground that matches, else the fallback ground."""
    for ground in config.category_grounds:
        if ground_matches(ground, facts):
            return ground
    return config.fallback_ground


def min_age_reached_on(facts: Facts) -> date:
    """CQ-ELIG-1: the day a child reaches the age from which children are enrolled."""
    return add_years(facts.person.birth_date, CHILD_MIN_AGE_YEARS)
