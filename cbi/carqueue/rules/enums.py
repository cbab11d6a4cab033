"""Closed vocabularies shared by the facts document, the configuration and the decision."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """Queue categories, each with its own numbering (CQ-CAT-1)."""

    first_priority = "first_priority"
    out_of_turn = "out_of_turn"
    general = "general"


#: Fixed order of the categories (used for ties and reports).
CATEGORY_ORDER: tuple[Category, ...] = (
    Category.first_priority,
    Category.out_of_turn,
    Category.general,
)


class DisabilityGroup(StrEnum):
    I = "I"  # noqa: E741 - the group's own name
    II = "II"
    III = "III"
    child = "child"


class DisabilityCause(StrEnum):
    general_disease = "general_disease"
    from_childhood = "from_childhood"
    work_injury = "work_injury"
    occupational_disease = "occupational_disease"
    war = "war"
    chornobyl = "chornobyl"
    military_service = "military_service"
    other = "other"


class DisabilityTerm(StrEnum):
    fixed = "fixed"
    indefinite = "indefinite"


class DisabilityEventKind(StrEnum):
    established = "established"
    renewed = "renewed"
    group_changed = "group_changed"
    removed = "removed"
    reestablished = "reestablished"


class ChornobylRole(StrEnum):
    liquidator = "liquidator"
    victim = "victim"
    other_nuclear_event = "other_nuclear_event"


class AssessmentKind(StrEnum):
    msek = "msek"
    expert_team = "expert_team"
    lkk = "lkk"
    vlk = "vlk"


class ReceivedVia(StrEnum):
    in_person = "in_person"
    post = "post"
    cabinet = "cabinet"


class ApplicationKind(StrEnum):
    first = "first"
    joint_family = "joint_family"
    separate_from_family = "separate_from_family"
    replacement = "replacement"
    after_family_change = "after_family_change"
    after_reestablishment = "after_reestablishment"


class SeparateReason(StrEnum):
    wish = "wish"
    family_member_died = "family_member_died"


class VehicleKind(StrEnum):
    car = "car"
    motorcycle = "motorcycle"
    truck = "truck"
    bus = "bus"
    trailer = "trailer"
    semi_trailer = "semi_trailer"
    other = "other"


#: Not motor vehicles for CQ-ELIG-2 ("крім причепів, напівпричепів").
NON_MOTOR_KINDS: frozenset[VehicleKind] = frozenset(
    {VehicleKind.trailer, VehicleKind.semi_trailer}
)


class AcquiredHow(StrEnum):
    purchased = "purchased"
    social_protection = "social_protection"
    fund = "fund"
    charity = "charity"
    #: A car received as humanitarian aid for the named enrolled person and issued to them
    #: outside the queue under item 41: a car provided, like one through social protection
    #: (its replacement follows CQ-DATE-5), not charitable aid of CQ-ELIG-3.
    humanitarian = "humanitarian"


#: Cars provided under the resolution, whose replacement follows CQ-DATE-5.
PROVIDED_CAR_SOURCES: frozenset[AcquiredHow] = frozenset(
    {AcquiredHow.social_protection, AcquiredHow.fund, AcquiredHow.humanitarian}
)


class Holder(StrEnum):
    """Whose name the vehicle is registered in."""

    person = "person"
    representative = "representative"


class Relation(StrEnum):
    spouse = "spouse"
    child = "child"
    parent = "parent"
    sibling = "sibling"
    grandparent = "grandparent"
    grandchild = "grandchild"
    other_relative = "other_relative"
    #: Not a family member: counts only for war disability and Chornobyl category 1
    #: group I (CQ-RM-3, "або інша особа").
    other_person = "other_person"


class RepresentativeKind(StrEnum):
    parent = "parent"
    guardian = "guardian"
    custodian = "custodian"
    other = "other"


class RegisterSource(StrEnum):
    register = "register"
    fake = "fake"
    manual = "manual"


class Outcome(StrEnum):
    passed = "passed"
    failed = "failed"
    applied = "applied"
    not_applicable = "not_applicable"
    flagged = "flagged"


class ShareKind(StrEnum):
    free = "free"
    paid = "paid"
