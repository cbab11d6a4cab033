"""The journal of applications (журнал обліку заяв): append-only and tamper-evident.

One journal per organization (a social protection office, a regional department). Every
entry gets the next number of its journal — taken under a row lock on the journal's
counter row, so concurrent registrations never share a number — and a SHA-256 hash over
the canonical JSON of (journal id, number, kind, application id, payload, recorded_at,
recorded_by id, previous hash). Changing or removing any entry breaks the chain, and
``verify`` (the ``verify_journal`` command) names the first broken entry.

``append`` is the only way to write an entry. The model refuses updates and deletes; on
PostgreSQL a trigger refuses them in the database too (migration 0003).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Journal, JournalEntry

GENESIS_HASH = "0" * 64


def canonical_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as the database gives it back (JSON types only: dates become strings)."""
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


def _timestamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(*, journal_id: int, number: int, kind: str, application_id, payload: dict[str, Any],
               recorded_at: datetime, recorded_by_id: int, previous_hash: str) -> str:
    document = {
        "journal": journal_id,
        "number": number,
        "kind": kind,
        "application": str(application_id),
        "payload": payload,
        "recorded_at": _timestamp(recorded_at),
        "recorded_by": recorded_by_id,
        "previous_hash": previous_hash,
    }
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_of(entry: JournalEntry) -> str:
    return entry_hash(
        journal_id=entry.journal_id, number=entry.number, kind=entry.kind, application_id=entry.application_id,
        payload=entry.payload, recorded_at=entry.recorded_at, recorded_by_id=entry.recorded_by_id,
        previous_hash=entry.previous_hash,
    )


def journal_of(organization) -> Journal:
    """The organization's journal, created on first use (safe when two requests race)."""
    journal = Journal.objects.filter(organization=organization).first()
    if journal is not None:
        return journal
    try:
        with transaction.atomic():
            return Journal.objects.create(organization=organization)
    except IntegrityError:
        return Journal.objects.get(organization=organization)


@transaction.atomic
def append(*, organization, kind: str, application, payload: dict[str, Any], actor) -> JournalEntry:
    """Write the next entry of the organization's journal and return it."""
    journal_id = journal_of(organization).pk
    journal = Journal.objects.select_for_update().get(pk=journal_id)
    number = journal.last_number + 1
    previous = journal.last_hash or GENESIS_HASH
    payload = canonical_payload(payload)
    # The database keeps microseconds on both SQLite and PostgreSQL, so the value read back
    # hashes the same.
    recorded_at = timezone.now()
    entry = JournalEntry(
        journal=journal, number=number, kind=kind, application=application, payload=payload,
        recorded_at=recorded_at, recorded_by=actor, previous_hash=previous,
    )
    entry.entry_hash = hash_of(entry)
    entry.save()
    journal.last_number = number
    journal.last_hash = entry.entry_hash
    journal.save(update_fields=["last_number", "last_hash"])
    return entry


@dataclass
class Break:
    journal: str
    number: int | None
    problem: str

    def __str__(self) -> str:
        where = f"entry No. {self.number}" if self.number is not None else "the journal's counter"
        return f"journal {self.journal}, {where}: {self.problem}"


def verify(journal: Journal) -> tuple[int, Break | None]:
    """Recompute the chain. Returns (entries verified, the first break or None)."""
    code = journal.organization.code
    previous = GENESIS_HASH
    expected_number = 1
    count = 0
    for entry in JournalEntry.objects.filter(journal=journal).order_by("number").iterator():
        if entry.number != expected_number:
            return count, Break(code, entry.number, f"number {expected_number} is missing")
        if entry.previous_hash != previous:
            return count, Break(code, entry.number, "previous_hash does not match the hash of the entry before it")
        recomputed = hash_of(entry)
        if recomputed != entry.entry_hash:
            return count, Break(code, entry.number,
                                "entry_hash does not match its content (the entry was changed after it was written)")
        previous = entry.entry_hash
        expected_number += 1
        count += 1
    if journal.last_number != count or (count and journal.last_hash != previous):
        return count, Break(code, None,
                            f"the counter says {journal.last_number} entries, the chain has {count} "
                            "(entries at the end were removed or the counter was changed)")
    return count, None
