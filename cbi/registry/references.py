"""Reference numbers people quote on the phone: PREFIX-YEAR-000123, one counter per year."""

from __future__ import annotations

from django.db.models import F


def next_reference(counter_model, prefix: str, year: int) -> str:
    """The next number from ``counter_model`` (fields ``year``, ``last``); call inside a
    transaction. The UPDATE takes the row lock, so parallel callers get distinct numbers."""
    counter_model.objects.get_or_create(year=year)
    counter_model.objects.filter(year=year).update(last=F("last") + 1)
    number = counter_model.objects.get(year=year).last
    return f"{prefix}-{year}-{number:06d}"
