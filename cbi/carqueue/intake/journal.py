"""The journal of applications (журнал обліку заяв): append-only and tamper-evident.

One journal per organization (a social protection office, a regional department). Every
entry gets the next number of its journal — taken under a row lock on the journal's
counter row, so concurrent registrations never share a number — and an HMAC-SHA-256 over
the canonical JSON of (journal id, number, kind, application id, payload, recorded_at,
recorded_by id, previous hash, key id), under a key kept outside the database
(settings.CBI_JOURNAL_KEYS). Whoever can write to the database but has not the key cannot
recompute the chain after changing, inserting or reordering entries; cutting the tail and
rolling the counter back is caught by the signed checkpoints (``checkpoints.py``).
``verify`` (the ``verify_journal`` command) names the first broken entry.

Entries written before the keys were introduced carry no key id and a plain SHA-256; they may
only form the beginning of a journal (the first keyed entry's MAC covers their last hash).

``append`` is the only way to write an entry. The model refuses updates and deletes; on
PostgreSQL a trigger refuses them in the database too (migration 0003).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Journal, JournalEntry


GENESIS_HASH = "0" * 64
#: The key id of entries written before the journal had keys (plain SHA-256).
LEGACY_KEY_ID = ""


class UnknownKey(KeyError):
    """An entry or checkpoint names a key that is not in the key ring."""


def current_key_id() -> str:
    return settings.CBI_JOURNAL_KEY_ID


def key(key_id: str) -> bytes:
    import base64

    try:
        return base64.b64decode(settings.CBI_JOURNAL_KEYS[key_id])
    except KeyError:
        raise UnknownKey(key_id) from None


def mac(key_id: str, text: str) -> str:
    return hmac.new(key(key_id), text.encode("utf-8"), hashlib.sha256).hexdigest()


def canonical_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as the database gives it back (JSON types only: dates become strings)."""
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


def _timestamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(*, journal_id: int, number: int, kind: str, application_id, payload: dict[str, Any],
               recorded_at: datetime, recorded_by_id: int, previous_hash: str, key_id: str = LEGACY_KEY_ID) -> str:
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
    if key_id != LEGACY_KEY_ID:
        document["key_id"] = key_id
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if key_id == LEGACY_KEY_ID:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    return mac(key_id, text)


def hash_of(entry: JournalEntry) -> str:
    return entry_hash(
        journal_id=entry.journal_id, number=entry.number, kind=entry.kind, application_id=entry.application_id,
        payload=entry.payload, recorded_at=entry.recorded_at, recorded_by_id=entry.recorded_by_id,
        previous_hash=entry.previous_hash, key_id=entry.key_id,
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
        recorded_at=recorded_at, recorded_by=actor, previous_hash=previous, key_id=current_key_id(),
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
    keyed = False
    for entry in JournalEntry.objects.filter(journal=journal).order_by("number").iterator():
        if entry.number != expected_number:
            return count, Break(code, entry.number, f"number {expected_number} is missing")
        if entry.previous_hash != previous:
            return count, Break(code, entry.number, "previous_hash does not match the hash of the entry before it")
        if entry.key_id == LEGACY_KEY_ID and keyed:
            return count, Break(code, entry.number,
                                "written without the journal key after keyed entries (the chain was recomputed)")
        try:
            recomputed = hash_of(entry)
        except UnknownKey:
            return count, Break(code, entry.number, f"signed with key {entry.key_id!r}, which is not in the key ring")
        if not hmac.compare_digest(recomputed, entry.entry_hash):
            return count, Break(code, entry.number,
                                "entry_hash does not match its content (the entry was changed after it was written)")
        keyed = keyed or entry.key_id != LEGACY_KEY_ID
        previous = entry.entry_hash
        expected_number += 1
        count += 1
    if journal.last_number != count or (count and journal.last_hash != previous):
        return count, Break(code, None,
                            f"the counter says {journal.last_number} entries, the chain has {count} "
                            "(entries at the end were removed or the counter was changed)")
    return count, None
