"""The one history builder: django-simple-history records → entries people read.

``history_entries(person.history.all(), Address.history.filter(person_id=…), …)`` merges the
histories of one or more objects (of one or more models) in time order and gives, for each
saved version, when, who, why, the kind of change (``+`` added, ``~`` changed, ``-`` removed)
and what changed, old → new, under the fields' verbose names, with choices by their labels,
dates as dd.mm.yyyy, yes/no, related objects by name and many-to-many fields as the names of
the related objects.

An entry reads as attributes (``entry.at``) or as keys (``entry["at"]``); a key that is not
the entry's own is the version's value of that field (``entry["status"]``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from heapq import merge
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

#: How a value that is not there is shown.
EMPTY = "—"


class _Keys:
    """Key access for templates and callers that read entries as dicts."""

    def __getitem__(self, key: str) -> Any:
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None


@dataclass(frozen=True)
class Change(_Keys):
    field: Any  # the field's verbose name, or the label of a setting
    old: str
    new: str


@dataclass
class HistoryEntry(_Keys):
    record: Any  # the historical record (one saved version)
    at: datetime
    user: Any
    kind: str  # "+" added, "~" changed, "-" removed
    reason: str
    changes: list[Change] = field(default_factory=list)

    @property
    def part(self) -> str:
        """What was changed: the verbose name of the record's model ("address")."""
        return self.record.instance_type._meta.verbose_name

    @cached_property
    def object(self) -> str:
        """The object as it was at this version."""
        return str(self.record.instance)

    def __getitem__(self, key: str) -> Any:
        if key in self.__dataclass_fields__ or key in ("part", "object"):
            return getattr(self, key)
        try:
            return getattr(self.record, key)
        except AttributeError:
            raise KeyError(key) from None


#: ``compare(record, previous)`` → the changes a version made (previous is None for the first
#: version of an object).
Compare = Callable[[Any, Any], list[Change]]


def history_entries(*histories: Iterable, compare: Compare | None = None, excluded_fields: Iterable[str] = (),
                    keep_unchanged: bool = False, newest_first: bool = True) -> list[HistoryEntry]:
    """Entries of the histories merged in time order, newest first unless ``newest_first=False``.

    Each history is a queryset (or manager) of historical records; querysets are read with
    their users in (history_date, history_id) order. By default a version is compared field by
    field with the previous version of the same object (``field_changes``); a change that
    touches no shown field (only ``excluded_fields``, or a save without changes) is left out
    unless ``keep_unchanged``. A ``compare`` function replaces the field comparison and is
    called for every version, the first too (with ``previous=None``): for a history kept in
    one structured field (the car-queue settings).
    """
    excluded = set(excluded_fields)
    ordered = [_ordered(history) for history in histories]
    records = merge(*ordered, key=lambda r: (r.history_date, r.history_id)) if len(ordered) > 1 else ordered[0]
    entries: list[HistoryEntry] = []
    previous_of: dict[tuple, Any] = {}
    for record in records:
        key = (record.instance_type, _object_pk(record))
        previous = previous_of.get(key)
        previous_of[key] = record
        if compare is not None:
            changes = compare(record, previous)
        elif record.history_type == "~" and previous is not None:
            changes = field_changes(record, previous, excluded_fields=excluded)
        else:
            changes = []
        if record.history_type == "~" and not changes and not keep_unchanged:
            continue
        entries.append(HistoryEntry(record=record, at=record.history_date, user=record.history_user,
                                    kind=record.history_type, reason=record.history_change_reason or "",
                                    changes=changes))
    if newest_first:
        entries.reverse()
    return entries


def field_changes(record, previous, *, excluded_fields: Iterable[str] = ()) -> list[Change]:
    """What ``record`` changed against ``previous`` (two versions of one object), shown fields only."""
    model = record.instance_type
    changes = []
    for delta in record.diff_against(previous, excluded_fields=set(excluded_fields)).changes:
        model_field = model._meta.get_field(delta.field)
        if model_field.many_to_many:
            old, new = _related_names(model_field, delta.old), _related_names(model_field, delta.new)
            if old == new:
                continue
        else:
            old, new = display_value(model_field, delta.old), display_value(model_field, delta.new)
        changes.append(Change(model_field.verbose_name, old, new))
    return changes


def display_value(model_field, value) -> str:
    """A stored value as people read it: choices by label, dates dd.mm.yyyy, yes/no, names."""
    if value in (None, ""):
        return EMPTY
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if model_field.get_internal_type() == "BooleanField":
        return gettext("yes") if value else gettext("no")
    if model_field.is_relation:
        related = model_field.related_model.objects.filter(pk=value).first()
        return str(related) if related else str(value)
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _ordered(history) -> Iterable:
    if hasattr(history, "all") and not isinstance(history, QuerySet):
        history = history.all()
    if isinstance(history, QuerySet):
        return history.select_related("history_user").order_by("history_date", "history_id")
    return sorted(history, key=lambda r: (r.history_date, r.history_id))


def _object_pk(record):
    return getattr(record, record.instance_type._meta.pk.attname)


def _related_names(model_field, rows) -> str:
    """Names of the related objects in a simple_history many-to-many snapshot."""
    target = model_field.related_model
    attname = model_field.m2m_reverse_field_name()
    pks = [row[attname] for row in rows or []]
    names = sorted(str(getattr(o, "full_name", "") or o) for o in target.objects.filter(pk__in=pks))
    return "; ".join(names) or EMPTY
