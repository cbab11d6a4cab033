"""Browser harness: Playwright (from PyPI) driving Debian's Chromium, with
axe-core (bundled in the axe-playwright-python wheel) run on every page.

Never downloads a browser: the executable is /usr/bin/chromium (or
$CHROMIUM_PATH); `make test` installs Debian's package when it is missing.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if not path:
        pytest.fail("Chromium is not installed: run `make test` (it installs Debian's chromium) "
                    "or set CHROMIUM_PATH.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


class AxeChecker:
    def __init__(self):
        self.source = _axe_source()

    def violations(self, page) -> list[dict]:
        # A click that navigates returns before the next page has loaded; axe run on a document
        # that is being replaced fails ("documentElement" of null, or a destroyed context).
        # Wait for the page to load, and run once more if a navigation still raced the check.
        from playwright.sync_api import Error as PlaywrightError

        for attempt in range(3):
            page.wait_for_load_state("load")
            try:
                return self._run(page)
            except PlaywrightError as error:
                message = str(error)
                racing = "documentElement" in message or "context was destroyed" in message
                if not racing or attempt == 2:
                    raise
        return []

    def _run(self, page) -> list[dict]:
        # evaluate() runs outside the page's Content-Security-Policy.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(self.source)
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        return result["violations"]

    def check(self, page, label: str = "") -> None:
        violations = self.violations(page)
        if violations:
            ARTIFACTS.mkdir(exist_ok=True)
            name = (label or page.url).replace("/", "_").replace(":", "")[:120]
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            summary = [
                {"id": v["id"], "impact": v["impact"], "help": v["help"],
                 "nodes": [n["html"][:200] for n in v["nodes"][:5]]}
                for v in violations
            ]
            pytest.fail(f"axe found {len(violations)} WCAG violation(s) on {page.url} {label}:\n"
                        + json.dumps(summary, ensure_ascii=False, indent=2))


@pytest.fixture(scope="session")
def axe():
    return AxeChecker()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="uk-UA", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def staff_sign_in(page, username: str, password: str) -> None:
    """The real two-step sign-in: password, then the current TOTP code."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.goto("/staff/login/")
    page.get_by_label("Логін").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Продовжити").click()
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    page.get_by_label("Код із застосунку").fill(f"{code:06d}")
    page.get_by_role("button", name="Увійти").click()


# --- Added for the back-office suite -------------------------------------------------------

SNAPSHOT_TABLE = "browser_territory_snapshot"
TERRITORY_COLUMNS = "code, name, category, parent_id, region_code, full_name, name_key"


def _refill_territories() -> None:
    from django.conf import settings
    from django.db import connection

    from cbi.registry import katottg
    from cbi.registry.models import Territory

    table = Territory._meta.db_table
    with connection.cursor() as cursor:
        has_rows = Territory.objects.exists()
        if SNAPSHOT_TABLE not in connection.introspection.table_names(cursor):
            if not has_rows:
                katottg.load(Territory, settings.CBI_KATOTTG_CSV)
            cursor.execute(f"CREATE TABLE {SNAPSHOT_TABLE} AS SELECT {TERRITORY_COLUMNS} FROM {table}")
        elif not has_rows:
            # One statement: the deferred self-reference (parent) is checked at its end.
            cursor.execute(f"INSERT INTO {table} ({TERRITORY_COLUMNS}) "
                           f"SELECT {TERRITORY_COLUMNS} FROM {SNAPSHOT_TABLE}")


@pytest.fixture(autouse=True)
def _territories(transactional_db):
    """Keep the КАТОТТГ reference data across transactional tests.

    The migration loads ~31 000 territories, but every live-server test ends
    with a flush that empties all Django tables. A plain copy of the table
    (not a Django table, so the flush leaves it alone) refills it in one
    INSERT … SELECT on both SQLite and PostgreSQL: before each browser test,
    and again after its flush, so that tests run later in the same process
    find the database as the migrations left it."""
    _refill_territories()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield  # the flush happens in here
    # After the last test the test database itself is gone: nothing to refill.
    if nextitem is None or "_territories" not in getattr(item, "fixturenames", ()):
        return
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        _refill_territories()


@pytest.fixture
def new_page(browser, live_server):
    """Opens more pages, each in its own browser (own cookies), for tests
    that need two staff members at once."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(base_url=live_server.url, locale="uk-UA",
                                      viewport=options.pop("viewport", {"width": 1280, "height": 900}), **options)
        contexts.append(context)
        new = context.new_page()
        new.set_default_timeout(10_000)
        return new

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def officer_page(page, district_officer, person):
    """The district officer of Shevchenkivskyi district, signed in, on the search page."""
    from tests.browser.support import sign_in

    sign_in(page, district_officer)
    return page
