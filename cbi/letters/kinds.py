"""The letter kinds of ``cbi.letters`` itself: those that need no app."""

from __future__ import annotations

from collections.abc import Iterable

from .registry import LetterKind


def plain_context(title: str, *, lines: Iterable[str]) -> dict:
    return {"title": str(title), "lines": [str(line) for line in lines]}


PLAIN = LetterKind(
    name="letters.plain", template="letters/plain.html", context=plain_context,
    description="A plain page, a title and lines: the sample files seed_demo uploads (never served as a letter)")

KINDS = (PLAIN,)
