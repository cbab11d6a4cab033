"""Ukrainian alphabetical order for every list a person picks from.

Python's ``sorted`` orders by code point, which puts Є, І, Ї and Ґ after Я
(they sit outside the А–Я block). ICU's Ukrainian collation (CLDR "uk")
follows the alphabet: А Б В Г Ґ Д Е Є Ж З И І Ї Й К … Ь Ю Я, case only breaks
ties. The apostrophe is not a letter: it is left out before comparing, so
"Сім’яне" sorts as "Сімяне" whichever apostrophe was typed.

Use ``sort_key`` (as ``key=``) or ``sorted_uk``; nothing else in the code
should sort names people read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

import icu
from django.forms.models import ModelChoiceIterator

T = TypeVar("T")

APOSTROPHES = "'’ʼ‘`´ʹ′"
_DROP = {ord(c): None for c in APOSTROPHES}
_local = threading.local()  # ICU collators are not thread-safe


def _collator() -> icu.Collator:
    collator = getattr(_local, "collator", None)
    if collator is None:
        collator = icu.Collator.createInstance(icu.Locale("uk_UA"))
        _local.collator = collator
    return collator


def sort_key(text: object) -> bytes:
    """The Ukrainian sort key of a text (lazy translations are rendered first)."""
    return _collator().getSortKey(str(text or "").translate(_DROP))


def sorted_uk(items: Iterable[T], key: Callable[[T], object] = str) -> list[T]:
    """``items`` in Ukrainian alphabetical order of ``key(item)``."""
    return sorted(items, key=lambda item: sort_key(key(item)))


def sorted_choices(choices: Iterable[tuple], *, last: Iterable[str] = ("other",)) -> list[tuple]:
    """Form choices (value, label) in alphabetical order of their labels; a catch-all
    such as "other" stays last, where people look for it."""
    last = set(last)
    choices = list(choices)
    return (sorted_uk([c for c in choices if c[0] not in last], key=lambda c: c[1])
            + [c for c in choices if c[0] in last])


class CollatedModelChoiceIterator(ModelChoiceIterator):
    """A model choice field's options in Ukrainian alphabetical order of their labels (the
    database's ORDER BY name sorts by code point on SQLite and by the server's locale
    elsewhere). Set ``iterator = CollatedModelChoiceIterator`` on the field class."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = [self.choice(obj) for obj in self.queryset]
        # A label may be an object with a ``label`` (a choice with a hint): sort by what is read first.
        yield from sorted(choices, key=lambda choice: sort_key(getattr(choice[1], "label", choice[1])))
