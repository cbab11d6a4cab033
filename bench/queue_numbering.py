"""Benchmark of the car-queue numbering (issue 5, item 7). Results: docs/performance.md.

    .venv/bin/python bench/queue_numbering.py --entries 1000000 --database postgres
    .venv/bin/python bench/queue_numbering.py --entries 100000 --database sqlite

``--database postgres`` uses $BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/cbi_bench
(created and migrated when missing); ``sqlite`` uses var/cbi_bench.sqlite3. Never point it at a
database with real data: it inserts synthetic persons and queue entries (surname "Бенчмарк")
and deletes them again at the end (``--keep`` leaves them).

What it does:
1. generates N placeholder persons and N active queue entries spread over all regional
   departments and the three categories, with INSERT … SELECT in the database (no registry
   data beyond the person row the foreign key needs; one person per entry, since a person has
   at most one active entry per region);
2. (a) ``queue.renumber_all()`` from unnumbered entries (every number is new: N numbers and N
   history rows written), and again on a numbered queue (nothing changes: the nightly recount);
3. (b) the floor: the same numbering as ONE window-function UPDATE over the whole table
   (PARTITION BY region, category), no history, no locks;
4. (c) ``person_place(person)`` for random persons: median over ``--lookups`` (100).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_SURNAME = "Бенчмарк"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/cbi_bench"


def _setup_django(database: str) -> None:
    if database == "postgres":
        url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG)
        _create_pg_database(url)
    elif database == "sqlite":
        url = f"sqlite:///{ROOT / 'var' / 'cbi_bench.sqlite3'}"
    else:
        url = database
        if url.startswith(("postgres://", "postgresql://")):
            _create_pg_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cbi.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _create_pg_database(url: str) -> None:
    import psycopg
    from urllib.parse import urlparse

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


# --- data -------------------------------------------------------------------------------------


def _series(vendor: str, n: int) -> str:
    """A row source ``s(i)`` with i = 1..n."""
    if vendor == "postgresql":
        return f"generate_series(1, {int(n)}) AS s(i)"
    return (f"(WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < {int(n)}) "
            f"SELECT i FROM c) AS s")


def _plus_days(vendor: str, start: str, days_expr: str) -> str:
    if vendor == "postgresql":
        return f"(DATE '{start}' + ({days_expr})::int)"
    return f"date('{start}', '+' || ({days_expr}) || ' days')"


def _uuid(vendor: str) -> str:
    return "gen_random_uuid()" if vendor == "postgresql" else "lower(hex(randomblob(16)))"


def wipe() -> None:
    """Delete the synthetic rows (and nothing else)."""
    from django.db import connection, transaction

    from cbi.carqueue.models import QueueEntry, QueueNumberChange
    from cbi.registry.models import Person

    e, c, p = QueueEntry._meta.db_table, QueueNumberChange._meta.db_table, Person._meta.db_table
    bench = f"(SELECT id FROM {p} WHERE surname = %s)"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {c} WHERE entry_id IN (SELECT id FROM {e} WHERE person_id IN {bench})",
                       [BENCH_SURNAME])
        cursor.execute(f"DELETE FROM {e} WHERE person_id IN {bench}", [BENCH_SURNAME])
        cursor.execute(f"DELETE FROM {p} WHERE surname = %s", [BENCH_SURNAME])


def generate(entries: int) -> dict:
    """N persons and N active entries over all regional departments and categories.
    Region: i mod R; category: (i div R) mod 3; enrollment date: spread over 10 years
    (many share a date, so the journal number breaks ties); journal number: i (unique)."""
    from django.db import connection, transaction

    from cbi.carqueue.models import QueueCategory, QueueEntry
    from cbi.registry.models import Organization, Person
    from cbi.registry.services import ensure_organizations

    ensure_organizations()
    regions = list(Organization.objects.filter(kind=Organization.Kind.REGIONAL_DEPARTMENT).order_by("pk"))
    offices = {o.parent_id: o.pk for o in Organization.objects.filter(
        kind=Organization.Kind.SOCIAL_PROTECTION_OFFICE).order_by("-pk")}
    regions = [r for r in regions if r.pk in offices]
    vendor = connection.vendor
    p, e = Person._meta.db_table, QueueEntry._meta.db_table
    r_count = len(regions)
    region_case = " ".join(f"WHEN {i} THEN {r.pk}" for i, r in enumerate(regions))
    office_case = " ".join(f"WHEN {i} THEN {offices[r.pk]}" for i, r in enumerate(regions))
    categories = list(QueueCategory.values)
    category_case = " ".join(f"WHEN {i} THEN '{c}'" for i, c in enumerate(categories))
    now = "CURRENT_TIMESTAMP"
    with transaction.atomic(), connection.cursor() as cursor:
        # The person's row carries its future entry's number i in ``phone`` (to join on).
        cursor.execute(
            f"INSERT INTO {p} (id, surname, given_name, patronymic, date_of_birth, sex, rnokpp, rnokpp_refused, "
            f"birth_certificate, phone, email, office_id, surname_key, created_at, updated_at) "
            f"SELECT {_uuid(vendor)}, %s, 'Особа', '', {_plus_days(vendor, '1950-01-01', 'i %% 20000')}, "
            f"'female', NULL, TRUE, '', CAST(i AS VARCHAR(20)), '', CASE (i %% {r_count}) {office_case} END, %s, "
            f"{now}, {now} FROM {_series(vendor, entries)}",
            [BENCH_SURNAME, BENCH_SURNAME.lower()],
        )
        cursor.execute(
            f"INSERT INTO {e} (person_id, region_id, category, enrollment_date, journal_number, application_id, "
            f"family_key, status, number, numbered_at, reasons, flags, created_at) "
            f"SELECT p.id, CASE (x.i %% {r_count}) {region_case} END, "
            f"CASE ((x.i / {r_count}) %% 3) {category_case} END, "
            f"{_plus_days(vendor, '2015-01-01', '((x.i %% 3650) * 7919) %% 3650')}, x.i, NULL, NULL, 'active', NULL, NULL, "
            f"'[]', '[]', {now} "
            f"FROM {p} p JOIN (SELECT CAST(phone AS INTEGER) AS i, id FROM {p} WHERE surname = %s) x ON x.id = p.id",
            [BENCH_SURNAME],
        )
    _vacuum()
    return {"regions": r_count, "categories": len(categories)}


def _reset_numbers() -> None:
    from django.db import connection, transaction

    from cbi.carqueue.models import QueueEntry, QueueNumberChange

    from cbi.registry.models import Person

    e, p = QueueEntry._meta.db_table, Person._meta.db_table
    bench = f"(SELECT id FROM {p} WHERE surname = %s)"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {QueueNumberChange._meta.db_table} WHERE entry_id IN "
                       f"(SELECT id FROM {e} WHERE person_id IN {bench})", [BENCH_SURNAME])
        cursor.execute(f"UPDATE {e} SET number = NULL, numbered_at = NULL WHERE person_id IN {bench}",
                       [BENCH_SURNAME])
    _vacuum()


def _vacuum() -> None:
    """Same starting point for every timed step on PostgreSQL: no dead rows, fresh statistics."""
    from django.db import connection

    from cbi.carqueue.models import QueueEntry, QueueNumberChange
    from cbi.registry.models import Person

    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (QueueEntry, QueueNumberChange, Person):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


FLOOR_SQL = (
    "UPDATE {e} SET number = r.rn FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY region_id, category "
    "ORDER BY enrollment_date, journal_number, id) AS rn FROM {e} WHERE status = 'active') AS r "
    "WHERE {e}.id = r.id"
)


def floor_update() -> None:
    from django.db import connection, transaction

    from cbi.carqueue.models import QueueEntry

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL.format(e=QueueEntry._meta.db_table))


def numbers_ok() -> bool:
    """Every region+category numbered exactly 1..n."""
    from django.db import connection

    from cbi.carqueue.models import QueueEntry

    e = QueueEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT COUNT(*) AS c, MIN(number) AS mn, MAX(number) AS mx, "
            f"COUNT(DISTINCT number) AS d FROM {e} WHERE status = 'active' GROUP BY region_id, category) g "
            f"WHERE g.mn <> 1 OR g.mx <> g.c OR g.d <> g.c OR g.mn IS NULL")
        return cursor.fetchone()[0] == 0


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run(*, entries: int, lookups: int = 100, keep: bool = False, log=lambda *_: None) -> dict:
    """Generate, measure, check; returns the timings (seconds)."""
    from django.db import connection

    from cbi.carqueue.queue import services as queue
    from cbi.carqueue.models import QueueEntry, QueueNumberChange
    from cbi.carqueue.queue.selectors import person_place
    from cbi.registry.models import Person

    wipe()
    log(f"generating {entries} entries …")
    gen_s = _timed(lambda: generate(entries))
    layout = {"entries": QueueEntry.objects.filter(person__surname=BENCH_SURNAME).count()}
    log(f"  {gen_s:.1f} s")

    _reset_numbers()
    log("(a) renumber_all() from unnumbered entries (every number new, with its history row) …")
    renumber_s = _timed(queue.renumber_all)
    changes = QueueNumberChange.objects.count()
    ok = numbers_ok()
    log(f"  {renumber_s:.2f} s, {changes} changes recorded, numbers 1..n: {ok}")
    _vacuum()
    log("(a') renumber_all() again (nothing changes) …")
    steady_s = _timed(queue.renumber_all)
    log(f"  {steady_s:.2f} s")
    groups = sorted(set(QueueEntry.objects.order_by().values_list("region_id", "category").distinct()))
    _reset_numbers()
    log(f"(a'') renumber() group by group ({len(groups)} region+category queues, as enrollments do) …")
    per_group_s = _timed(lambda: [queue.renumber(r, c, cause="recount") for r, c in groups])
    log(f"  {per_group_s:.2f} s")

    _reset_numbers()
    log("(b) one window-function UPDATE over the whole table …")
    floor_s = _timed(floor_update)
    ok = ok and numbers_ok()
    log(f"  {floor_s:.2f} s")

    ids = list(Person.objects.filter(surname=BENCH_SURNAME).values_list("pk", flat=True)[:max(lookups * 50, 1000)])
    rng = random.Random(7)
    samples = []
    for person_id in rng.sample(ids, min(lookups, len(ids))):
        person = Person(pk=person_id)
        started = time.perf_counter()
        places = person_place(person)
        samples.append(time.perf_counter() - started)
        assert places and places[0].number is not None
    lookup_s = statistics.median(samples)
    log(f"(c) person_place median over {len(samples)}: {lookup_s * 1000:.2f} ms")
    result = {
        **layout, "vendor": connection.vendor, "generate_s": round(gen_s, 2),
        "renumber_all_s": round(renumber_s, 3), "renumber_all_unchanged_s": round(steady_s, 3),
        "renumber_per_group_s": round(per_group_s, 3), "groups": len(groups),
        "floor_s": round(floor_s, 3), "ratio": round(renumber_s / floor_s, 2) if floor_s else None,
        "changes_recorded": changes, "person_place_median_ms": round(lookup_s * 1000, 3),
        "numbers_ok": ok,
    }
    if not keep:
        log("cleaning up …")
        wipe()
    return result


def _versions() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {"database": f"{connection.vendor} {version}", "python": platform.python_version(),
            "cpus": os.cpu_count()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--database", default="postgres",
                        help="postgres (cbi_bench), sqlite (var/cbi_bench.sqlite3) or a database URL")
    parser.add_argument("--lookups", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="leave the synthetic rows in the database")
    args = parser.parse_args(argv)
    _setup_django(args.database)
    result = run(entries=args.entries, lookups=args.lookups, keep=args.keep, log=lambda *a: print(*a, flush=True))
    print(json.dumps({**_versions(), **result}, ensure_ascii=False, indent=2))
    return 0 if result["numbers_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
