"""Every model that points at a person is classified for a merge (``cbi/duplicates/relations.py``):
moved to the survivor or kept with the merged person, with the reason. A new model that points at
a person and is in neither list fails here, so a merge never leaves a person's record behind
without anyone having decided it."""

from __future__ import annotations

from django.apps import apps

from cbi.duplicates.relations import KEEP_ON_CONFLICT, KEPT, MOVED
from cbi.registry.models import Person


def _points_at_a_person() -> set[str]:
    found = set()
    for model in apps.get_models():
        if model._meta.label.split(".")[1].startswith("Historical"):
            continue  # django-simple-history's copies: the history of the model itself
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is Person:
                found.add(model._meta.label)
    return found


def test_every_model_that_points_at_a_person_is_moved_or_kept_by_a_merge():
    unclassified = _points_at_a_person() - set(MOVED) - set(KEPT)
    assert unclassified == set(), "add each to relations.MOVED or relations.KEPT (with the reason)"


def test_the_lists_name_only_real_models_each_once():
    assert len(MOVED) == len(set(MOVED))
    assert not set(MOVED) & set(KEPT)
    assert KEEP_ON_CONFLICT <= set(MOVED)
    for label in (*MOVED, *KEPT):
        apps.get_model(label)  # raises LookupError for a name that is not a model
    # A moved model points at the person through its ``person`` field (the merge relies on it).
    for label in MOVED:
        assert apps.get_model(label)._meta.get_field("person").related_model is Person, label
