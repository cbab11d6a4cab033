"""The kinds of letter the product issues, and the one way to issue one.

``cbi.letters`` sits below every domain app (``.importlinter``: utilities-at-the-bottom), so it
cannot know the apps' letters. Each app that issues letters declares them as ``LetterKind``
values in its ``letters.py`` (a tuple ``KINDS``) and registers them from its
``AppConfig.ready``::

    def ready(self):
        from cbi.letters import registry
        from . import letters
        registry.register(*letters.KINDS)

Everything else asks for a letter by the kind's name — a view, a service, a command::

    letter = registry.issue_letter(kind="carqueue.referral", subject=application, which="health")
    letter.content  # the tagged PDF/UA-1 bytes; letter.title, letter.reference

No module outside ``cbi.letters`` renders a PDF itself (``tests/letters/test_one_way_to_pdf.py``
and the import contract "only-letters-make-pdfs"). No letter is stored: each is drawn again
from its record whenever it is fetched, so it always says what the record says
(docs/letters.md, "Storage").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .pdf import render_html, render_pdf


@dataclass(frozen=True)
class LetterKind:
    """One kind of letter: what it is drawn from and who may fetch it.

    ``context(subject, **options)`` builds the template's context in Ukrainian; it must put the
    letter's title under ``"title"`` (it becomes the PDF's window title). ``reference(subject,
    **options)`` is the number the letter is known by (the decision's or the journal's number),
    or empty. ``routes`` are the URL names that serve the letter: who may fetch it is declared
    for each of them in ``cbi/accounts/route_access.py`` and enforced by the view through
    ``cbi/audit/access.py``; a kind with no route is never served (demo files)."""

    name: str
    template: str
    context: Callable[..., dict[str, Any]]
    description: str
    routes: tuple[str, ...] = ()
    reference: Callable[..., str] | None = field(default=None)


@dataclass(frozen=True)
class Letter:
    """An issued letter: the PDF and what it is called."""

    kind: str
    title: str
    reference: str
    content: bytes


_KINDS: dict[str, LetterKind] = {}


def register(*kinds: LetterKind) -> None:
    """Register letter kinds (from an app's ``AppConfig.ready``). Registering the same kind
    again is harmless; two different kinds under one name are a mistake."""
    for kind in kinds:
        if _KINDS.setdefault(kind.name, kind) is not kind:
            raise ValueError(f"two letter kinds are registered as {kind.name!r}")


def get(name: str) -> LetterKind:
    """The kind registered as ``name``; a KeyError names an app whose letters were not registered."""
    try:
        return _KINDS[name]
    except KeyError:
        raise KeyError(f"no letter kind {name!r} is registered (is its app's AppConfig.ready registering it?)") \
            from None


def kinds() -> list[LetterKind]:
    """Every registered kind, by name."""
    return [_KINDS[name] for name in sorted(_KINDS)]


def letter_context(*, kind: str, subject: Any, **options: Any) -> dict[str, Any]:
    """The template context of the letter (what the letter says)."""
    return get(kind).context(subject, **options)


def render_letter_html(*, kind: str, subject: Any, **options: Any) -> str:
    """The letter as HTML, as it goes into the PDF (tests read it)."""
    letter_kind = get(kind)
    return render_html(letter_kind.template, letter_kind.context(subject, **options))


def render_letter(*, kind: str, subject: Any, **options: Any) -> bytes:
    """The letter as a tagged PDF/UA-1 document."""
    return issue_letter(kind=kind, subject=subject, **options).content


def issue_letter(*, kind: str, subject: Any, **options: Any) -> Letter:
    """Draw the letter of ``kind`` about ``subject`` (an application, a decision, a code …) with
    the kind's ``options`` (e.g. ``which="health"`` for a referral): the PDF, its title and its
    reference number."""
    letter_kind = get(kind)
    context = letter_kind.context(subject, **options)
    reference = letter_kind.reference(subject, **options) if letter_kind.reference else ""
    return Letter(kind=kind, title=str(context["title"]), reference=str(reference),
                  content=render_pdf(letter_kind.template, context))
