"""Someone with full rights on the database tries to rewrite the journal of applications
quietly (issue #12, section 3). Each way is caught by ``verify_journal``, which names the
first bad record and exits non-zero. The attacker has the database, not the journal key."""

from __future__ import annotations

import base64
import hashlib
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cbi.carqueue.intake import checkpoints, journal
from cbi.carqueue.models import Journal, JournalEntry
from tests.carqueue.test_applications import applicant, register  # noqa: F401
from tests.carqueue.test_journal import TABLE, _disable_trigger, second_person
from tests.conftest import SHEVCHENKIVSKYI

KEY_A = base64.b64encode(b"region-key-2026-a-32-bytes-long!!").decode()
KEY_B = base64.b64encode(b"region-key-2027-b-32-bytes-long!!").decode()


@pytest.fixture(autouse=True)
def keys_and_checkpoints(settings, tmp_path):
    settings.CBI_JOURNAL_KEYS = {"2026-a": KEY_A}
    settings.CBI_JOURNAL_KEY_ID = "2026-a"
    settings.CBI_JOURNAL_CHECKPOINT_DIR = tmp_path / "checkpoints"


@pytest.fixture
def three_entries(applicant, organizations, district_officer):
    register(district_officer, applicant)
    register(district_officer, second_person(organizations))
    register(district_officer, second_person(organizations, rnokpp="2763910246", surname="Шевчук", given="Ганна"))
    checkpoints.publish()
    return list(JournalEntry.objects.order_by("number"))


def verify() -> str:
    out = StringIO()
    call_command("verify_journal", stdout=out)
    return out.getvalue()


def broken() -> str:
    with pytest.raises(CommandError) as error:
        verify()
    return str(error.value)


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        _disable_trigger(cursor)
        cursor.execute(sql, params)


def recompute_without_the_key(entries: list[JournalEntry], start: int) -> None:
    """What an attacker can do: rebuild every hash from ``start`` on with plain SHA-256."""
    previous = entries[start - 1].entry_hash if start else journal.GENESIS_HASH
    for entry in entries[start:]:
        entry.refresh_from_db()
        document = {"journal": entry.journal_id, "number": entry.number, "kind": entry.kind,
                    "application": str(entry.application_id), "payload": entry.payload,
                    "recorded_at": journal._timestamp(entry.recorded_at), "recorded_by": entry.recorded_by_id,
                    "previous_hash": previous}
        if entry.key_id:
            document["key_id"] = entry.key_id
        text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        forged = hashlib.sha256(text.encode()).hexdigest()
        raw(f"UPDATE {TABLE} SET previous_hash = %s, entry_hash = %s WHERE id = %s", [previous, forged, entry.pk])
        previous = forged
    raw("UPDATE carqueue_journal SET last_hash = %s", [previous])


def test_an_untouched_journal_and_its_checkpoint_verify(three_entries):
    output = verify()
    assert f"Journal {SHEVCHENKIVSKYI}: 3 entries verified." in output and "Checkpoints: 1 verified." in output
    assert all(e.key_id == "2026-a" for e in three_entries)


def test_an_edited_field_is_caught(three_entries):
    raw(f"UPDATE {TABLE} SET payload = %s WHERE number = 2", ['{"kind": "replacement"}'])
    assert "entry No. 2: entry_hash does not match its content" in broken()


def test_a_deleted_row_is_caught(three_entries):
    entry = three_entries[1]
    raw("UPDATE carqueue_carapplicationevent SET journal_entry_id = NULL WHERE journal_entry_id = %s", [entry.pk])
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])
    assert "entry No. 3: number 2 is missing" in broken()


def test_an_inserted_row_is_caught(three_entries):
    """A row slipped in after No. 3, chained to it, with a hash made without the key."""
    last = three_entries[-1]
    raw(f"INSERT INTO {TABLE} (journal_id, number, kind, application_id, payload, recorded_at, recorded_by_id, "
        f"previous_hash, entry_hash, key_id) SELECT journal_id, 4, kind, application_id, payload, recorded_at, "
        f"recorded_by_id, entry_hash, %s, key_id FROM {TABLE} WHERE id = %s", ["a" * 64, last.pk])
    raw("UPDATE carqueue_journal SET last_number = 4, last_hash = %s", ["a" * 64])
    assert "entry No. 4: entry_hash does not match its content" in broken()


def test_reordered_rows_are_caught(three_entries):
    one, two = three_entries[0], three_entries[1]
    raw(f"UPDATE {TABLE} SET number = 100 WHERE id = %s", [one.pk])
    raw(f"UPDATE {TABLE} SET number = 1 WHERE id = %s", [two.pk])
    raw(f"UPDATE {TABLE} SET number = 2 WHERE id = %s", [one.pk])
    assert "entry No. 1: previous_hash does not match" in broken()


def test_a_cut_tail_with_the_counter_rolled_back_is_caught_by_the_checkpoint(three_entries):
    """The chain that is left is valid on its own; only the checkpoint remembers No. 3."""
    last, second = three_entries[-1], three_entries[1]
    raw("UPDATE carqueue_carapplicationevent SET journal_entry_id = NULL WHERE journal_entry_id = %s", [last.pk])
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [last.pk])
    raw("UPDATE carqueue_journal SET last_number = 2, last_hash = %s", [second.entry_hash])
    assert journal.verify(Journal.objects.get())[1] is None  # the chain alone cannot tell
    message = broken()
    assert "checkpoint No. 1" in message and f"journal {SHEVCHENKIVSKYI} had 3 entries" in message


def test_a_chain_recomputed_without_the_key_is_caught(three_entries):
    raw(f"UPDATE {TABLE} SET payload = %s WHERE number = 2", ['{"kind": "replacement"}'])
    recompute_without_the_key(three_entries, 1)
    assert "entry No. 2: entry_hash does not match its content" in broken()


def test_a_chain_recomputed_as_if_written_before_the_keys_is_caught(three_entries):
    raw(f"UPDATE {TABLE} SET key_id = ''")
    recompute_without_the_key(three_entries, 0)
    # Every entry now looks like an old unkeyed one and the chain adds up; the checkpoint does not.
    message = broken()
    assert "checkpoint No. 1" in message


def test_a_replaced_checkpoint_is_caught(three_entries):
    path = checkpoints.path()
    record = json.loads(path.read_text())
    record["journals"][SHEVCHENKIVSKYI]["count"] = 2
    path.write_text(json.dumps(record) + "\n")
    assert "checkpoint No. 1: its signature does not match" in broken()


def test_a_removed_checkpoint_in_the_middle_is_caught(three_entries):
    checkpoints.publish()
    checkpoints.publish()
    lines = checkpoints.path().read_text().splitlines()
    checkpoints.path().write_text("\n".join([lines[0], lines[2]]) + "\n")
    assert "checkpoint No. 2" in broken()


def test_keys_rotate_old_entries_keep_verifying(three_entries, settings, applicant, organizations, district_officer):
    settings.CBI_JOURNAL_KEYS = {"2026-a": KEY_A, "2027-b": KEY_B}
    settings.CBI_JOURNAL_KEY_ID = "2027-b"
    register(district_officer, second_person(organizations, rnokpp="3012345670", surname="Савчук", given="Олег"))
    checkpoints.publish()
    assert JournalEntry.objects.get(number=4).key_id == "2027-b"
    assert "OK: 4 entries verified." in verify()
    # Without the old key the old entries can no longer be checked, and the command says so.
    settings.CBI_JOURNAL_KEYS = {"2027-b": KEY_B}
    assert "entry No. 1: signed with key '2026-a', which is not in the key ring" in broken()
