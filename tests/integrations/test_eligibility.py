"""`disqualifying_vehicles` asks the rules engine (CQ-ELIG-2/3) about each vehicle."""

from __future__ import annotations

from datetime import date

import pytest

from cbi.integrations.vehicle_register.eligibility import disqualifying_vehicles

ON = date(2026, 3, 2)


def car(**kwargs) -> dict:
    data = {
        "ref": "AA1234KB", "description": "Renault Logan", "kind": "car", "acquired_how": "purchased",
        "whose": "person", "registered_on": "2023-05-10", "in_operation_since": "2023-05-10",
    }
    data.update(kwargs)
    return data


def test_no_vehicles_nothing_to_remove():
    assert disqualifying_vehicles([], ON) == []


def test_a_car_under_10_years_fails_both_rules():
    [found] = disqualifying_vehicles([car()], ON)
    assert found.rule_ids == ["CQ-ELIG-2", "CQ-ELIG-3"] and found.certain
    assert found.vehicle.ref == "AA1234KB"
    assert "Renault Logan" in found.results[0].reason_uk and found.results[0].citation


def test_an_old_car_and_a_trailer_do_not_disqualify():
    old = car(ref="KA0001AB", registered_on="2014-02-01", in_operation_since="2011-06-01")
    trailer = car(ref="BC0417XA", kind="trailer", description="Кремінь ПР-500")
    assert disqualifying_vehicles([old, trailer], ON) == []


def test_a_charity_car_fails_cq_elig_3_only():
    gift = car(acquired_how="charity", registered_on="2024-04-01", in_operation_since="2014-01-15")
    [found] = disqualifying_vehicles([gift], ON)
    assert found.rule_ids == ["CQ-ELIG-3"]


def test_a_new_car_sold_since_still_counts_for_the_7_years():
    sold = car(registered_on="2020-07-01", in_operation_since="2020-07-01", deregistered_on="2025-02-01")
    [found] = disqualifying_vehicles([sold], ON)
    assert found.rule_ids == ["CQ-ELIG-3"]


def test_the_window_runs_from_7_years_before_enrollment():
    gift = car(acquired_how="charity", registered_on="2017-06-01", in_operation_since="2010-01-15")
    assert disqualifying_vehicles([gift], ON) == []  # more than 7 years before today
    [found] = disqualifying_vehicles([gift], ON, enrolled_on=date(2022, 9, 1))  # within 7 years before enrollment
    assert found.rule_ids == ["CQ-ELIG-3"]


def test_representatives_vehicles_count_only_when_asked():
    theirs = car(whose="representative")
    assert disqualifying_vehicles([theirs], ON)[0].rule_ids == ["CQ-ELIG-2", "CQ-ELIG-3"]
    assert disqualifying_vehicles([theirs], ON, count_representative=False) == []


def test_only_a_model_year_is_uncertain_and_left_to_the_officer():
    unsure = car(in_operation_since=None, model_year=2016, registered_on="2018-03-01")
    assert disqualifying_vehicles([unsure], ON) == []
    [found] = disqualifying_vehicles([unsure], ON, include_uncertain=True)
    assert not found.certain and found.results[0].flag_code == "vehicle_operation_start_unknown"


def test_enrollment_after_the_day_is_refused():
    with pytest.raises(ValueError):
        disqualifying_vehicles([car()], ON, enrolled_on=date(2026, 4, 1))
