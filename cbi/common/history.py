"""The one history builder: django-simple-history records → entries people read.

``history_entries(person.history.all(), Address.history.filter(person_id=…), …)`` merges the
histories of one or more objects (of one or more models) in time order and gives, for each
saved version, when, who, why, the kind of change (``+`` added, ``~`` changed, ``-`` removed)
and what changed, old → new, under the fields' verbose names, with choices by their labels,
dates as dd.mm.yyyy, yes/no, related objects by name and many-to-many fields as the names of
the related objects.

An entry reads as attributes (``entry.at``) or as keys (``entry["at"]``); a key that is not
the entry's own is the version's value of that field (``entry["status"]``).

A fixed number of queries, however long the history (tests/web/test_query_budgets.py): each
history is read once with its users; the related objects named in the changes are read once per
related model for all versions (none when the caller's queryset fetched them with
``select_related``, e.g. ``Address.history.filter(…).select_related("territory")``); the
many-to-many snapshots are read with two queries per field for all versions; the object as it
was (``entry.object``) is built from the history row, with the relations the queryset fetched —
a relation its name shows (an address's settlement) is to be fetched that way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from heapq import merge
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models import DEFERRED, QuerySet
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
        return _name_as_it_was(self.record)

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
    their users (and whatever else they ``select_related``) in (history_date, history_id) order.
    By default a version is compared field by field with the previous version of the same
    object (``field_changes``); a change that touches no shown field (only ``excluded_fields``,
    or a save without changes) is left out unless ``keep_unchanged`` or it carries a change reason
    (the merge of duplicates saves both persons with one). A ``compare`` function
    replaces the field comparison and is called for every version, the first too (with
    ``previous=None``): for a history kept in one structured field (the car-queue settings).
    """
    excluded = set(excluded_fields)
    ordered = [list(_ordered(history)) for history in histories]
    records = list(merge(*ordered, key=lambda r: (r.history_date, r.history_id))) if len(ordered) > 1 else ordered[0]
    snapshots = _Snapshots(records)
    versions: list[tuple[Any, list]] = []  # (record, its changes: Change or _Delta)
    previous_of: dict[tuple, Any] = {}
    for record in records:
        key = (record.instance_type, _object_pk(record))
        previous = previous_of.get(key)
        previous_of[key] = record
        if compare is not None:
            changes = compare(record, previous)
        elif record.history_type == "~" and previous is not None:
            changes = _deltas(record, previous, excluded, snapshots)
        else:
            changes = []
        if record.history_type == "~" and not changes and not keep_unchanged and not record.history_change_reason:
            continue  # a save with a reason and no field change (a merge of duplicates) is kept: the reason says what
        versions.append((record, changes))
    related = _RelatedObjects([delta for _, changes in versions for delta in changes if isinstance(delta, _Delta)])
    entries = [
        HistoryEntry(record=record, at=record.history_date, user=record.history_user, kind=record.history_type,
                     reason=record.history_change_reason or "",
                     changes=[related.change(c) if isinstance(c, _Delta) else c for c in changes])
        for record, changes in versions
    ]
    if newest_first:
        entries.reverse()
    return entries


def field_changes(record, previous, *, excluded_fields: Iterable[str] = ()) -> list[Change]:
    """What ``record`` changed against ``previous`` (two versions of one object), shown fields only."""
    deltas = _deltas(record, previous, set(excluded_fields), _Snapshots([previous, record]))
    related = _RelatedObjects([d for d in deltas if isinstance(d, _Delta)])
    return [related.change(d) if isinstance(d, _Delta) else d for d in deltas]


def display_value(model_field, value) -> str:
    """A stored value as people read it: choices by label, dates dd.mm.yyyy, yes/no, names."""
    if model_field.is_relation and value not in (None, "") and not model_field.choices:
        related = model_field.related_model.objects.filter(pk=value).first()
        return str(related) if related else str(value)
    return _shown(model_field, value)


def _shown(model_field, value, related: Any = None) -> str:
    """``display_value`` with the related object (or None: not found) already read."""
    if value in (None, ""):
        return EMPTY
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if model_field.get_internal_type() == "BooleanField":
        return gettext("yes") if value else gettext("no")
    if model_field.is_relation:
        return str(related) if related else str(value)
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


# --- the field comparison -------------------------------------------------------------------

@dataclass(frozen=True)
class _Delta:
    """A changed field (not many-to-many) before its values are shown: the related objects of
    all versions are read together first."""
    field: Any  # the model's field
    old: Any
    new: Any
    previous: Any  # the version with the old value
    record: Any  # the version with the new value


def _deltas(record, previous, excluded: set[str], snapshots: _Snapshots) -> list:
    """The fields ``record`` changed against ``previous`` in field-name order: a ``_Delta`` for
    each field, a ``Change`` for a many-to-many field whose names differ."""
    model = record.instance_type
    m2m = {f.name for f in snapshots.fields(record)} - excluded
    changed: list[tuple[str, Any]] = []
    for delta in record.diff_against(previous, excluded_fields=excluded | snapshots.names_of(record)).changes:
        model_field = model._meta.get_field(delta.field)
        changed.append((delta.field, _Delta(model_field, delta.old, delta.new, previous, record)))
    for name in m2m:
        old, new = snapshots.related_names(previous, name), snapshots.related_names(record, name)
        if old != new:
            changed.append((name, Change(model._meta.get_field(name).verbose_name, old, new)))
    changed.sort(key=lambda pair: pair[0])  # as simple_history's diff orders them
    return [change for _, change in changed]


