"""The journal of applications: numbering per organization, the hash chain, append-only
(model, queryset and — on PostgreSQL — a database trigger), verify_journal, and
concurrent registrations under a row lock."""

from __future__ import annotations

import threading
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from cbi.carqueue.intake import journal, services
from cbi.carqueue.models import Journal, JournalEntry, JournalIsAppendOnly
from cbi.registry.models import DisabilityStatus
from tests.carqueue.test_applications import applicant, other_office_person, register, with_assessment  # noqa: F401
from tests.conftest import SHEVCHENKIVSKYI, make_person

TABLE = JournalEntry._meta.db_table
TRIGGER = "carqueue_journal_append_only"


def second_person(organizations, rnokpp="2590610860", surname="Коваль", given="Марія"):
    person = make_person(organizations[SHEVCHENKIVSKYI], surname=surname, given_name=given, patronymic="Степанівна",
                         date_of_birth=date(1979, 8, 14), sex="female", rnokpp=rnokpp)
    DisabilityStatus.objects.create(person=person, group="I", cause="general_disease", established_on=date(2019, 2, 7))
    return with_assessment(person)


def verify(*args) -> str:
    out = StringIO()
    call_command("verify_journal", *args, stdout=out)
    return out.getvalue()


def test_numbers_are_consecutive_per_organization(applicant, other_office_person, organizations, district_officer,
                                                  other_district_officer):
    first = register(district_officer, applicant)
    second = register(district_officer, second_person(organizations))
    elsewhere = register(other_district_officer, other_office_person)
    assert (first.office_number, second.office_number, elsewhere.office_number) == (1, 2, 1)
    services.issue_referrals(actor=district_officer, application=first)
    numbers = list(JournalEntry.objects.filter(journal__organization=first.office).values_list("number", "kind"))
    assert numbers == [(1, "application_registered"), (2, "application_registered"), (3, "referrals_issued")]
    assert Journal.objects.get(organization=first.office).last_number == 3


def test_entries_are_chained_by_sha256(applicant, organizations, district_officer):
    register(district_officer, applicant)
    register(district_officer, second_person(organizations))
    one, two = JournalEntry.objects.order_by("number")
    assert one.previous_hash == journal.GENESIS_HASH
    assert two.previous_hash == one.entry_hash
    assert len(two.entry_hash) == 64 and journal.hash_of(two) == two.entry_hash
    assert two.recorded_by == district_officer
    assert Journal.objects.get().last_hash == two.entry_hash


def test_entries_cannot_be_changed_or_deleted_through_the_model(applicant, district_officer):
    application = register(district_officer, applicant)
    entry = JournalEntry.objects.get(application=application)
    entry.payload = {"kind": "replacement"}
    with pytest.raises(JournalIsAppendOnly):
        entry.save()
    with pytest.raises(JournalIsAppendOnly):
        entry.delete()
    with pytest.raises(JournalIsAppendOnly):
        JournalEntry.objects.filter(pk=entry.pk).update(number=7)
    with pytest.raises(JournalIsAppendOnly):
        JournalEntry.objects.all().delete()
    assert JournalEntry.objects.get(pk=entry.pk).payload["kind"] == "first"


def test_verify_journal_counts_the_entries(applicant, other_office_person, district_officer, other_district_officer):
    application = register(district_officer, applicant)
    services.issue_referrals(actor=district_officer, application=application)
    register(other_district_officer, other_office_person)
    output = verify()
    assert f"Journal {SHEVCHENKIVSKYI}: 2 entries verified." in output
    assert "OK: 3 entries verified." in output
    assert "OK: 2 entries verified." in verify("--journal", SHEVCHENKIVSKYI)
    with pytest.raises(CommandError, match="No journal"):
        verify("--journal", "spo-nowhere")


def _disable_trigger(cursor) -> None:
    """On PostgreSQL the trigger refuses any change: switch it off inside the test's
    transaction (rolled back at its end), as an attacker with owner rights could."""
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks may block ALTER TABLE
        cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")


