"""Fixed moments for tests that tell a story on the calendar.

A test whose data are dated (an application received on 12.10.2026, a decision 25 days later)
freezes "today" to a moment after the story with ``pytest.mark.time_machine(STORY_NOW)``, so that
"received N days ago" and "no later than today" hold on every date the suite is run.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

KYIV = ZoneInfo("Europe/Kyiv")

# The car-queue stories run from 28.09.2026 to 21.11.2026; "today" is the day after.
STORY_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=KYIV)
