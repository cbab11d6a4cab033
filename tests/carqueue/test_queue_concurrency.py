"""Concurrent enrollments in one region+category (PostgreSQL): the advisory lock keyed by
(region, category) serialises them, so the numbers are exactly 1..n and every change of a
number is recorded."""

from __future__ import annotations

import random
import threading
from datetime import date, timedelta

import pytest
from django.db import connection

from cbi.carqueue.queue import services as queue
from cbi.carqueue.models import CarApplication, QueueEntry, QueueNumberChange
from cbi.registry.models import Person
from tests.carqueue.test_journal import restore_territories  # noqa: F401 - a fixture

# Transactional (the threads need committed rows); see ``_territories`` for the database setup.
pytestmark = [pytest.mark.postgres_only]



@pytest.fixture(autouse=True)
def _territories(restore_territories, transactional_db):
    """Transactional tests end with a flush that empties the КАТОТТГ table the
    organizations need: fill it before the test if an earlier flush emptied it, and put
    it back after this test's flush (``restore_territories``, requested first)."""
    from tests.browser.conftest import _refill_territories

    _refill_territories()


ENROLLMENTS = 24
THREADS = 6


def _enrolled_applications(organizations, actor, count: int) -> list[CarApplication]:
    office = organizations["spo-ua80000000001078669"]
    rng = random.Random(999)
    applications = []
    for index in range(count):
        person = Person.objects.create(surname=f"Кравчук{index:02d}", given_name="Тарас", patronymic="Іванович",
                                       date_of_birth=date(1970, 1, 1) + timedelta(days=index * 97), sex="male",
                                       rnokpp=None, rnokpp_refused=True, office=office)
        enrolled_on = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 60))  # many share a date
        applications.append(CarApplication.objects.create(
            person=person, office=office, received_via="in_person", received_on=enrolled_on, kind="first",
            status="enrolled", region_number=index + 1, enrollment_date=enrolled_on, category="general",
            registered_by=actor, decision={"enrollment_date": enrolled_on.isoformat(), "applied_rules": []},
        ))
    return applications


def test_parallel_enrollments_get_numbers_without_gaps_or_duplicates(organizations, regional_officer):
    applications = _enrolled_applications(organizations, regional_officer, ENROLLMENTS)
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def worker(batch):
        try:
            barrier.wait()
            for application in batch:
                queue.enroll(application=application, actor=regional_officer)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(applications[i::THREADS],)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors

    region = organizations["rd-80"]
    entries = list(QueueEntry.objects.filter(region=region, category="general").order_by("number"))
    assert [e.number for e in entries] == list(range(1, ENROLLMENTS + 1))
    assert [(e.enrollment_date, e.journal_number) for e in entries] == sorted(
        (e.enrollment_date, e.journal_number) for e in entries)
    # Every number an entry ever had is a chain in its history ending at the current number.
    for entry in entries:
        chain = list(QueueNumberChange.objects.filter(entry=entry).order_by("id").values_list("old_number",
                                                                                          "new_number"))
        assert chain[0][0] is None and chain[-1][1] == entry.number
        assert all(prev[1] == nxt[0] for prev, nxt in zip(chain, chain[1:]))


def test_parallel_renumbering_of_one_queue_records_each_change_once(organizations, regional_officer):
    applications = _enrolled_applications(organizations, regional_officer, 12)
    region = organizations["rd-80"]
    QueueEntry.objects.bulk_create([
        QueueEntry(person=a.person, region=region, category="general", enrollment_date=a.enrollment_date,
                   journal_number=a.region_number) for a in applications])
    barrier = threading.Barrier(4)

    def worker():
        try:
            barrier.wait()
            queue.renumber(region, "general", cause="recount")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(QueueEntry.objects.values_list("number", flat=True)) == list(range(1, 13))
    assert QueueNumberChange.objects.count() == 12  # the first renumbering did it all; the others found nothing
