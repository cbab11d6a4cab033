"""Query budgets: every route, asked by the audience it is for, with one row and with 50 rows
(issue #13 item 10; method in docs/performance.md).

The world is the route × audience test's (``tests/accounts/test_route_access.py``): Олена
Петренко of Shevchenkivskyi district with her car application, queue decisions, applications for
assistive products, file, notification, correction request, and a request for primary
registration, the staff of every role, the catalogue. Every route is asked twice in that world
(a warm-up, then the counted request, each rolled back, so the page that marks a notification as
read or shows a receipt once is counted in the same state every time). Then ``grow`` adds 49 rows
to every list the pages show (and to every part a record page shows) and every route is asked
again. For each route:

- the count with 50 rows equals the count with one row: no query is made per row;
- the count is the route's number in ``tests/query_budgets.py`` — a route missing there fails,
  so a new page gets a budget when it is added, and a page that starts reading more says so.

Access logging (``cbi/audit/access.py``: one ``AccessEvent`` per read) is part of the count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from cbi.accounts.route_access import ROUTES, Answer, Who, answer
from cbi.web.routes import route_inventory
from tests.accounts.test_route_access import ASKERS, World, _build, _params, rolled_back
from tests.query_budgets import BUDGETS
from tests.querycount import captured_queries

ROUTE_NAMES = sorted(route_inventory())
ROWS = 50


@dataclass
class Measured:
    small: dict = field(default_factory=dict)     # route -> (status, count, listing)
    large: dict = field(default_factory=dict)
    urls: dict = field(default_factory=dict)
    askers: dict = field(default_factory=dict)


def asker_for(name: str, world: World):
    """The audience a route is for: anyone — not signed in; the cabinet — Олена herself; staff —
    the first entitled staff member whose role has the capability (and passes the step's gate)."""
    access = ROUTES[name]
    params = _params(name, world)
    if access.who == Who.ANYONE:
        return ASKERS[0]
    if access.who in (Who.CABINET, Who.CABINET_OR_STAFF):
        return next(a for a in ASKERS if a.username == "olena.petrenko")
    for asker in ASKERS:
        if asker.audience.kind != "staff" or not asker.entitled:
            continue
        passes_gate = params.gate_roles is None or asker.audience.role in params.gate_roles
        if answer(access, asker.audience, entitled=True, passes_gate=passes_gate) in (Answer.OK, Answer.POST_ONLY):
            return asker
    raise AssertionError(f"no staff member of the test world may open {name}")


# Pages that list rows only when asked a question: the question that finds the grown rows.
QUERIES = {
    # Олена Петренко and her namesakes born on her birthday.
    "registry:search": "by=name&n-surname=Петренко&n-date_of_birth=27.03.1985",
    # The waiting time for the world's product group, with its table of regions.
    "statistics:waiting_times": lambda world: urlencode({"group": world.objects["group"].iso_code}),
}

# The pages that show the grown rows (a list, or a record's parts and history): each must be
# longer with 50 rows than with one, or the comparison of their counts proves nothing.
SHOWS_ROWS = {
    "accounts:team", "applications_cabinet:detail", "applications_cabinet:list", "applications_cabinet:my_products",
    "applications_staff:detail", "applications_staff:paper_new", "applications_staff:record_issued",
    "applications_staff:surveys", "applications_staff:work_list", "audit:access_log", "cabinet:car_queue",
    "cabinet:data_reads", "cabinet:data_reads_csv", "cabinet:home", "cabinet:issue_code", "cabinet:notifications",
    "carqueue:allocation_detail", "carqueue:allocation_humanitarian", "carqueue:allocation_list",
    "carqueue:application_detail", "carqueue:application_list", "carqueue:application_new",
    "carqueue:deadline_report", "carqueue:queue_list", "carqueue:removal_entry", "carqueue:removal_list",
    "carqueue:settings", "catalogue:product_detail", "catalogue:product_list", "catalogue:supplier_list",
    "catalogue_staff:group_history", "catalogue_staff:groups", "catalogue_staff:product_history",
    "catalogue_staff:products", "catalogue_staff:supplier_edit", "catalogue_staff:supplier_history",
    "catalogue_staff:suppliers", "duplicates:list", "duplicates:merges", "help:staff_report_list", "imports:upload", "primary:review_list", "registry:person_detail",
    "registry:person_history", "registry:search", "statistics:car_queue", "statistics:dataset",
    "statistics:waiting_times",
}

# A link of a user that exists in neither world (the access test's user 10 exists once staff grow).
KWARGS = {
    "cabinet:password_reset_confirm": {"uidb64": "OTk5OTk5OTk", "token": "not-a-real-token"},
}


def _url(name: str, world: World) -> str:
    params = _params(name, world)
    query = QUERIES.get(name, params.query)
    if callable(query):
        query = query(world)
    return reverse(name, kwargs=KWARGS.get(name, params.kwargs) or None) + (f"?{query}" if query else "")


def _ask(url: str, asker, world: World):
    client = Client()
    if asker.username:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = world.sessions[asker.username]
    with transaction.atomic():
        response = client.get(url)
        transaction.set_rollback(True)
    return response


def _measure_all(world: World) -> dict:
    from django.core.cache import cache

    results = {}
    for name in ROUTE_NAMES:
        if name not in ROUTES:
            continue
        asker = asker_for(name, world)
        url = _url(name, world)
        cache.clear()
        _ask(url, asker, world)           # warm-up: Django's per-process caches (content types, …)
        cache.clear()
        with captured_queries() as captured:
            response = _ask(url, asker, world)
        size = 0 if getattr(response, "streaming", False) else len(response.content)
        results[name] = (response.status_code, len(captured), captured.listing(), size)
    return results


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker, tmp_path_factory):
    from tests.web.query_world import grow, one_of_each

    with rolled_back(django_db_blocker, tmp_path_factory, "query-budget-media"):
        world = _build()
        one_of_each(world)
        result = Measured()
        for name in ROUTE_NAMES:
            if name in ROUTES:
                result.urls[name] = _url(name, world)
                result.askers[name] = asker_for(name, world).audience.name
        result.small = _measure_all(world)
        grow(world, ROWS - 1)
        result.large = _measure_all(world)
        _report(result)
        yield result


