"""Every staff page that shows the data of an office, a region or the country applies the one
scope rule (``cbi.organizations.scope``) — proved from the URL configuration, so a new page is
covered the day it is added.

The pages are the routes the access table (``cbi.accounts.route_access``) declares as staff pages
with the ``ORGANIZATION`` scope; the world is the one of the route access test: Олена Петренко of
Shevchenkivskyi district (Kyiv) with her car application, queue entries, assistive-product
applications, files and request for primary registration.

* Each such page asks the scope of the signed-in staff member (a spy on ``scope_of``).
* An officer of Pecherskyi district (same region) and a regional officer of Lviv region get, for
  Олена's record, application or queue entry, exactly the answer they get for an object that does
  not exist; an entitled officer gets a different one (so the object is real).
* Lists shown to those out of scope name none of her or her neighbours.
"""

from __future__ import annotations

import re
import sys
import uuid
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse

from cbi.accounts.route_access import ROUTES, Scope, Who
from cbi.organizations import scope as scope_module
from tests.accounts.test_route_access import ASKERS, ROUTE_NAMES, TARGET_SURNAMES, _params, world  # noqa: F401

SCOPED = [name for name in ROUTE_NAMES
          if name in ROUTES and ROUTES[name].who in (Who.STAFF, Who.CABINET_OR_STAFF)
          and ROUTES[name].scope == Scope.ORGANIZATION]
STAFF = [asker for asker in ASKERS if asker.audience.kind == "staff"]
OUT_OF_SCOPE = ["officer.pecherskyi", "regional.lviv"]
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
MISSING_UUID = uuid.UUID("00000000-0000-4000-8000-000000000000")
MISSING_ID = 2_000_000_000
# Lists that show rows only for a question: asked as an officer would.
QUERIES = {"registry:search": lambda w: f"by=rnokpp&r-rnokpp={w.objects['olena'].rnokpp}"}


def test_the_scoped_pages_are_found():
    # The table marks the registry, car queue, applications, review and audit pages as scoped;
    # an empty list here would make the tests below prove nothing.
    assert {"registry:person_detail", "carqueue:application_detail", "carqueue:queue_list",
            "applications_staff:detail", "primary:review_detail"} <= set(SCOPED)


@contextmanager
def scope_asked():
    """Every call of ``scope_of`` while the block runs: the user's pk (or None)."""
    original = scope_module.scope_of
    calls: list = []

    def spy(user):
        calls.append(getattr(user, "pk", None))
        return original(user)

    patched = [(module, attr) for module in list(sys.modules.values())
               if getattr(module, "__name__", "").startswith("cbi.")
               for attr, value in list(vars(module).items()) if value is original]
    for module, attr in patched:
        setattr(module, attr, spy)
    try:
        yield calls
    finally:
        for module, attr in patched:
            setattr(module, attr, original)


def _client(world, username: str) -> Client:
    client = Client()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = world.sessions[username]
    return client


def _ask(world, username: str, url: str, *, post: bool = False):
    with transaction.atomic():
        client = _client(world, username)
        response = client.post(url) if post else client.get(url)
        transaction.set_rollback(True)
    return response


def _missing(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return MISSING_ID
    if isinstance(value, uuid.UUID) or (isinstance(value, str) and UUID_RE.fullmatch(value)):
        return MISSING_UUID
    return value


def _urls(name: str, world) -> tuple[str, str, object]:
    params = _params(name, world)
    if not params.query and name in QUERIES:
        params.query = QUERIES[name](world)
    query = f"?{params.query}" if params.query else ""
    url = reverse(name, kwargs=params.kwargs or None) + query
    missing_kwargs = {key: _missing(value) for key, value in params.kwargs.items()}
    missing = reverse(name, kwargs=missing_kwargs or None) + UUID_RE.sub(str(MISSING_UUID), query)
    return url, missing, params


def _allowed(name: str, params) -> list[str]:
    """The staff askers who pass the route's capability (and gate)."""
    roles = ROUTES[name].staff_roles()
    return [asker.username for asker in STAFF if asker.audience.role in roles and asker.entitled
            and (params.gate_roles is None or asker.audience.role in params.gate_roles)]


@pytest.mark.parametrize("name", SCOPED)
def test_the_page_asks_the_scope(name, world, db):
    url, _missing_url, params = _urls(name, world)
    allowed = _allowed(name, params)
    assert allowed, f"{name}: no staff member of the test world may open it"
    username = allowed[0]
    user = get_user_model().objects.get(username=username)
    with scope_asked() as calls:
        response = _ask(world, username, url, post=ROUTES[name].post_only)
    assert response.status_code < 500, f"{name} as {username}: {response.status_code}"
    assert user.pk in calls, (f"{name} ({url}) as {username} does not apply cbi.organizations.scope: read its "
                              "rows through a selector that uses scoped()/scope_of()")


@pytest.mark.parametrize("name", SCOPED)
def test_out_of_scope_is_the_same_as_missing(name, world, db):
    url, missing_url, params = _urls(name, world)
    post = ROUTES[name].post_only
    if params.has_object and params.kwargs:
        for username in OUT_OF_SCOPE:
            got, absent = _ask(world, username, url, post=post), _ask(world, username, missing_url, post=post)
            assert got.status_code == absent.status_code, (
                f"{name}: {username} gets {got.status_code} for Олена's object, {absent.status_code} for a "
                "missing one: the answer tells that it exists")
        reachable = [u for u in _allowed(name, params)
                     if _ask(world, u, url, post=post).status_code != _ask(world, u, missing_url, post=post).status_code]
        assert reachable, f"{name}: no entitled officer tells Олена's object from a missing one: the test proves nothing"
    if name in QUERIES:  # the question finds her for her own office's officer
        assert "Петренко" in _ask(world, "officer.shevchenkivskyi", url).content.decode()
    for username in OUT_OF_SCOPE:
        response = _ask(world, username, url, post=post)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            shown = [n for n in TARGET_SURNAMES if n in response.content.decode()]
            assert not shown, f"{name}: {username} sees persons of another office: {shown}"
