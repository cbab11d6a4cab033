"""Parallel submissions on PostgreSQL get distinct reference numbers without gaps, even when
the year's counter row does not exist yet (the first submissions of 1 January)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from cbi.common.references import next_reference

pytestmark = [pytest.mark.postgres_only]

THREADS = 6
EACH = 10


def test_parallel_callers_get_every_number_once(transactional_db):
    references: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def worker():
        try:
            barrier.wait()
            for _ in range(EACH):
                with transaction.atomic():  # as a service: the number is taken inside its transaction
                    references.append(next_reference(sequence="ПР", year=2027))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert sorted(references) == [f"ПР-2027-{n:06d}" for n in range(1, THREADS * EACH + 1)]
