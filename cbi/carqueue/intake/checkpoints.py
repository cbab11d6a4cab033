"""Signed checkpoints of the journals of applications, kept outside the database.

Whoever can write to the database but has not the journal key cannot forge entries (the MAC
chain in ``journal.py``), but could still cut entries off the end and roll the counter back.
A checkpoint records, for every journal, how many entries it had and the hash of the last one;
it is appended as one JSON line to a file outside the database
(settings.CBI_JOURNAL_CHECKPOINT_DIR) and carries

- ``previous``: the MAC of the checkpoint before it (the checkpoints form their own chain, so
  one cannot be replaced or removed from the middle), and
- ``mac``: HMAC-SHA-256 of the record under the current journal key.

``publish`` runs at a fixed interval (the ``journal_checkpoint`` command from cron or a
systemd timer, or its task) and on demand. ``verify`` checks every checkpoint and that the
database still holds what each one recorded. The file is opened for appending only; in
production it lives on append-only (object-lock) storage — see docs/security.md.
"""

from __future__ import annotations

import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ..models import Journal, JournalEntry
from . import journal as journal_module


FILE_NAME = "journal-checkpoints.jsonl"
GENESIS = "0" * 64


def path() -> Path:
    return Path(settings.CBI_JOURNAL_CHECKPOINT_DIR) / FILE_NAME


def _canonical(record: dict) -> str:
    return json.dumps({k: v for k, v in record.items() if k != "mac"}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def read() -> list[dict]:
    if not path().exists():
        return []
    return [json.loads(line) for line in path().read_text(encoding="utf-8").splitlines() if line.strip()]


def publish() -> dict:
    """Append one checkpoint of every journal's head; return it."""
    existing = read()
    key_id = journal_module.current_key_id()
    record = {
        "sequence": len(existing) + 1,
        "at": timezone.now().isoformat(timespec="seconds"),
        "previous": existing[-1]["mac"] if existing else GENESIS,
        "key_id": key_id,
        "journals": {j.organization.code: {"count": j.last_number, "head": j.last_hash}
                     for j in Journal.objects.select_related("organization").order_by("organization__code")},
    }
    record["mac"] = journal_module.mac(key_id, _canonical(record))
    path().parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
    descriptor = os.open(path(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, line.encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return record


@dataclass
class CheckpointBreak:
    sequence: int | None
    problem: str

    def __str__(self) -> str:
        return f"checkpoint No. {self.sequence}: {self.problem}"


def verify() -> tuple[int, CheckpointBreak | None]:
    """Check every checkpoint (its MAC, its link to the one before) and that each journal in
    the database still has the entry it recorded as its head. Returns (checkpoints verified,
    the first break or None)."""
    previous = GENESIS
    count = 0
    journals = {j.organization.code: j for j in Journal.objects.select_related("organization")}
    for index, record in enumerate(read(), start=1):
        sequence = record.get("sequence")
        if sequence != index:
            return count, CheckpointBreak(index, f"checkpoint No. {index} is missing or out of order")
        try:
            expected = journal_module.mac(record.get("key_id", ""), _canonical(record))
        except journal_module.UnknownKey:
            return count, CheckpointBreak(sequence, f"signed with key {record.get('key_id')!r}, not in the key ring")
        if not hmac.compare_digest(expected, record.get("mac", "")):
            return count, CheckpointBreak(sequence, "its signature does not match (the checkpoint was changed or replaced)")
        if record["previous"] != previous:
            return count, CheckpointBreak(sequence, "it does not follow the checkpoint before it")
        for code, head in record["journals"].items():
            if head["count"] == 0:
                continue
            journal = journals.get(code)
            entry = (JournalEntry.objects.filter(journal=journal, number=head["count"]).only("entry_hash").first()
                     if journal else None)
            if entry is None or not hmac.compare_digest(entry.entry_hash, head["head"]):
                return count, CheckpointBreak(
                    sequence, f"journal {code} had {head['count']} entries then; entry No. {head['count']} is "
                              "missing or different now (entries at the end were removed or rewritten)")
        previous = record["mac"]
        count += 1
    return count, None