def test_verify_journal_names_the_entry_changed_behind_the_applications_back(applicant, organizations,
                                                                            district_officer):
    register(district_officer, applicant)
    second = register(district_officer, second_person(organizations))
    register(district_officer, second_person(organizations, rnokpp="2763910246", surname="Шевчук", given="Ганна"))
    entry = JournalEntry.objects.get(application=second)
    with connection.cursor() as cursor:
        _disable_trigger(cursor)
        cursor.execute(f"UPDATE {TABLE} SET payload = %s WHERE id = %s",
                       ['{"kind": "replacement", "received_via": "in_person"}', entry.pk])
    with pytest.raises(CommandError) as broken:
        verify()
    message = str(broken.value)
    assert f"journal {SHEVCHENKIVSKYI}, entry No. 2" in message
    assert "entry_hash does not match its content" in message
    assert "Entries before it verified: 1" in message


def test_verify_journal_finds_a_removed_entry(applicant, organizations, district_officer):
    register(district_officer, applicant)
    last = register(district_officer, second_person(organizations))
    entry = JournalEntry.objects.get(application=last)
    with connection.cursor() as cursor:
        _disable_trigger(cursor)
        cursor.execute("UPDATE carqueue_carapplicationevent SET journal_entry_id = NULL WHERE journal_entry_id = %s",
                       [entry.pk])
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])
    with pytest.raises(CommandError, match="the counter says 2 entries, the chain has 1"):
        verify()


def test_verify_journal_finds_a_rewritten_chain_link(applicant, organizations, district_officer):
    register(district_officer, applicant)
    register(district_officer, second_person(organizations))
    with connection.cursor() as cursor:
        _disable_trigger(cursor)
        cursor.execute(f"UPDATE {TABLE} SET previous_hash = %s WHERE number = 2", ["f" * 64])
    with pytest.raises(CommandError, match="entry No. 2: previous_hash does not match"):
        verify()


@pytest.mark.postgres_only
def test_postgresql_trigger_refuses_raw_update_and_delete(applicant, district_officer):
    application = register(district_officer, applicant)
    entry = JournalEntry.objects.get(application=application)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {TABLE} SET number = 99 WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])
    assert JournalEntry.objects.get(pk=entry.pk).number == 1
    assert "OK: 1 entries verified." in verify()


# --- concurrency (PostgreSQL: row lock on the journal's counter row) -------------------------

SNAPSHOT = "carqueue_test_territory_snapshot"
TERRITORY_COLUMNS = "code, name, category, parent_id, region_code, full_name, name_key"


@pytest.fixture
def restore_territories(django_db_blocker):
    """A transactional test ends with a flush that empties the КАТОТТГ table the migration
    loaded. Requested before ``transactional_db``, this fixture keeps a plain copy (not a
    Django table: the flush leaves it alone) and puts the rows back after the flush."""
    from cbi.registry.models import Territory

    table = Territory._meta.db_table
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if SNAPSHOT not in connection.introspection.table_names(cursor):
            cursor.execute(f"CREATE TABLE {SNAPSHOT} AS SELECT {TERRITORY_COLUMNS} FROM {table}")
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if not Territory.objects.exists():
            cursor.execute(f"INSERT INTO {table} ({TERRITORY_COLUMNS}) SELECT {TERRITORY_COLUMNS} FROM {SNAPSHOT}")


@pytest.mark.postgres_only
def test_concurrent_registrations_get_distinct_consecutive_numbers(restore_territories, transactional_db,
                                                                   applicant, organizations, district_officer):
    people = [applicant, second_person(organizations)]
    barrier = threading.Barrier(len(people))
    numbers, errors = [], []

    def worker(person):
        try:
            barrier.wait(timeout=10)
            numbers.append(register(district_officer, person).office_number)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(numbers) == [1, 2]
    assert "OK: 2 entries verified." in verify()
