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


def test_the_server_mode_parts_run_on_a_small_registry(organizations, settings, tmp_path):
    """The in-process half of ``--server``: the seeding it uses, the EXPLAIN check (PostgreSQL
    only: an empty list elsewhere), the session cookies the load tool sends, the tables."""
    from bench import dashboard, pages, pages_server
    from cbi.carqueue.models import QueueEntry
    from cbi.registry.models import Person

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    settings.SECRET_KEY = pages_server.SECRET_KEY
    layout = pages.seed(persons=40, queue_entries=4)
    assert layout["queue_entries"] == 4
    assert QueueEntry.objects.filter(person__surname="Бенчмарк", number__isnull=False).count() == 4
    world = pages._world()
    findings, explained = pages_server.explain_check(world)
    assert findings == [] and (explained > 0) == (settings.DATABASES["default"]["ENGINE"].endswith("postgresql"))
    cookies = pages_server.cookies(world)
    assert all(cookies[who].startswith("sessionid=") for who in ("officer", "regional", "cabinet"))
    assert cookies["anyone"] == ""
    paths = [path for _label, _who, path in pages_server.targets(world)]
    assert all(path.isascii() for path in paths)  # the search's Cyrillic surname, percent-encoded
    row = {"page": "person record", "rps": 10.0, "ratio": 0.05, "p50_ms": 90.0, "p95_ms": 120.0,
           "requests": 300, "errors": 0}
    bare = {**row, "page": pages_server.BARE_LABEL, "rps": 200.0, "ratio": 1.0}
    text = pages_server.table({"rows": [bare, row]})
    assert "| person record | 10.0 | 0.050 | 90.0 | 120.0 | 120.0 | no (req/s) |" in text
    doc = tmp_path / "performance.md"
    doc.write_text(f"before\n{pages_server.DOC_START}\nold\n{pages_server.DOC_END}\nafter\n", encoding="utf-8")
    pages_server.write_doc(text, doc)
    assert "old" not in doc.read_text() and "| person record |" in doc.read_text()
    assert doc.read_text().startswith("before\n") and doc.read_text().endswith("after\n")
    dashboard.wipe()
    assert not Person.objects.filter(surname="Бенчмарк").exists()


def _postgres_url():
    import os

    import psycopg

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return None  # once per CI run is enough: the suite's PostgreSQL pass runs it
    url = os.environ.get("BENCH_SMOKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cbi_bench_smoke")
    try:
        psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=2).close()
    except psycopg.OperationalError:
        return None
    return url


@pytest.mark.django_db(False)
def test_the_server_mode_runs_behind_gunicorn_at_tiny_scale():
    """``bench/pages.py --server`` end to end: seeds 50 persons into its own PostgreSQL database
    (cbi_bench_smoke, migrated on first use), starts the production server on a loopback port,
    asks the bare view and every page with the Python load client for one second each, stops
    the server and prints the table. Runs in the suite's PostgreSQL pass (``DATABASE_URL``);
    skipped elsewhere and where no PostgreSQL answers."""
    import subprocess
    import sys
    from pathlib import Path

    url = _postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, str(root / "bench" / "pages.py"), "--server", "--database", url, "--persons", "50",
         "--queue-entries", "5", "--rounds", "1", "--seconds", "1", "--load", "python", "--cache-url", ""],
        cwd=root, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("50 persons, 5 queue entries, postgresql; python, 2 connections")
    rows = [line for line in lines if line.startswith("| ")]
    assert len(rows) == 1 + 12, done.stdout  # the header, the bare view and the 11 pages
    assert not [row for row in rows if "errors)" in row], done.stderr[-3000:]  # every answer a 200
    assert "| bare Django view (same stack) |" in done.stdout and "| person record |" in done.stdout
    assert "EXPLAIN check:" in done.stdout
