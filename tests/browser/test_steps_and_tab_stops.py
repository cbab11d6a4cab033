"""Issue #11: the steps and the Tab stops to each citizen page's main action, measured and held to
the budgets of ``tests/browser/budgets.py`` (also the table in docs/accessibility.md)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.applications.fixtures import CABINET_PASSWORD, cabinet_user_for
from tests.browser import budgets
from tests.browser import journeys as J
from tests.browser.journeys import clear_throttle, media_in_tmp  # noqa: F401 (fixtures)
from tests.browser.support import t
from tests.browser.test_journeys_primary import (SCANS, address_fields, contact_fields, continue_, field, fill,
                                                 identity_fields, person_fields, radio, right_fields, scan)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("clear_throttle", "media_in_tmp")]


def tab_presses(page: Page, target: Locator, *, skip_link: bool, limit: int = 150) -> int:
    """Tab presses from a fresh load of the page until ``target`` has the focus."""
    url = page.url.split("#")[0]  # after the skip link the address ends in #main (kept through redirects)
    page.goto("about:blank")  # a new load, not a reload (which would restore the scroll and the focus start)
    page.goto(url)
    presses = 0
    if skip_link:
        page.keyboard.press("Tab")
        presses += 1
        assert page.evaluate("document.activeElement.getAttribute('href')") == "#main", "the first stop is not the skip link"
        page.keyboard.press("Enter")
    while presses < limit:
        page.keyboard.press("Tab")
        presses += 1
        if target.evaluate("e => e === document.activeElement"):
            return presses
    raise AssertionError(f"{target} not reached with {limit} Tab presses on {page.url}")


class Measure:
    def __init__(self):
        self.found: dict[str, tuple[int, int]] = {}

    def __call__(self, page: Page, key: str, role: str = "button") -> None:
        action = budgets.TAB_STOPS[key][1]
        target = page.get_by_role("main").get_by_role(role, name=t(action), exact=True)
        expect(target).to_have_count(1)
        self.found[key] = (tab_presses(page, target, skip_link=False), tab_presses(page, target, skip_link=True))


def primary_registration(page: Page, measure: Measure) -> int:
    """Primary registration for oneself; the number of pages from the start to "Application sent"."""
    pages = 1
    page.goto("/primary-registration/")
    page.get_by_role("link", name=t("Start now")).click()
    pages += 1
    measure(page, "primary-who")
    radio(page, "For myself").check()
    continue_(page)
    pages += 1
    measure(page, "primary-person")
    fill(person_fields(page))
    radio(page, "female").check()
    fill(contact_fields(page))
    continue_(page)
    pages += 1
    measure(page, "primary-address")
    fill(address_fields(page))
    continue_(page)
    pages += 1
    measure(page, "primary-identity")
    radio(page, "passport of a citizen of Ukraine (ID card)").check()
    fill(identity_fields(page))
    continue_(page)
    pages += 1
    measure(page, "primary-right")
    radio(page, "medical and social expert commission (МСЕК)").check()
    fill(right_fields(page))
    continue_(page)
    pages += 1
    measure(page, "primary-documents")
    for label, *_ in SCANS:
        field(page, t(label)).set_input_files(scan(label))
    continue_(page)
    pages += 1
    measure(page, "primary-check")
    continue_(page, "Send the application")
    expect(J.h1(page)).to_have_text(t("Application sent"))
    return pages + 1


def test_steps_and_tab_stops_to_the_main_actions_stay_within_their_budgets(page, organizations, person):
    measure = Measure()
    steps = primary_registration(page, measure)

    page.goto("/cabinet/register/")
    measure(page, "signup-way")
    page.goto("/cabinet/register/code/")
    measure(page, "signup-code")
    page.goto("/cabinet/login/")
    measure(page, "login")
    cabinet_user_for(person, "olena.petrenko")
    J.cabinet_sign_in(page, "olena.petrenko", CABINET_PASSWORD)
    measure(page, "cabinet-car-queue", role="link")
    page.goto("/cabinet/applications/new/")
    measure(page, "application-what")

    if os.environ.get("SHOW_BUDGETS"):
        print("\nPRIMARY_REGISTRATION_STEPS =", steps)
        for key, (tabs, skip) in measure.found.items():
            print(f"{key}: {tabs}, {skip}")
    differences = [f"{key}: {budgets.TAB_STOPS[key][2:]} in the budget, measured {found}"
                   for key, found in measure.found.items() if found != budgets.TAB_STOPS[key][2:]]
    if steps != budgets.PRIMARY_REGISTRATION_STEPS:
        differences.append(f"primary registration: {budgets.PRIMARY_REGISTRATION_STEPS} pages in the budget, measured {steps}")
    assert not differences, ("Tab presses (from load, with the skip link) or steps differ from tests/browser/budgets.py. "
                             "More is a regression: cut them. Fewer: lower the budget and regenerate the table in "
                             "docs/accessibility.md.\n" + "\n".join(differences))
