"""The accessible names of the key citizen pages, checked against stored snapshots of
the accessibility tree (Playwright's ARIA snapshot of ``<main>``), so that a regression
in a label, a heading, a button's name or a link's text fails a test (issue #6, item 2).

Snapshots live in tests/browser/snapshots/<name>.yml, in Ukrainian (the default
language). Volatile parts are normalised before comparing: UUIDs, numbers (dates,
times, reference numbers, counts, ids in links). To accept an intended change run
``UPDATE_SNAPSHOTS=1 pytest tests/browser/test_aria_snapshots.py`` and review the diff
of the .yml files. A missing snapshot is written (with a warning) on a developer's
machine, but fails when the ``CI`` environment variable is set."""

from __future__ import annotations

import difflib
import os
import re
import sys
import warnings
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from cbi.applications import workflow
from cbi.applications.models import ProductApplication
from cbi.notifications.services import notify
from tests.applications.fixtures import CABINET_PASSWORD, advance, cabinet_user_for, new_application
from tests.browser import journeys as J
from tests.browser.test_journeys_car_queue import enrol_second_after_shevchuk
from tests.browser.test_journeys_applications import STUB as APPLICATIONS_STUB

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SNAPSHOTS = Path(__file__).parent / "snapshots"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
# Digits are volatile (dates, times, reference numbers, counts, ids in links); a heading's
# level is not.
NUMBER = re.compile(r"(?<!\[level=)\d+")


def normalise(snapshot: str) -> str:
    text = UUID.sub("<uuid>", snapshot)
    text = NUMBER.sub("<n>", text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"


def snapshot_of(page) -> str:
    page.wait_for_load_state()
    return normalise(page.locator("main").aria_snapshot())


def compare(name: str, actual: str) -> str | None:
    """None when the page matches its stored snapshot; else what differs."""
    path = SNAPSHOTS / f"{name}.yml"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1" or not path.exists():
        if not path.exists() and os.environ.get("CI") and os.environ.get("UPDATE_SNAPSHOTS") != "1":
            return f"{path.name}: the snapshot is missing (run with UPDATE_SNAPSHOTS=1 and commit it)"
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        warnings.warn(f"wrote the ARIA snapshot {path.name}", stacklevel=2)
        return None
    expected = path.read_text(encoding="utf-8")
    if expected == actual:
        return None
    diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"{name}.yml (stored)", f"{name} (now)",
                                lineterm="")
    return "\n".join(diff)


def check_all(pages: list[tuple[str, object]]) -> None:
    problems = [problem for name, actual in pages if (problem := compare(name, actual))]
    assert not problems, ("the accessibility tree changed (if intended, run with UPDATE_SNAPSHOTS=1):\n"
                          + "\n\n".join(problems))


def test_public_pages_keep_their_accessible_names(page, organizations):
    taken = []
    for name, url in (("home", "/"), ("cabinet-start", "/cabinet/start/"), ("cabinet-sign-in", "/cabinet/login/"),
                      ("cabinet-registration-way", "/cabinet/register/"),
                      ("primary-registration-first-step", "/primary-registration/who/"),
                      ("staff-sign-in", "/staff/login/")):
        page.goto(url)
        expect(J.h1(page)).to_have_count(1)
        taken.append((name, snapshot_of(page)))
    check_all(taken)


@pytest.fixture
def world(organizations, person, district_officer, wheelchair):
    """Олена Петренко: a cabinet account, No. 2 in Kyiv's general queue, one notification,
    an approved application for a wheelchair."""
    cache.clear()
    enrol_second_after_shevchuk(person, organizations["rd-80"])
    user = cabinet_user_for(person, "olena.petrenko")
    notify(person=person, subject="Ваші дані в ЦБІ виправлено", body="Ми виправили по батькові.", link="/cabinet/")
    if not APPLICATIONS_STUB:
        advance(new_application(workflow.PROVISION, person=person, person_user=user, product=wheelchair),
                workflow.APPROVED, officer=district_officer, person_user=user)
    return person


def test_cabinet_pages_keep_their_accessible_names(page, world):
    J.cabinet_sign_in(page, "olena.petrenko", CABINET_PASSWORD)
    taken = [("cabinet-home", snapshot_of(page))]
    pages = [("cabinet-car-queue", "/cabinet/car-queue/"), ("cabinet-notifications", "/cabinet/notifications/")]
    if not APPLICATIONS_STUB:
        application = ProductApplication.objects.get()
        pages += [("cabinet-applications", "/cabinet/applications/"),
                  ("cabinet-application-decided", f"/cabinet/applications/{application.pk}/")]
    for name, url in pages:
        page.goto(url)
        taken.append((name, snapshot_of(page)))
    check_all(taken)


def test_a_changed_label_is_caught(tmp_path, monkeypatch):
    """The comparison itself: a renamed button fails, a different date or id does not."""
    monkeypatch.setattr(sys.modules[__name__], "SNAPSHOTS", tmp_path)
    monkeypatch.delenv("UPDATE_SNAPSHOTS", raising=False)
    monkeypatch.delenv("CI", raising=False)
    stored = '- heading "Мій кабінет" [level=1]\n- link "Лист від 21.11.2026":\n  - /url: /cabinet/notifications/12/\n'
    with pytest.warns(UserWarning):
        assert compare("page", normalise(stored)) is None
    later = stored.replace("21.11.2026", "01.01.2027").replace("/12/", "/345/")
    assert compare("page", normalise(later)) is None
    renamed = stored.replace("Мій кабінет", "Кабінет")
    assert "Мій кабінет" in compare("page", normalise(renamed))
    assert "level=2" in compare("page", normalise(stored.replace("[level=1]", "[level=2]")))
    monkeypatch.setenv("CI", "1")
    assert "missing" in compare("other", normalise(stored))