class _RelatedObjects:
    """The related objects the changes name, read once per related model for all versions;
    an object the version's row was fetched with (``select_related``) is not read again."""

    def __init__(self, deltas: Iterable[_Delta]):
        self._objects: dict[tuple, Any] = {}
        wanted: dict[Any, set] = defaultdict(set)
        for delta in deltas:
            if not delta.field.is_relation or delta.field.choices:
                continue
            for value, record in ((delta.old, delta.previous), (delta.new, delta.record)):
                if value not in (None, "") and not _fetched_with(record, delta.field)[0]:
                    wanted[delta.field.related_model].add(value)
        for model, pks in wanted.items():
            for obj in model.objects.filter(pk__in=pks):
                self._objects[(model, obj.pk)] = obj

    def change(self, delta: _Delta) -> Change:
        return Change(delta.field.verbose_name, self._shown(delta, delta.old, delta.previous),
                      self._shown(delta, delta.new, delta.record))

    def _shown(self, delta: _Delta, value, record) -> str:
        related = None
        if delta.field.is_relation and value not in (None, ""):
            fetched, related = _fetched_with(record, delta.field)
            if not fetched:
                related = self._objects.get((delta.field.related_model, value))
        return _shown(delta.field, value, related)


def _fetched_with(record, model_field) -> tuple[bool, Any]:
    """(True, the related object or None) when the history row was read with it."""
    cache = record._state.fields_cache
    return (True, cache[model_field.name]) if model_field.name in cache else (False, None)


class _Snapshots:
    """The many-to-many snapshots of the versions: {history_id: related pks} of every version
    of a model and {pk: name} of every related object named in any — two queries per field,
    read when first asked."""

    def __init__(self, records: Iterable):
        self._records: dict[type, list] = defaultdict(list)
        for record in records:
            if record is not None:
                self._records[type(record)].append(record)
        self._read: dict[tuple, tuple[dict, dict]] = {}

    @staticmethod
    def fields(record) -> list:
        return list(getattr(record, "_history_m2m_fields", ()))

    def names_of(self, record) -> set[str]:
        return {f.name for f in self.fields(record)}

    def related_names(self, record, name: str) -> str:
        """Names of the related objects in the version's snapshot of the field."""
        by_record, names = self._snapshot(record, name)
        return "; ".join(sorted(names[pk] for pk in by_record.get(record.history_id, ()) if pk in names)) or EMPTY

    def _snapshot(self, record, name: str) -> tuple[dict, dict]:
        key = (type(record), name)
        if key not in self._read:
            model_field = record.instance_type._meta.get_field(name)
            records = self._records[type(record)] or [record]
            by_record: dict[Any, list] = {r.history_id: [] for r in records}
            through = getattr(record, name).model
            rows = through.objects.filter(history__in=list(by_record)).values_list(
                "history", model_field.m2m_reverse_field_name())
            for history_id, pk in rows:
                by_record[history_id].append(pk)
            pks = {pk for values in by_record.values() for pk in values}
            names = {o.pk: str(getattr(o, "full_name", "") or o)
                     for o in model_field.related_model.objects.filter(pk__in=pks)}
            self._read[key] = (by_record, names)
        return self._read[key]


# --- the object as it was ---------------------------------------------------------------------

def _name_as_it_was(record) -> str:
    """The object's name as the history row has it (what simple_history's ``record.instance``
    gives, without reading the live row for every version): the row's fields, the relations the
    row was fetched with; the fields the history leaves out are read from the live row only if
    the name uses them (``record.instance`` reads them always), and take their defaults when the
    object is gone (as there)."""
    model = record.instance_type
    tracked = {f.attname for f in record.tracked_fields}
    concrete = model._meta.concrete_fields
    instance = model.from_db(record._state.db, [f.attname for f in concrete],
                             [getattr(record, f.attname) if f.attname in tracked else DEFERRED for f in concrete])
    for name, value in record._state.fields_cache.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:  # history_user and the other fields of the history only
            continue
        if model_field.concrete and model_field.is_relation and not model_field.many_to_many:
            model_field.set_cached_value(instance, value)
    try:
        return str(instance)
    except ObjectDoesNotExist:  # the object is gone: what the history leaves out is not known
        for model_field in concrete:
            if model_field.attname not in tracked:
                setattr(instance, model_field.attname, model_field.get_default())
        return str(instance)


def _ordered(history) -> Iterable:
    if hasattr(history, "all") and not isinstance(history, QuerySet):
        history = history.all()
    if isinstance(history, QuerySet):
        return history.select_related("history_user").order_by("history_date", "history_id")
    return sorted(history, key=lambda r: (r.history_date, r.history_id))


def _object_pk(record):
    return getattr(record, record.instance_type._meta.pk.attname)
