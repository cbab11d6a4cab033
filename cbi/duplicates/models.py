"""Suspected duplicate persons, the officer's decision on them, and merges that can be reversed."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DuplicatePair(models.Model):
    """Two persons of the registry that look like one (``cbi.duplicates.matching.compare``).

    ``person_a`` is the one with the smaller id, so a pair is recorded once whichever way it was
    found. A pair dismissed as "not a duplicate" is kept with its reason: a new scan does not
    raise it again."""

    class Status(models.TextChoices):
        OPEN = "open", _("to check")
        NOT_DUPLICATE = "not_duplicate", _("not a duplicate")
        MERGED = "merged", _("merged")

    class Source(models.TextChoices):
        SCAN = "scan", _("registry scan")
        IMPORT = "import", _("registry import")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person_a = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    score = models.FloatField()                 # the lowest similarity of the name parts, %
    dates_swapped = models.BooleanField(default=False)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SCAN)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OPEN)
    found_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)       # why it is not a duplicate

    class Meta:
        ordering = ["-score", "found_at"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_once"),
            models.CheckConstraint(condition=Q(person_a__lt=models.F("person_b")), name="duplicate_pair_ordered"),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="duplicate_pair_status")]
        verbose_name = _("suspected duplicate")
        verbose_name_plural = _("suspected duplicates")


class Merge(models.Model):
    """One person (``merged``) joined into another (``survivor``): what moved, so that an
    administrator can move exactly that back. The merged person is never deleted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pair = models.ForeignKey(DuplicatePair, on_delete=models.PROTECT, related_name="merges")
    survivor = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    # [{"model": "registry.IdentityDocument", "pk": "…"}, …] — every record that moved.
    moved = models.JSONField(default=list)
    reversed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reversed_at = models.DateTimeField(null=True, blank=True)
    reversal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at"]
        constraints = [
            # A person is merged into one other at a time (until the merge is reversed).
            models.UniqueConstraint(fields=["merged"], condition=Q(reversed_at__isnull=True),
                                    name="merge_one_active_per_person"),
        ]
        verbose_name = _("merge of duplicates")
        verbose_name_plural = _("merges of duplicates")

    @property
    def active(self) -> bool:
        return self.reversed_at is None
