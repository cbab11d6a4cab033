"""The embedded fake register: stable demo answers, the period filter, simulated failures."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from cbi.carqueue.rules.enums import AcquiredHow, VehicleKind
from cbi.integrations.vehicle_register import fake
from cbi.integrations.vehicle_register.contract import (
    RegisterRejected,
    RegisterUnavailable,
    VehicleQuery,
    parse_vehicle,
    vehicle_to_json,
)
from cbi.registry.demo import make_rnokpp
from cbi.registry.validators import validate_rnokpp

TODAY = date(2026, 3, 2)


def register(**kwargs) -> fake.FakeVehicleRegister:
    return fake.FakeVehicleRegister(today=lambda: TODAY, **kwargs)


def lookup(rnokpp: str, *, period_from=date(2019, 3, 2), period_to=TODAY, **kwargs):
    return register(**kwargs).lookup(VehicleQuery(period_from=period_from, period_to=period_to, rnokpp=rnokpp))


def years(since: date) -> float:
    return (TODAY - since).days / 365.25


def test_demo_numbers_are_valid_taxpayer_numbers():
    for number in [*fake.DEMO_RNOKPP, fake.FAKE_UNAVAILABLE_RNOKPP, fake.FAKE_REJECTED_RNOKPP]:
        validate_rnokpp(number)


def test_the_same_person_always_gets_the_same_answer():
    first = lookup("2763910246")
    second = lookup("2763910246")
    assert first.vehicles == second.vehicles and len(first.vehicles) == 1
    assert first.source == "fake" and first.subject_found


def test_most_people_have_no_vehicle():
    numbers = [make_rnokpp(date(1950, 1, 1) + timedelta(days=i * 13), i, i % 2 == 0) for i in range(1, 1001)]
    profiles = Counter(fake.profile_for(n) for n in numbers)
    assert 500 <= profiles[fake.NONE] <= 700
    assert profiles[fake.RECENT_CAR] > 0 and profiles[fake.OLD_CAR] > 0 and profiles[fake.CHARITY_CAR] > 0


def test_nobody_in_the_table_marked_none_has_a_vehicle():
    assert lookup("2590610860").vehicles == ()


def test_old_car_is_over_10_years_in_operation():
    [car] = lookup("2274710130").vehicles
    assert car.kind is VehicleKind.car and car.acquired_how is AcquiredHow.purchased
    assert years(car.in_operation_since) > 10 and car.deregistered_on is None


def test_recent_car_is_under_10_years_in_operation():
    [car] = lookup("2763910246").vehicles
    assert years(car.in_operation_since) < 10 and car.registered_on == car.in_operation_since
    assert len(car.vin) == 17 and car.registration_plate[:2].isalpha() and car.make


def test_charity_car():
    [car] = lookup("2923910373").vehicles
    assert car.acquired_how is AcquiredHow.charity and TODAY.year - car.registered_on.year == 2


def test_sold_car_has_a_deregistration_date():
    [car] = lookup("2149510485").vehicles
    assert car.deregistered_on is not None and car.registered_on <= car.deregistered_on < TODAY


def test_trailer_and_old_motorcycle():
    kinds = {v.kind for v in lookup("3049610513").vehicles}
    assert kinds == {VehicleKind.trailer, VehicleKind.motorcycle}


def test_model_year_only():
    [car] = lookup("2889910628").vehicles
    assert car.in_operation_since is None and car.year_of_manufacture == TODAY.year - 10


def test_the_period_filters_like_the_register():
    # The recent car was registered 3 years ago: a period that ended before it sees nothing.
    assert lookup("2763910246", period_from=date(2015, 1, 1), period_to=date(2020, 12, 31)).vehicles == ()
    # A car sold last year is still seen by a period that includes its registration time.
    assert lookup("2149510485", period_from=date(TODAY.year - 1, 12, 31)).vehicles == ()
    assert len(lookup("2149510485", period_from=date(TODAY.year - 2, 1, 1)).vehicles) == 1


def test_a_query_by_name_is_stable_too():
    q = VehicleQuery(period_from=date(2019, 3, 2), period_to=TODAY, surname="Гнатюк", given_name="Василь",
                     patronymic="Петрович", date_of_birth=date(1961, 11, 4))
    assert register().lookup(q).vehicles == register().lookup(q).vehicles


def test_down_switch_and_special_numbers():
    with pytest.raises(RegisterUnavailable):
        lookup("2590610860", down=True)
    with pytest.raises(RegisterUnavailable):
        lookup(fake.FAKE_UNAVAILABLE_RNOKPP)
    with pytest.raises(RegisterRejected) as caught:
        lookup(fake.FAKE_REJECTED_RNOKPP)
    assert caught.value.code == "subject_ambiguous"


@pytest.mark.parametrize("number", list(fake.DEMO_RNOKPP))
def test_the_fakes_answers_fit_the_contract(number):
    for vehicle in lookup(number).vehicles:
        assert parse_vehicle(vehicle_to_json(vehicle), "v") == vehicle


def test_children_have_no_vehicles():
    # Every number of a 10-year-old, whatever its hash says.
    numbers = [make_rnokpp(date(2016, 1, 1) + timedelta(days=i), i, True) for i in range(1, 60)]
    assert all(lookup(n).vehicles == () for n in numbers)
