"""Exact calendar arithmetic used by the car-queue rules.

Terms counted in years or months follow the Civil Code of Ukraine, art. 254: a term
expires on the same day and month of the last year (month) of the term; when that month
has no such day (29 February in a common year, 31 April...), it expires on the last day of
that month. So 29.02.2016 + 10 years = 28.02.2026, and 31.08.2024 + 6 months = 28.02.2025.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def _clamped(year: int, month: int, day: int) -> date:
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day, last_day))


def add_months(start: date, months: int) -> date:
    """Return `start` moved by `months` calendar months (negative moves back).

    A day that does not exist in the target month becomes that month's last day.
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    return _clamped(year, month0 + 1, start.day)


def add_years(start: date, years: int) -> date:
    """Return `start` moved by `years` calendar years; 29 February becomes 28 February
    in a common year."""
    return add_months(start, years * 12)


def add_days(start: date, days: int) -> date:
    return start + timedelta(days=days)


def end_of_month(day: date) -> date:
    return _clamped(day.year, day.month, 31)


def is_younger_than(since: date, years: int, on: date) -> bool:
    """True when less than `years` full years have passed between `since` and `on`.

    Boundary: on the anniversary itself the period is complete, i.e. the result is
    ``add_years(since, years) > on``.
    """
    return add_years(since, years) > on


def full_years_between(start: date, end: date) -> int:
    """Full calendar years from `start` to `end` (age on `end` for a birth date)."""
    years = end.year - start.year
    if add_years(start, years) > end:
        years -= 1
    return years


def fmt_uk(day: date | None) -> str:
    return "—" if day is None else day.strftime("%d.%m.%Y")


def fmt_en(day: date | None) -> str:
    return "—" if day is None else day.isoformat()
