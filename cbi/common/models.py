from django.db import models


class ReferenceCounter(models.Model):
    """The last number issued in a sequence in a year: ``ПР`` 2026 → 123 (ПР-2026-000123).

    One table for every human-readable reference number (primary registration ПР,
    assistive-product application ЗР, barrier report ДС); ``references.next_reference``
    is the only writer."""

    sequence = models.CharField(max_length=8)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sequence", "year"], name="reference_counter_unique")]

    def __str__(self) -> str:
        return f"{self.sequence}-{self.year}: {self.last}"
