"""Page benchmark (issue #14 §2): p50/p95 per key page on a seeded registry whose size is a
parameter. Results and method: docs/performance.md.

    .venv/bin/python bench/pages.py --persons 20000 --database sqlite --requests 30
    .venv/bin/python bench/pages.py --persons 3000000 --database postgres --requests 200

``--database postgres`` uses $BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/cbi_bench
(created and migrated when missing); ``sqlite`` uses var/cbi_bench.sqlite3. Never point it at a
database with real data: it inserts synthetic persons (surname "Бенчмарк") and their queue
entries and deletes them at the end (``--keep`` leaves them; ``--reuse`` measures what an
earlier ``--keep`` left without seeding again).

What it does:
1. seeds N persons and N active queue entries with INSERT … SELECT inside the database (the
   generator of bench/queue_numbering.py: flat memory whatever N, no Python object per row),
   plus a few realistic persons the pages open (Олена Петренко with a cabinet account);
2. signs in a district officer (with a verified second factor, as after the real login) and
   the person's cabinet, and asks every page ``--warmup`` times, then ``--requests`` times in
   turns (page 1, page 2, …, page 1, …) so that a slow moment of the shared machine falls on
   every page alike;
3. prints a Markdown table: p50 / p95 / max in milliseconds and the number of queries.

This measures the application in one process with Django's test client (no HTTP server, no
network). ``--server`` (bench/pages_server.py) measures the same pages behind the production
server (gunicorn, 2 workers, loopback) with ``wrk``, side by side with a bare view, after an
EXPLAIN check of every query; ``--seed-only`` seeds its national registry once for ``--reuse``:

    .venv/bin/python bench/pages.py --seed-only --database postgres --persons 3000000 --queue-entries 300000
    .venv/bin/python bench/pages.py --server --database postgres --reuse --write-doc
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import queue_numbering  # noqa: E402  (the shared seeding and database set-up)

PAGES = [
    # (label, who asks, url name, args or None, query string)
    ("person search (by surname and date)", "officer", "registry:search", None,
     "?by=name&n-surname=Петренко&n-date_of_birth=27.03.1985"),
    ("person record", "officer", "registry:person_detail", "person", ""),
    ("person history", "officer", "registry:person_history", "person", ""),
    ("product applications (work list)", "officer", "applications_staff:work_list", None, ""),
    ("car applications", "officer", "carqueue:application_list", None, ""),
    ("queue list (the office's persons, district officer)", "officer", "carqueue:queue_list", None, ""),
    ("queue list (the region, regional officer)", "regional", "carqueue:queue_list", None, ""),
    ("catalogue (public, filter selects)", "anyone", "catalogue:product_list", None, ""),
    ("cabinet home", "cabinet", "cabinet:home", None, ""),
    ("cabinet: car queue", "cabinet", "cabinet:car_queue", None, ""),
    ("cabinet: applications", "cabinet", "applications_cabinet:list", None, ""),
]


def _world() -> dict:
    """The district officer, a regional officer of the same oblast, Олена Петренко of the
    officer's office and her cabinet account (made once)."""
    from datetime import date

    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cbi.accounts.models import CabinetAccount, Role
    from cbi.accounts.services import create_staff_member
    from cbi.registry.models import Organization, Person

    office = Organization.objects.get(code="spo-ua80000000001078669")   # Shevchenkivskyi, Kyiv
    officer = get_user_model().objects.filter(username="bench.officer").first()
    if officer is None:
        officer = create_staff_member(username="bench.officer", password="Бенчмарк-пароль-2026",
                                      first_name="Олена", last_name="Коваленко", email="bench.officer@cbi.example",
                                      role=Role.DISTRICT_OFFICER, organization=office)
        TOTPDevice.objects.create(user=officer, name="bench", confirmed=True)
    regional = get_user_model().objects.filter(username="bench.regional.officer").first()
    if regional is None:
        regional = create_staff_member(username="bench.regional.officer", password="Бенчмарк-пароль-2026",
                                       first_name="Ірина", last_name="Мельник", email="bench.regional@cbi.example",
                                       role=Role.REGIONAL_OFFICER, organization=office.parent)
        TOTPDevice.objects.create(user=regional, name="bench", confirmed=True)
    person = Person.objects.filter(rnokpp="3113201244").first()
    if person is None:
        person = Person.objects.create(surname="Петренко", given_name="Олена", patronymic="Іванівна",
                                       date_of_birth=date(1985, 3, 27), sex="female", rnokpp="3113201244",
                                       office=office, phone="+380671234567")
    citizen = get_user_model().objects.filter(username="bench.citizen").first()
    if citizen is None:
        citizen = get_user_model().objects.create_user(username="bench.citizen", password="Бенчмарк-пароль-2026")
        CabinetAccount.objects.create(user=citizen, person=person, registered_via="code")
    return {"officer": officer, "regional": regional, "citizen": citizen, "person": person}


