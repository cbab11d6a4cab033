"""Benchmark of the staff dashboards and the public statistics pages (issue #15 §5).
Results: docs/performance.md ("Dashboards and public statistics").

    .venv/bin/python bench/dashboard.py --persons 3000000 --database postgres   # the issue's size
    .venv/bin/python bench/dashboard.py --persons 100000 --database sqlite --requests 100

``--database postgres`` uses $BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/cbi_bench
(created and migrated when missing); ``sqlite`` uses var/cbi_bench.sqlite3. Never point it at a
database with real data: it inserts synthetic rows (persons with the surname "Бенчмарк", their
statuses, applications, events and queue entries, three staff accounts "bench.*") and deletes
the rows again at the end (``--keep`` leaves them).

What it does:
1. seeds, with INSERT … SELECT in the database: N persons spread over every district office,
   a disability status each (groups I, II, III and children in turn, ages 0–80); one
   assistive-product application per ``--every`` persons (default 5: N/5 applications), submitted
   on a day of the last twelve months, in one of six statuses, with its submission event and —
   for those handed over — the "provided" event 20–109 days later; an active car-queue entry per
   20 persons in the region of the person's office;
2. times ``refresh_public_statistics()`` — the nightly job that fills the summary tables
   (``WaitingTime``, ``QueueLength``, ``DashboardFigure``) by scanning the registry once;
3. requests every dashboard (a district office, a regional department, the ministry for the
   whole country and for one region, one download) and every public page (waiting times with
   and without a product and a region chosen, the car-queue length, an open-data file) through
   the Django test client, ``--requests`` times each after one warm-up request, and reports the
   median and the 95th percentile (nearest rank) and the SQL queries per request.

Only the summary rows are read by the pages, so their time does not grow with N; the refresh
grows linearly with the persons and applications. No timed assertion is made anywhere.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.queue_numbering import _plus_days, _series, _setup_django, _uuid, _versions  # noqa: E402

BENCH_SURNAME = "Бенчмарк"
STAFF = ("bench.district", "bench.regional", "bench.ministry")
#: Application statuses in turn (applications/workflow.py), so every status table has rows.
STATUSES = ("submitted", "registered", "under_review", "approved", "in_fulfilment", "provided")


def _ago(vendor: str, days_expr: str) -> str:
    """The current moment ``days_expr`` days ago (at the same time of day)."""
    if vendor == "postgresql":
        return f"(CURRENT_TIMESTAMP - make_interval(days => ({days_expr})::int))"
    return f"datetime('now', '-' || ({days_expr}) || ' days')"


def _later(vendor: str, column: str, days_expr: str) -> str:
    if vendor == "postgresql":
        return f"({column} + make_interval(days => ({days_expr})::int))"
    return f"datetime({column}, '+' || ({days_expr}) || ' days')"


def _index(column: str) -> str:
    """The person's number i, kept in ``phone`` while the benchmark runs."""
    return f"CAST({column} AS INTEGER)"


# --- data -------------------------------------------------------------------------------------

def _tables():
    from cbi.applications.models import ApplicationEvent, ProductApplication
    from cbi.carqueue.models import QueueEntry
    from cbi.registry.models import DisabilityStatus, Person

    return (Person._meta.db_table, DisabilityStatus._meta.db_table, ProductApplication._meta.db_table,
            ApplicationEvent._meta.db_table, QueueEntry._meta.db_table)


def wipe() -> None:
    """Delete the synthetic rows (and nothing else)."""
    from django.db import connection, transaction

    from cbi.statistics.models import Refresh

    p, s, a, ev, q = _tables()
    bench = f"(SELECT id FROM {p} WHERE surname = %s)"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ev} WHERE application_id IN (SELECT id FROM {a} WHERE person_id IN {bench})",
                       [BENCH_SURNAME])
        for table in (a, s, q):
            cursor.execute(f"DELETE FROM {table} WHERE person_id IN {bench}", [BENCH_SURNAME])
        cursor.execute(f"DELETE FROM {p} WHERE surname = %s", [BENCH_SURNAME])
    Refresh.objects.all().delete()  # figures counted from the synthetic rows


