"""Reference numbers people quote on the phone: SEQUENCE-YEAR-000123, one counter per sequence
and year (``models.ReferenceCounter``)."""

from __future__ import annotations

from django.db import transaction

from .models import ReferenceCounter


@transaction.atomic
def next_reference(*, sequence: str, year: int) -> str:
    """The next reference of ``sequence`` ("ПР", "ЗР", "ДС") in ``year``: "ПР-2026-000124".

    The counter row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite serializes writers)
    until the caller's transaction ends, so parallel callers get distinct numbers and a
    rolled-back caller gives its number back."""
    ReferenceCounter.objects.get_or_create(sequence=sequence, year=year)
    counter = ReferenceCounter.objects.select_for_update().get(sequence=sequence, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{sequence}-{year}-{counter.last:06d}"