def _report(result: Measured) -> None:
    """With ``CBI_QUERY_COUNTS=path``, write every route's counts there (JSON), to fill the table."""
    import json
    import os

    path = os.environ.get("CBI_QUERY_COUNTS")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({name: {"status": result.small[name][0], "one_row": result.small[name][1],
                              "rows": result.large[name][1], "bytes_one_row": result.small[name][3],
                              "bytes_rows": result.large[name][3],
                              "queries_one_row": result.small[name][2].splitlines(),
                              "queries_rows": result.large[name][2].splitlines()}
                       for name in result.small}, out, indent=1, ensure_ascii=False)


def test_every_route_has_a_budget_and_every_budget_a_route():
    routes = set(ROUTE_NAMES)
    missing = sorted(routes - set(BUDGETS))
    stale = sorted(set(BUDGETS) - routes)
    assert not missing, ("These routes have no query budget in tests/query_budgets.py: run "
                         "tests/web/test_query_budgets.py, read the count it reports and add it:\n  "
                         + "\n  ".join(missing))
    assert not stale, "These entries of tests/query_budgets.py name routes that no longer exist:\n  " + "\n  ".join(stale)


@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_route_keeps_its_query_budget(name, measured, db):
    status, small, small_listing, small_size = measured.small[name]
    large_status, large, large_listing, large_size = measured.large[name]
    where = f"{name} ({measured.urls[name]}, as {measured.askers[name]})"
    if name in SHOWS_ROWS:
        assert large_size > small_size, (f"{where}: the page is no longer with {ROWS} rows than with one "
                                         f"({small_size} → {large_size} bytes): grow its rows in tests/web/query_world.py")
    assert status == large_status, f"{where}: answered {status} with one row and {large_status} with {ROWS}"
    assert large == small, (f"{where}: {small} queries with one row, {large} with {ROWS} rows — a query per row.\n"
                            f"With {ROWS} rows:\n{large_listing}")
    budget = BUDGETS.get(name)
    assert budget is not None, f"{where} has no budget in tests/query_budgets.py; it makes {small} queries"
    assert small == budget, (f"{where}: {small} queries (answer {status}), the budget in tests/query_budgets.py "
                             f"is {budget}:\n{small_listing}")