def _staff():
    """A district officer, a regional officer (the office's region) and a ministry auditor."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from django.contrib.auth import get_user_model

    from cbi.accounts.models import Role
    from cbi.accounts.services import create_staff_member
    from cbi.registry.models import Organization
    from cbi.registry.services import ensure_organizations

    User = get_user_model()
    ensure_organizations()

    office = (Organization.objects.filter(kind=Organization.Kind.SOCIAL_PROTECTION_OFFICE, parent__isnull=False)
              .order_by("pk").first())
    ministry = Organization.objects.filter(kind=Organization.Kind.MINISTRY).first()
    wanted = ((STAFF[0], Role.DISTRICT_OFFICER, office), (STAFF[1], Role.REGIONAL_OFFICER, office.parent),
              (STAFF[2], Role.AUDITOR, ministry))
    users = []
    for username, role, organization in wanted:
        user = User.objects.filter(username=username).first() or create_staff_member(
            username=username, password=None, first_name="Бенчмарк", last_name="Бенчмарк",
            email=f"{username}@cbi.example", role=role, organization=organization)
        TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        users.append(user)
    return users, office


def generate(persons: int, every: int, author_id: int, queue_every: int = 20) -> dict:
    """The synthetic registry of the docstring; an active queue entry per ``queue_every`` persons
    (20 here; bench/pages.py asks for 10: 300 000 entries at 3 million persons, the issue's size),
    chosen by (i mod offices + i div offices) so that every office has its share (i mod 20 alone
    gave entries to the offices of rank divisible by 4 only: 136 offices and 20 share a factor)."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from cbi.catalogue.models import Product
    from cbi.registry.models import Organization
    from cbi.registry.services import ensure_organizations

    ensure_organizations()
    if not Product.objects.filter(is_active=True, group__isnull=False).exists():
        call_command("load_catalogue", verbosity=0)
    products = list(Product.objects.filter(is_active=True, group__isnull=False).order_by("pk")
                    .values_list("pk", flat=True)[:40])
    offices = list(Organization.objects.filter(kind=Organization.Kind.SOCIAL_PROTECTION_OFFICE, parent__isnull=False)
                   .order_by("pk").values_list("pk", "parent_id"))
    vendor = connection.vendor
    p, s, a, ev, q = _tables()
    o = len(offices)
    office_case = " ".join(f"WHEN {k} THEN {pk}" for k, (pk, _parent) in enumerate(offices))
    region_case = " ".join(f"WHEN {k} THEN {parent}" for k, (_pk, parent) in enumerate(offices))
    product_case = " ".join(f"WHEN {k} THEN {pk}" for k, pk in enumerate(products))
    status_case = " ".join(f"WHEN {k} THEN '{status}'" for k, status in enumerate(STATUSES))
    now = "CURRENT_TIMESTAMP"
    i = _index("p.phone")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {p} (id, surname, given_name, patronymic, date_of_birth, sex, rnokpp, rnokpp_refused, "
            f"birth_certificate, phone, email, office_id, surname_key, created_at, updated_at) "
            f"SELECT {_uuid(vendor)}, %s, 'Особа', '', {_plus_days(vendor, '1945-01-01', '((i %% 29000) * 7919) %% 29000')}, "
            f"'female', NULL, TRUE, '', CAST(i AS VARCHAR(20)), '', CASE (i %% {o}) {office_case} END, %s, "
            f"{now}, {now} FROM {_series(vendor, persons)}",
            [BENCH_SURNAME, BENCH_SURNAME.lower()])
        cursor.execute(
            f'INSERT INTO {s} (person_id, "group", subgroup_a, cause, established_on, valid_until, assessment_id, '
            f"ended_on) SELECT p.id, CASE ({i} %% 4) WHEN 0 THEN 'I' WHEN 1 THEN 'II' WHEN 2 THEN 'III' "
            f"ELSE 'child' END, FALSE, 'general_disease', '2020-01-01', NULL, NULL, NULL "
            f"FROM {p} p WHERE p.surname = %s", [BENCH_SURNAME])
        cursor.execute(
            f"INSERT INTO {a} (id, reference, person_id, office_id, kind, status, filed_via, created_by_id, draft_step, "
            f"product_id, request_text, replacement_reason, seller, created_at, submitted_at, status_changed_at, "
            f"decision_number, decision_reasons, pickup_details, place_of_receipt) "
            f"SELECT {_uuid(vendor)}, 'BENCH-' || p.phone, p.id, p.office_id, 'provision', CASE (({i} / {every}) %% 6) {status_case} "
            f"END, 'cabinet', %s, '', CASE ({i} %% {len(products)}) {product_case} END, '', '', '', "
            f"{_ago(vendor, f'({i} * 7) %% 365')}, {_ago(vendor, f'({i} * 7) %% 365')}, {now}, '', '', '', '' "
            f"FROM {p} p WHERE p.surname = %s AND {i} %% {every} = 0", [author_id, BENCH_SURNAME])
        apps = f"{a} a JOIN {p} p ON p.id = a.person_id WHERE p.surname = %s"
        cursor.execute(
            f"INSERT INTO {ev} (application_id, action, from_status, to_status, at, by_id, role, on_behalf, rule_id, "
            f"reason) SELECT a.id, 'submit', 'draft', 'submitted', a.submitted_at, %s, 'person', FALSE, 'EC-APP-1', '' "
            f"FROM {apps}", [author_id, BENCH_SURNAME])
        cursor.execute(
            f"INSERT INTO {ev} (application_id, action, from_status, to_status, at, by_id, role, on_behalf, rule_id, "
            f"reason) SELECT a.id, 'move', 'submitted', a.status, {_later(vendor, 'a.submitted_at', f'20 + {i} %% 90')}, "
            f"%s, 'district_officer', FALSE, 'EC-APP-3', '' FROM {apps} AND a.status <> 'submitted'",
            [author_id, BENCH_SURNAME])
        cursor.execute(
            f"INSERT INTO {q} (person_id, region_id, category, enrollment_date, journal_number, application_id, "
            f"family_key, status, number, numbered_at, reasons, flags, created_at) "
            f"SELECT p.id, CASE ({i} %% {o}) {region_case} END, "
            f"CASE (({i} / {queue_every}) %% 3) WHEN 0 THEN 'general' WHEN 1 THEN 'first_priority' ELSE 'out_of_turn' END, "
            f"{_plus_days(vendor, '2016-01-01', f'({i} * 31) %% 3900')}, {i}, NULL, NULL, 'active', NULL, NULL, "
            f"'[]', '[]', {now} FROM {p} p WHERE p.surname = %s AND ({i} %% {o} + {i} / {o}) %% {queue_every} = 0", [BENCH_SURNAME])
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (p, s, a, ev, q):
                cursor.execute(f"VACUUM ANALYZE {table}")
    return {"offices": o, "products": len(products)}


# --- requests ---------------------------------------------------------------------------------

def _client(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user, name="bench").persistent_id
    session.save()
    return client


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def measure(client, url: str, requests: int) -> dict:
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)  # warm-up, and the query count
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200
    return {"url": url, "queries": len(queries), "median_ms": round(sorted(samples)[len(samples) // 2] * 1000, 1),
            "p95_ms": round(_p95(samples) * 1000, 1)}


def pages(users, office) -> list[tuple[str, object, str]]:
    from django.test import Client

    from cbi.statistics.models import WaitingTime

    district, regional, ministry = (_client(u) for u in users)
    anonymous = Client()
    cell = (WaitingTime.objects.filter(region__isnull=False).select_related("product_group", "region")
            .order_by("-cases").first())
    chosen = f"?group={cell.product_group.iso_code}&region={cell.region.code}" if cell else ""
    return [
        ("dashboard, district office", district, "/staff/dashboard/"),
        ("dashboard, district office, last 3 months", district, "/staff/dashboard/?period=3"),
        ("dashboard, regional department", regional, "/staff/dashboard/"),
        ("dashboard, ministry (regions side by side)", ministry, "/staff/dashboard/"),
        ("dashboard, ministry, one region", ministry, f"/staff/dashboard/?region={office.parent.code}"),
        ("dashboard download, XLSX (ministry, side by side)", ministry, "/staff/dashboard/side-by-side.xlsx"),
        ("public waiting times", anonymous, "/statistics/"),
        ("public waiting times, product and region chosen", anonymous, f"/statistics/{chosen}"),
        ("public car-queue length", anonymous, "/statistics/car-queue/"),
        ("open data, waiting-times.json", anonymous, "/open-data/waiting-times.json"),
    ]


def run(*, persons: int, every: int, requests: int, keep: bool = False, log=lambda *_: None) -> dict:
    from cbi.statistics.models import DashboardFigure
    from cbi.statistics.services import refresh_public_statistics

    wipe()
    users, office = _staff()
    log(f"seeding {persons} persons, {persons // every} applications, {persons // 20} queue entries …")
    started = time.perf_counter()
    layout = generate(persons, every, users[0].pk)
    seed_s = time.perf_counter() - started
    log(f"  {seed_s:.1f} s")
    log("refresh_public_statistics() …")
    started = time.perf_counter()
    refresh_public_statistics()
    refresh_s = time.perf_counter() - started
    figures = DashboardFigure.objects.count()
    log(f"  {refresh_s:.1f} s, {figures} dashboard figures")
    results = []
    for name, client, url in pages(users, office):
        result = {"page": name, **measure(client, url, requests)}
        log(f"  {name}: p95 {result['p95_ms']} ms, median {result['median_ms']} ms, {result['queries']} queries")
        results.append(result)
    if not keep:
        log("cleaning up …")
        wipe()
    return {"persons": persons, "applications": persons // every, "queue_entries": persons // 20, **layout,
            "seed_s": round(seed_s, 1), "refresh_s": round(refresh_s, 1), "dashboard_figures": figures,
            "requests_per_page": requests, "pages": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=100_000, help="persons to seed (the issue: 3 000 000)")
    parser.add_argument("--every", type=int, default=5, help="one application per this many persons")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page")
    parser.add_argument("--database", default="postgres",
                        help="postgres (cbi_bench), sqlite (var/cbi_bench.sqlite3) or a database URL")
    parser.add_argument("--keep", action="store_true", help="leave the synthetic rows in the database")
    args = parser.parse_args(argv)
    _setup_django(args.database)
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False  # no SQL log kept per request
    result = run(persons=args.persons, every=args.every, requests=args.requests, keep=args.keep,
                 log=lambda *a: print(*a, flush=True))
    print(json.dumps({**_versions(), **result}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
