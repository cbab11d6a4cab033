"""Reads of suspected duplicates and merges, always within the reader's scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cbi.registry.models import Person
from cbi.organizations.scope import scope_of

from .models import DuplicatePair, Merge
from .relations import MOVED


def _both_in_scope(user, first: str, second: str) -> Q | None:
    scope = scope_of(user)
    a, b = scope.q(office_field=f"{first}__office"), scope.q(office_field=f"{second}__office")
    return None if a is None or b is None else a & b


def pairs_visible_to(user) -> QuerySet[DuplicatePair]:
    """Pairs whose two persons are both in the user's scope (an officer: their office; a
    regional officer: the region; national bodies: everyone)."""
    scope = _both_in_scope(user, "person_a", "person_b")
    if scope is None:
        return DuplicatePair.objects.none()
    return DuplicatePair.objects.filter(scope).select_related(
        "person_a__office", "person_b__office", "decided_by")


def open_pairs_for(user) -> QuerySet[DuplicatePair]:
    return pairs_visible_to(user).filter(status=DuplicatePair.Status.OPEN)


def merges_visible_to(user) -> QuerySet[Merge]:
    scope = _both_in_scope(user, "survivor", "merged")
    if scope is None:
        return Merge.objects.none()
    return Merge.objects.filter(scope).select_related(
        "survivor__office", "merged__office", "merged_by", "reversed_by", "pair")


@dataclass(frozen=True)
class MergeMark:
    """What a person page says about an active merge the person takes part in.

    ``merged_away``: this person's record was merged into ``other`` (the kept record); otherwise
    ``other`` was merged into this one. ``other_visible``: the reader may open the other record
    (otherwise its name is not shown either)."""

    merge_id: object
    merged_away: bool
    other_id: object
    other_name: str
    other_visible: bool
    merged_at: object


def merge_marks(user, person_ids) -> dict[object, list[MergeMark]]:
    """{person id: the active merges it takes part in}, in one query: the merges, each with
    whether the reader may open the other record (``registry.selectors.persons_visible_to``)."""
    from cbi.registry.selectors import persons_visible_to

    ids = list(person_ids)
    if not ids:
        return {}
    visible = persons_visible_to(user)
    merges = (Merge.objects.filter(Q(merged__in=ids) | Q(survivor__in=ids), reversed_at__isnull=True)
              .select_related("survivor", "merged").order_by("merged_at")
              .annotate(survivor_visible=Exists(visible.filter(pk=OuterRef("survivor_id"))),
                        merged_visible=Exists(visible.filter(pk=OuterRef("merged_id")))))
    marks: dict[object, list[MergeMark]] = {}
    wanted = set(ids)
    for m in merges:
        if m.merged_id in wanted:
            marks.setdefault(m.merged_id, []).append(MergeMark(
                m.pk, True, m.survivor_id, m.survivor.full_name, m.survivor_visible, m.merged_at))
        if m.survivor_id in wanted:
            marks.setdefault(m.survivor_id, []).append(MergeMark(
                m.pk, False, m.merged_id, m.merged.full_name, m.merged_visible, m.merged_at))
    return marks


def merged_person_ids(person_ids) -> set:
    """Which of these persons are merged into another (an active merge)."""
    return set(Merge.objects.filter(merged__in=person_ids, reversed_at__isnull=True)
               .values_list("merged_id", flat=True))


@dataclass(frozen=True)
class Row:
    label: str
    a: str
    b: str

    @property
    def differs(self) -> bool:
        return self.a != self.b


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return str(value)


COMPARED_FIELDS = ("surname", "given_name", "patronymic", "date_of_birth", "sex", "rnokpp", "birth_certificate",
                   "phone", "email", "office")


def related_counts(persons: list[Person]) -> dict[str, dict]:
    """{model label: {person id: number of records}} for every relation a merge moves, in one
    query (a counting subquery per kind of record)."""
    annotations = {}
    for i, label in enumerate(MOVED):
        model = apps.get_model(label)
        counted = (model.objects.filter(person=OuterRef("pk")).order_by().values("person")
                   .annotate(n=Count("pk")).values("n"))
        annotations[f"n{i}"] = Coalesce(Subquery(counted), 0)
    rows = Person.objects.filter(pk__in=[p.pk for p in persons]).annotate(**annotations).values("pk", *annotations)
    counts: dict[str, dict] = {label: {} for label in MOVED}
    for row in rows:
        for i, label in enumerate(MOVED):
            counts[label][row["pk"]] = row[f"n{i}"]
    return counts


def comparison(pair: DuplicatePair) -> list[Row]:
    """The two records side by side: each compared field, then how many records of each kind."""
    a, b = pair.person_a, pair.person_b
    rows = []
    for name in COMPARED_FIELDS:
        field = Person._meta.get_field(name)
        if field.choices:
            values = (getattr(a, f"get_{name}_display")(), getattr(b, f"get_{name}_display")())
        else:
            values = (getattr(a, name), getattr(b, name))
        rows.append(Row(str(field.verbose_name), _text(values[0]), _text(values[1])))
    counts = related_counts([a, b])
    for label in MOVED:
        model = apps.get_model(label)
        per = counts[label]
        rows.append(Row(str(model._meta.verbose_name_plural), str(per.get(a.pk, 0)), str(per.get(b.pk, 0))))
    return rows


def moving_counts(person: Person) -> list[tuple[str, int]]:
    """(kind of record, how many) of what a merge would move away from ``person``."""
    counts = related_counts([person])
    return [(str(apps.get_model(label)._meta.verbose_name_plural), counts[label].get(person.pk, 0)) for label in MOVED]


def moved_summary(merge: Merge) -> list[tuple[str, int]]:
    """(kind of record, how many) of what a merge moved."""
    per = {}
    for item in merge.moved:
        per[item["model"]] = per.get(item["model"], 0) + 1
    return [(str(apps.get_model(label)._meta.verbose_name_plural), per[label]) for label in MOVED if label in per]
