"""Test-wide settings: run with the test environment, never send real e-mail, and a clock
that can be moved.

No test may depend on the wall clock. Two tools keep that true:

- A test that tells a story on fixed dates freezes "today" with time-machine's marker
  (``pytest.mark.time_machine(STORY_NOW)`` from ``tests.clock``); everything else derives its
  dates from ``timezone.localdate()``.
- ``--clock-shift-days N`` (or ``CBI_CLOCK_SHIFT_DAYS=N``) moves the clock of the whole session
  N days ahead, in every worker and every thread (the browser tests' live server included).
  `.ci/run` runs one pass with the clock 400+ days ahead, so a test that reads the calendar
  fails in CI, not on the day the calendar reaches it.
"""

import os
from datetime import datetime, timedelta, timezone

os.environ.setdefault("CBI_ENV", "test")

_session_travel = None


def pytest_addoption(parser):
    parser.addoption(
        "--clock-shift-days", type=int, default=int(os.environ.get("CBI_CLOCK_SHIFT_DAYS", "0")),
        help="Run the whole session with the clock moved this many days ahead (time-machine, ticking).",
    )


def pytest_configure(config):
    global _session_travel
    days = config.getoption("--clock-shift-days")
    if days:
        import time_machine

        _session_travel = time_machine.travel(datetime.now(timezone.utc) + timedelta(days=days), tick=True)
        _session_travel.start()


def pytest_unconfigure(config):
    if _session_travel is not None:
        _session_travel.stop()


def pytest_report_header(config):
    days = config.getoption("--clock-shift-days")
    if days:
        return f"clock moved {days} days ahead: today is {datetime.now(timezone.utc).date().isoformat()}"
    return None
