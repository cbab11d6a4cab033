"""Budgets of the citizen journeys (issue #11, "count the steps and the tab stops … and cut
them"): the one place where they are kept. ``test_steps_and_tab_stops.py`` measures them in the
browser and fails when a number differs — more is a regression; fewer means the budget (and the
table in docs/accessibility.md, generated from here) must be lowered to keep the gain.

Tab stops: Tab presses from the page's load to its main action, at a desktop width (1280 px,
where the header's switches and menu are all shown). "Skip link" counts the skip link as one
stop: Tab, Enter on "Skip to main content", then Tab to the action.
"""

from __future__ import annotations

# page: (label in the docs, main action, Tab presses from load, Tab presses with the skip link)
TAB_STOPS: dict[str, tuple[str, str, int, int]] = {
    "primary-who": ("Primary registration: who applies", "Continue", 8, 3),
    "primary-person": ("Primary registration: the person's details", "Continue", 18, 13),
    "primary-address": ("Primary registration: registered address", "Continue", 12, 7),
    "primary-identity": ("Primary registration: identity document", "Continue", 14, 9),
    "primary-right": ("Primary registration: the document that proves the right", "Continue", 13, 8),
    "primary-documents": ("Primary registration: upload the documents", "Continue", 10, 5),
    "primary-check": ("Primary registration: check your answers", "Send the application", 12, 8),
    "signup-way": ("Cabinet sign-up: the way to register", "Continue", 8, 4),
    "signup-code": ("Cabinet sign-up with a code (also the SMS/e-mail link of code delivery)", "Register", 15, 11),
    "login": ("Cabinet sign-in", "Sign in", 8, 4),
    "cabinet-car-queue": ("Cabinet home → “My place in the car queue”", "My place in the car queue", 13, 4),
    "application-what": ("Product application: what do you want to do", "Continue", 13, 4),
}

# Pages (screens with a main button) of primary registration for oneself, from "Start now" to
# "Application sent" (the start and the confirmation counted).
PRIMARY_REGISTRATION_STEPS = 9

DOC_START = "<!-- budgets:start (generated from tests/browser/budgets.py: edit there) -->"
DOC_END = "<!-- budgets:end -->"


def markdown() -> str:
    """The table of docs/accessibility.md between ``DOC_START`` and ``DOC_END``."""
    rows = ["| Page | Main action | Tab presses from load | With the skip link |", "|---|---|---|---|"]
    for label, action, tabs, skip in TAB_STOPS.values():
        rows.append(f"| {label} | {action} | {tabs} | {skip} |")
    rows.append("")
    rows.append(f"Primary registration for oneself: **{PRIMARY_REGISTRATION_STEPS} pages** from the start page "
                "to “Application sent”.")
    return "\n".join(rows)
