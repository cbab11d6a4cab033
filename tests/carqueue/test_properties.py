"""Property-based invariants of the engine (hypothesis)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cbi.carqueue.rules import (
    RULE_IDS,
    Category,
    QueueItem,
    RulesConfig,
    add_months,
    add_years,
    allocate_batch,
    evaluate,
)
from cbi.carqueue.rules.enums import (
    AcquiredHow,
    ApplicationKind,
    AssessmentKind,
    DisabilityCause,
    DisabilityGroup,
    Outcome,
    ReceivedVia,
    Relation,
    VehicleKind,
)

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MOTOR_KINDS = [k for k in VehicleKind if k not in (VehicleKind.trailer, VehicleKind.semi_trailer)]


def _iso(day: date) -> str:
    return day.isoformat()


def _day_between(draw: st.DrawFn, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=draw(st.integers(0, (end - start).days)))


@st.composite
def vehicle_dicts(draw: st.DrawFn, on: date, with_representative: bool) -> dict[str, Any]:
    registered = _day_between(draw, date(1995, 1, 1), on)
    start = _day_between(draw, date(1990, 1, 1), registered)
    out: dict[str, Any] = {
        "kind": draw(st.sampled_from(list(VehicleKind))).value,
        "acquired_how": draw(st.sampled_from(list(AcquiredHow))).value,
        "whose": "representative" if with_representative and draw(st.booleans()) else "person",
        "registered_on": _iso(registered),
    }
    if draw(st.booleans()):
        out["in_operation_since"] = _iso(start)
    else:
        out["model_year"] = start.year
    if draw(st.booleans()):
        out["deregistered_on"] = _iso(_day_between(draw, registered, on + timedelta(days=400)))
    return out


@st.composite
def facts_dicts(draw: st.DrawFn) -> dict[str, Any]:
    on = _day_between(draw, date(2012, 1, 1), date(2032, 12, 31))
    group = draw(st.sampled_from(list(DisabilityGroup)))
    cause = draw(st.sampled_from(list(DisabilityCause)))
    birth = on - timedelta(days=draw(st.integers(0, 90 * 365)))
    established = _day_between(draw, max(birth, date(2000, 1, 1)), on)
    disability: dict[str, Any] = {
        "group": group.value,
        "cause": cause.value,
        "established_on": _iso(established),
        "subgroup_a": group == DisabilityGroup.I and draw(st.booleans()),
        "stumps_of_both_legs_and_arms": draw(st.integers(0, 9)) == 0,
    }
    if cause == DisabilityCause.war:
        disability["war_by_vision"] = draw(st.booleans())
        disability["war_without_both_arms"] = draw(st.booleans())
    if cause == DisabilityCause.chornobyl or draw(st.integers(0, 9)) == 0:
        disability["chornobyl"] = {
            "role": draw(st.sampled_from(["liquidator", "victim", "other_nuclear_event"])),
            "category": draw(st.integers(1, 4)),
            "causal_link": draw(st.booleans()),
        }
    if draw(st.booleans()):
        disability["term"] = "indefinite"
    else:
        disability["term"] = "fixed"
        disability["valid_until"] = _iso(_day_between(draw, established, on + timedelta(days=900)))
    if draw(st.integers(0, 9)) == 0:
        disability["removed_on"] = _iso(_day_between(draw, established, on))
    if draw(st.integers(0, 4)) == 0:
        disability["history"] = [
            {"event": "removed", "on": _iso(_day_between(draw, date(2000, 1, 1), established))},
            {"event": "group_changed", "on": _iso(_day_between(draw, established, on)), "group": group.value},
        ]
    registered = _day_between(draw, on - timedelta(days=4000), on)
    kind = draw(st.sampled_from(list(ApplicationKind)))
    application: dict[str, Any] = {
        "registered_on": _iso(registered),
        "received_via": draw(st.sampled_from(list(ReceivedVia))).value,
        "kind": kind.value,
        "journal_number": draw(st.integers(1, 5000)),
    }
    if kind == ApplicationKind.replacement:
        application["previous_car_issued_on"] = _iso(_day_between(draw, registered - timedelta(days=5000), registered))
    if kind == ApplicationKind.joint_family:
        application["family_enrollment_dates"] = [_iso(_day_between(draw, registered - timedelta(days=3000), on))]
    if kind == ApplicationKind.separate_from_family:
        application["original_registered_on"] = _iso(_day_between(draw, registered - timedelta(days=3000), registered))
    assessments = [
        {
            "kind": draw(st.sampled_from(list(AssessmentKind))).value,
            "assessed_on": _iso(_day_between(draw, registered - timedelta(days=700), on + timedelta(days=30))),
            "indications_for_car": draw(st.integers(0, 3)) > 0,
            "hand_controls": draw(st.booleans()),
            "contraindications_to_driving": draw(st.integers(0, 4)) == 0,
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    has_representative = group == DisabilityGroup.child or draw(st.booleans())
    data: dict[str, Any] = {
        "evaluation_date": _iso(on),
        "person": {
            "full_name": "Петренко Олена Іванівна",
            "birth_date": _iso(birth),
            "citizen_of_ukraine": draw(st.integers(0, 9)) > 0,
            "registered_residence_in_ukraine": draw(st.integers(0, 9)) > 0,
            "in_state_care_full_support": draw(st.integers(0, 19)) == 0,
            "in_detention": draw(st.integers(0, 19)) == 0,
            "legally_incapable": draw(st.integers(0, 9)) == 0,
        },
        "disability": disability,
        "assessments": assessments,
        "application": application,
        "vehicles": draw(st.lists(vehicle_dicts(on, has_representative), max_size=3)),
        "family_members": [
            {"relation": draw(st.sampled_from(list(Relation))).value,
             "registered_at_same_address": draw(st.booleans()),
             "holds_driving_licence": draw(st.booleans())}
            for _ in range(draw(st.integers(0, 2)))
        ],
    }
    if has_representative:
        data["representative"] = {"full_name": "Петренко Іван Сергійович", "kind": "parent"}
    if draw(st.booleans()):
        data["vehicle_register"] = {"source": "register", "fetched_on": _iso(on - timedelta(days=draw(st.integers(0, 60))))}
    if draw(st.integers(0, 3)) == 0:
        data["queue_entry"] = {"enrolled_on": _iso(_day_between(draw, registered, on)), "journal_number": 7}
    return data


@SETTINGS
@given(facts_dicts())
def test_every_decision_is_explained(data: dict[str, Any]) -> None:
    decision = evaluate(data)
    assert [r.rule_id for r in decision.applied_rules] == list(RULE_IDS)
    assert any(r.outcome != Outcome.not_applicable for r in decision.applied_rules)
    for rule in decision.applied_rules:
        assert rule.citation.strip() and rule.reason_uk.strip() and rule.reason_en.strip()
    assert decision.eligible == (decision.category is not None)
    assert decision.eligible == (decision.enrollment_date is not None)
    assert decision.eligible == (decision.share is not None)
    json.dumps(decision.model_dump(mode="json"))


@SETTINGS
@given(facts_dicts())
def test_non_citizen_never_eligible(data: dict[str, Any]) -> None:
    data["person"]["citizen_of_ukraine"] = False
    assert not evaluate(data).eligible


@SETTINGS
@given(facts_dicts(), st.sampled_from(MOTOR_KINDS), st.sampled_from(list(AcquiredHow)),
       st.integers(0, 10 * 365), st.booleans())
def test_recent_motor_vehicle_never_eligible(
    data: dict[str, Any], kind: VehicleKind, how: AcquiredHow, age_days: int, exception: bool
) -> None:
    on = date.fromisoformat(data["evaluation_date"])
    start = on - timedelta(days=age_days)
    if add_years(start, 10) <= on:  # 10 full years: not "less than 10"
        start = add_years(on, -10) + timedelta(days=1)
    data["vehicles"].append({
        "ref": "KA7777AA", "kind": kind.value, "acquired_how": how.value, "whose": "person",
        "registered_on": _iso(start), "in_operation_since": _iso(start),
    })
    if data["application"]["kind"] == "replacement":
        data["application"]["replaced_vehicle_ref"] = "OTHER"
    if exception:
        data["item8_exception"] = {"reason": "Рішення комісії за п. 8 від 01.02.2024"}
    decision = evaluate(data)
    if not exception:
        assert not decision.eligible
    assert decision.rule("CQ-ELIG-2").outcome in (Outcome.failed, Outcome.flagged)


@SETTINGS
@given(facts_dicts())
def test_cq_date_2_never_before_application(data: dict[str, Any]) -> None:
    data["disability"]["stumps_of_both_legs_and_arms"] = True
    data["application"] = {k: v for k, v in data["application"].items()
                           if k in ("registered_on", "received_via", "journal_number")} | {"kind": "first"}
    data.pop("queue_entry", None)
    decision = evaluate(data)
    result = decision.rule("CQ-DATE-2")
    assert result.outcome == Outcome.applied
    assert result.data["enrollment_date"] >= date.fromisoformat(data["application"]["registered_on"])
    if decision.eligible:
        assert decision.enrollment_date >= date.fromisoformat(data["application"]["registered_on"])


@SETTINGS
@given(facts_dicts(), st.integers(0, 20 * 365))
def test_cq_date_5_never_before_end_of_10_years(data: dict[str, Any], issued_days_ago: int) -> None:
    registered = date.fromisoformat(data["application"]["registered_on"])
    issued = registered - timedelta(days=issued_days_ago)
    data["application"] = {k: v for k, v in data["application"].items()
                           if k in ("registered_on", "received_via", "journal_number")} | {
        "kind": "replacement", "previous_car_issued_on": _iso(issued)}
    data.pop("queue_entry", None)
    decision = evaluate(data)
    day = decision.rule("CQ-DATE-5").data["enrollment_date"]
    assert day >= add_years(issued, 10) and day >= registered
    if decision.eligible:
        assert decision.enrollment_date >= add_years(issued, 10)


@SETTINGS
@given(st.integers(0, 60), st.lists(st.integers(0, 15), min_size=3, max_size=3),
       st.sampled_from([(50, 30, 20), (100, 0, 0), (34, 33, 33), (0, 0, 100), (10, 10, 80)]))
def test_cq_cat_3_allocation_conserves_cars(cars: int, sizes: list[int], quotas: tuple[int, int, int]) -> None:
    categories = list(Category)
    queues = {
        c: [QueueItem(entry_id=f"{c.value}-{i}", enrollment_date=date(2020, 1, 1) + timedelta(days=i), journal_number=i + 1)
            for i in range(n)]
        for c, n in zip(categories, sizes)
    }
    config = RulesConfig(quotas=dict(zip(categories, quotas)))
    allocation = allocate_batch(cars, queues, config)
    assert sum(allocation.counts.values()) + allocation.unallocated == cars
    for c in categories:
        assert allocation.counts[c] <= len(queues[c])
        assert allocation.offers[c] == queues[c][: allocation.counts[c]]
    if allocation.unallocated:
        assert all(allocation.counts[c] == len(queues[c]) for c in categories)


@SETTINGS
@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.integers(-1200, 1200))
def test_add_months_is_calendar_exact(start: date, months: int) -> None:
    moved = add_months(start, months)
    assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == months
    assert moved.day == start.day or (moved.day < start.day and (moved + timedelta(days=1)).day == 1)
