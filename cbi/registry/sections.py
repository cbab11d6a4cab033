"""Sections that apps above the registry add to a person's record page in the back office
(today: the electronic cabinet, assistive products, scans and photos of documents).

The registry sits below those apps in the import order (docs/architecture.md), so it cannot call
their selectors; each app registers its section here in its ``ready``: the template that shows it
and the one selector that reads it. The record's view reads every section before the page renders
(``read_sections``), and ``{% record_section %}`` only renders what was read: no template tag makes
a query, and the page's number of queries is fixed (tests/registry/test_record_queries.py).

A reader is ``read(user, person) -> dict`` (the template's context besides ``person``) and must
make a fixed number of queries however many records the person has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

SectionReader = Callable[[object, object], dict]


@dataclass(frozen=True)
class RecordSection:
    key: str
    template: str
    read: SectionReader


@dataclass(frozen=True)
class ReadSection:
    """A section as read for one page: its template and its context."""

    template: str
    context: dict


_sections: dict[str, RecordSection] = {}


def provide_record_section(key: str, template: str, read: SectionReader) -> None:
    """Register a section of the person's record (called in an app's ``ready``)."""
    _sections[key] = RecordSection(key, template, read)


def read_sections(user, person) -> dict[str, ReadSection]:
    """{key: the section read for ``user``} for every registered section."""
    return {key: ReadSection(section.template, section.read(user, person)) for key, section in _sections.items()}
