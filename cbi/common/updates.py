"""The one way a service saves a model with history: validated, attributed, explained.

``model_update`` is HackSoft's helper of that name (Django Styleguide) with
django-simple-history's attribution: the history record names ``user`` even when the change is
made from a command or a background task, where there is no request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def save_with_history(*, instance: models.Model, user, reason: str = "", exclude: Iterable[str] = ()) -> None:
    """``full_clean()`` (but the fields in ``exclude``, e.g. a reference number given later),
    then save with a history record by ``user`` (None: the system) and ``reason`` (the
    historical record's change reason, when given).

    A plain ``save()``: models compute derived fields (search keys) in ``save()``."""
    instance.full_clean(exclude=list(exclude) or None)
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    instance.save()


def model_update(*, instance: M, fields: Iterable[str], data: Mapping[str, Any], user,
                 reason: str = "") -> tuple[M, bool]:
    """Set each of ``fields`` that ``data`` holds on ``instance``; when a value differs (or the
    instance is new), validate and save it with a history record by ``user``.

    Returns ``(instance, has_updated)``: nothing is saved, and no history record made, when
    nothing changed. Many-to-many fields are not set here (their history is recorded when the
    links are set, after the save).

    Pass the stored object (best locked: ``select_for_update()``), not a ModelForm's
    ``instance``: ``is_valid()`` has already set the form's values on it, so nothing would
    differ and nothing would be saved."""
    has_updated = instance._state.adding
    for name in fields:
        if name not in data:
            continue
        field = instance._meta.get_field(name)
        if field.many_to_many:
            raise ValueError(f"{name} is a many-to-many field: set its links after the save")
        value = data[name]
        if field.many_to_one or field.one_to_one:
            # Compare ids: an unset relation of a new object cannot be read.
            value_id = value.pk if isinstance(value, models.Model) else value
            if getattr(instance, field.attname) != value_id:
                setattr(instance, name if isinstance(value, models.Model) else field.attname, value)
                has_updated = True
        elif getattr(instance, name) != value:
            setattr(instance, name, value)
            has_updated = True
    if has_updated:
        save_with_history(instance=instance, user=user, reason=reason)
    return instance, has_updated