def seed(*, persons: int, queue_entries: int, log=lambda *_: None) -> dict:
    """The national-scale registry the server mode measures (issue #14 §2: 3 million persons and
    300 000 queue entries): bench/dashboard.py's INSERT … SELECT seeding (persons over every
    district office, a disability status each, an application per 5 persons with its events, a
    queue entry per ``persons // queue_entries`` persons), the queue numbered by one
    window-function UPDATE (bench/queue_numbering.py's floor), then the realistic persons of
    ``_world`` and fresh statistics."""
    from django.db import connection

    from bench import dashboard
    from cbi.registry.services import ensure_organizations

    ensure_organizations()
    world = _world()
    every = max(1, persons // max(1, queue_entries))
    started = time.perf_counter()
    log(f"seeding {persons} persons, {persons // 5} applications, {persons // every} queue entries …")
    dashboard.generate(persons, 5, world["officer"].pk, queue_every=every)
    log(f"  {time.perf_counter() - started:.1f} s; numbering the queue …")
    queue_numbering.floor_update()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    seconds = time.perf_counter() - started
    log(f"  seeded in {seconds:.1f} s ({persons / seconds:.0f} persons/s)")
    from cbi.carqueue.models import QueueEntry

    return {"persons": persons, "queue_entries": QueueEntry.objects.filter(person__surname=queue_numbering.BENCH_SURNAME)
            .count(), "applications": persons // 5, "seconds_to_seed": round(seconds, 1)}


def _clients(world):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def staff(user):  # signed in with a verified second factor, as after the real login
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session.save()
        return client

    cabinet = Client()
    cabinet.force_login(world["citizen"], backend="django.contrib.auth.backends.ModelBackend")
    return {"officer": staff(world["officer"]), "regional": staff(world["regional"]), "cabinet": cabinet,
            "anyone": Client()}


def measure(*, requests: int, warmup: int, world: dict) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    clients = _clients(world)
    urls = []
    for label, who, name, args, query in PAGES:
        url = reverse(name, args=[world[args].pk] if args else None) + query
        urls.append((label, clients[who], url))
    for _label, client, url in urls:
        for _ in range(warmup):
            response = client.get(url, SERVER_NAME="localhost")
            if response.status_code != 200:
                raise SystemExit(f"{url}: answers {response.status_code}")
    times: dict[str, list[float]] = {label: [] for label, *_x in urls}
    queries: dict[str, int] = {}
    for _ in range(requests):
        for label, client, url in urls:
            start = time.perf_counter()
            client.get(url, SERVER_NAME="localhost")
            times[label].append((time.perf_counter() - start) * 1000)
    for label, client, url in urls:
        with CaptureQueriesContext(connection) as captured:
            client.get(url, SERVER_NAME="localhost")
        queries[label] = len(captured)
    rows = []
    for label, *_x in urls:
        values = sorted(times[label])
        p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
        rows.append({"page": label, "p50_ms": round(statistics.median(values), 1), "p95_ms": round(p95, 1),
                     "max_ms": round(values[-1], 1), "queries": queries[label]})
    return rows


def profile(*, label: str, world: dict, repeat: int = 20, top: int = 25) -> str:
    """cProfile of one page asked ``repeat`` times: the functions with the most own time."""
    import cProfile
    import io
    import pstats

    from django.urls import reverse

    clients = _clients(world)
    for page_label, who, name, args, query in PAGES:
        if page_label.startswith(label):
            client, url = clients[who], reverse(name, args=[world[args].pk] if args else None) + query
            break
    else:
        raise SystemExit(f"no page {label!r}")
    client.get(url, SERVER_NAME="localhost")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(url, SERVER_NAME="localhost")
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def table(rows: list[dict]) -> str:
    lines = ["| page | p50 ms | p95 ms | max ms | queries |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {r['page']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | {r['queries']} |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=20000)
    parser.add_argument("--queue-entries", type=int, default=None,
                        help="with --server or --seed-only: active queue entries (default persons / 10)")
    parser.add_argument("--database", default="sqlite", help="sqlite, postgres or a database URL")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="leave the synthetic rows")
    parser.add_argument("--reuse", action="store_true", help="do not seed: measure what --keep left")
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--profile", metavar="PAGE", help="instead of the table: cProfile of the page whose label "
                        "starts with PAGE (e.g. 'person record')")
    server = parser.add_argument_group("behind the production server (bench/pages_server.py)")
    server.add_argument("--server", action="store_true", help="gunicorn + wrk, the bare view, the EXPLAIN check")
    server.add_argument("--seed-only", action="store_true", help="seed the national registry (as --server does) "
                        "and keep it for later --server --reuse runs")
    server.add_argument("--rounds", type=int, default=3)
    server.add_argument("--seconds", type=float, default=10, help="per page and round")
    server.add_argument("--connections", type=int, default=2, help="open connections of the load tool")
    server.add_argument("--load", choices=("auto", "wrk", "python"), default="auto")
    server.add_argument("--large", type=int, default=10_000, help="EXPLAIN check: a table with more rows is large")
    server.add_argument("--cache-url", default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/12"),
                        help="the server's CACHE_URL ('' = the database cache)")
    server.add_argument("--write-doc", action="store_true", help="put the table into docs/performance.md")
    parser.add_argument("--page", action="append", default=[], metavar="TEXT",
                        help="only the pages whose label contains TEXT (repeatable); not with --write-doc")
    args = parser.parse_args(argv)
    if args.page:
        if args.write_doc:
            parser.error("--page measures some pages: the table of docs/performance.md is of every page")
        # Both modes read this list; bench/pages_server.targets imports it as ``bench.pages``,
        # which is another module object than this one when run as a script.
        import bench.pages as imported

        PAGES[:] = [page for page in PAGES if any(text in page[0] for text in args.page)]
        imported.PAGES[:] = PAGES
        if not PAGES:
            parser.error("no page label contains " + ", ".join(args.page))

    if args.server or args.seed_only:
        return _main_server(args)
    queue_numbering._setup_django(args.database)
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "testserver"]
    seeded = 0.0
    if not args.reuse:
        queue_numbering.wipe()
        start = time.perf_counter()
        queue_numbering.generate(args.persons)
        seeded = time.perf_counter() - start
        print(f"seeded {args.persons} persons and queue entries in {seeded:.1f} s "
              f"({args.persons / seeded:.0f} persons/s)", file=sys.stderr)
    world = _world()
    if args.profile:
        try:
            print(profile(label=args.profile, world=world))
        finally:
            if not args.keep:
                queue_numbering.wipe()
        return 0
    try:
        rows = measure(requests=args.requests, warmup=args.warmup, world=world)
    finally:
        if not args.keep:
            queue_numbering.wipe()
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps({"persons": args.persons, "seconds_to_seed": round(seeded, 1),
                                               "rows": rows}, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def _main_server(args) -> int:
    from bench import dashboard, pages_server

    def log(*parts):
        print(time.strftime("%H:%M:%S", time.gmtime()), *parts, file=sys.stderr, flush=True)

    pages_server.use_server_secret()
    queue_numbering._setup_django(args.database)
    from django.conf import settings
    from django.db import connection

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "testserver"]
    settings.DEBUG = False
    entries = args.queue_entries or max(1, args.persons // 10)
    layout = {"persons": args.persons, "queue_entries": entries, "seconds_to_seed": None}
    if not args.reuse:
        dashboard.wipe()
        layout = seed(persons=args.persons, queue_entries=entries, log=log)
    else:
        from cbi.carqueue.models import QueueEntry
        from cbi.registry.models import Person

        with connection.cursor() as cursor:  # the planner's counts: exact ones take minutes at 3 M
            cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relname IN (%s, %s)"
                           if connection.vendor == "postgresql" else "SELECT 1, 1 WHERE 0 = %s AND 0 = %s",
                           [Person._meta.db_table, QueueEntry._meta.db_table])
            counts = dict(cursor.fetchall())
        layout = {"persons": counts.get(Person._meta.db_table, Person.objects.count()),
                  "queue_entries": counts.get(QueueEntry._meta.db_table, QueueEntry.objects.count()),
                  "seconds_to_seed": None}
    world = _world()
    if args.seed_only:
        log(f"seeded and kept: {layout}")
        return 0
    try:
        log("EXPLAIN check …")
        findings, explained = pages_server.explain_check(world, large=args.large)
        for finding in findings:
            log(f"  sequential scan: {finding['page']}: {finding['table']} ({finding['table_rows']} rows)\n"
                f"    {finding['sql'][:600]}")
        log(f"  {explained} SELECTs explained, {len(findings)} sequential scans of large tables")
        url = os.environ["DATABASE_URL"]
        if not args.cache_url:  # the server's embedded default: the database cache, its table first
            from django.core.management.commands.createcachetable import Command as CreateCacheTable

            command = CreateCacheTable()
            command.verbosity = 0
            command.create_table("default", "cbi_cache", dry_run=False)
        connection.close()
        log("starting the production server …")
        with pages_server.Server(database_url=url, cache_url=args.cache_url) as server:
            log(f"  listening on 127.0.0.1:{server.port}")
            result = pages_server.measure(server, world, rounds=args.rounds, seconds=args.seconds,
                                          connections=args.connections, tool=args.load, log=log)
    finally:
        if not args.keep and not args.reuse:
            dashboard.wipe()
    text = pages_server.table(result)
    explain_text = pages_server.findings_table(findings, explained)
    load = os.getloadavg()
    about = "≈ " if args.reuse and connection.vendor == "postgresql" else ""  # the planner's counts
    heading = (f"{about}{layout['persons']} persons, {about}{layout['queue_entries']} queue entries, "
               f"{connection.vendor}; "
               f"{result['tool']}, {result['connections']} connections, {result['rounds']} rounds × "
               f"{result['seconds']:g} s per page; load average at the end {load[0]:.1f} / {load[1]:.1f} / "
               f"{load[2]:.1f} on {os.cpu_count()} CPUs; run ended {time.strftime('%d.%m.%Y %H:%M UTC', time.gmtime())}")
    print(heading)
    print(text)
    print(explain_text)
    if args.write_doc:
        pages_server.write_doc(f"{heading}\n\n{text}\n\n{explain_text}\n")
    if args.json:
        Path(args.json).write_text(json.dumps({**layout, **result, "explain": findings, "explained": explained},
                                              ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
