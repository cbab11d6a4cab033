"""bench/pages.py cannot rot: it runs on the test database with a few persons (docs/performance.md)."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_page_benchmark_runs_on_a_small_registry(organizations, settings):
    from bench import pages, queue_numbering
    from cbi.registry.models import Person

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    queue_numbering.generate(60)
    assert Person.objects.filter(surname=queue_numbering.BENCH_SURNAME).count() == 60
    rows = pages.measure(requests=2, warmup=1, world=pages._world())
    assert [r["page"] for r in rows] == [label for label, *_x in pages.PAGES]
    assert all(r["p95_ms"] >= r["p50_ms"] > 0 and r["queries"] > 0 for r in rows)
    assert "| person record |" in pages.table(rows)
    queue_numbering.wipe()
    assert not Person.objects.filter(surname=queue_numbering.BENCH_SURNAME).exists()
