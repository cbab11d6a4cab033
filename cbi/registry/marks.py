"""Marks that apps above the registry put on a person in the search results and on the record
(today: "merged with …" from ``cbi.duplicates``). An explicit registry, so the registry's pages
show them without importing those apps (the apps import each other only downwards:
docs/architecture.md). A provider is ``provider(user, person_ids) -> {person id: [mark, …]}``
and must answer in one query however many persons are asked about."""

from __future__ import annotations

from typing import Callable

MergeMarkProvider = Callable[[object, list], dict]

_merge_marks: list[MergeMarkProvider] = []


def provide_merge_marks(provider: MergeMarkProvider) -> MergeMarkProvider:
    """Register the function that says which persons are merged with which (called in an
    app's ``ready``)."""
    if provider not in _merge_marks:
        _merge_marks.append(provider)
    return provider


def merge_marks(user, person_ids) -> dict:
    """{person id: [mark, …]} from every registered provider; {} when none is installed."""
    ids = list(person_ids)
    marks: dict = {}
    if not ids:
        return marks
    for provider in _merge_marks:
        for person_id, found in provider(user, ids).items():
            marks.setdefault(person_id, []).extend(found)
    return marks


def mark_persons(user, persons) -> None:
    """Put on every person of a list its marks as ``person.merge_marks`` (the same person may
    come more than once: an application and its deadline). One call of ``merge_marks`` for the
    whole list — one query, however long the list — so a list in any app shows "Record merged
    with …" (template ``registry/_merge_tag.html``) without a query per row."""
    persons = [p for p in persons if p is not None]
    marks = merge_marks(user, {p.pk for p in persons})
    for person in persons:
        person.merge_marks = marks.get(person.pk, [])
