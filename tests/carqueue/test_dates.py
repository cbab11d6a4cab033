from datetime import date

import pytest

from cbi.carqueue.rules.dates import (
    add_days,
    add_months,
    add_years,
    end_of_month,
    full_years_between,
    is_younger_than,
)


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (date(2014, 3, 1), 10, date(2024, 3, 1)),
        (date(2016, 2, 29), 10, date(2026, 2, 28)),  # Civil Code art. 254: last day of month
        (date(2016, 2, 29), 8, date(2024, 2, 29)),
        (date(2024, 2, 29), -7, date(2017, 2, 28)),
        (date(2000, 12, 31), 1, date(2001, 12, 31)),
    ],
)
def test_add_years(start: date, years: int, expected: date) -> None:
    assert add_years(start, years) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2024, 1, 15), -1, date(2023, 12, 15)),
        (date(2024, 12, 31), 2, date(2025, 2, 28)),
        (date(2024, 5, 31), 1, date(2024, 6, 30)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_end_of_month_and_days() -> None:
    assert end_of_month(date(2024, 2, 10)) == date(2024, 2, 29)
    assert end_of_month(date(2023, 2, 10)) == date(2023, 2, 28)
    assert add_days(date(2024, 1, 31), 20) == date(2024, 2, 20)


def test_is_younger_than_boundary_on_anniversary() -> None:
    start = date(2014, 5, 15)
    assert is_younger_than(start, 10, date(2024, 5, 14))
    assert not is_younger_than(start, 10, date(2024, 5, 15))  # exactly 10 years: not "less"


def test_full_years_between_leap_birthday() -> None:
    assert full_years_between(date(2016, 2, 29), date(2021, 2, 27)) == 4
    assert full_years_between(date(2016, 2, 29), date(2021, 2, 28)) == 5
