"""A background task for tests/web/test_worker_death.py: it notes each start, waits while a
``hold`` file exists (so that a test can kill its worker mid-task), then records its effect
once (like every task of the project, running it again does not do it twice)."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task


@task()
def send_reminder_once(folder: str) -> str:
    place = Path(folder)
    with (place / "starts").open("a") as starts:
        starts.write("start\n")
    while (place / "hold").exists():
        time.sleep(0.1)
    sent = place / "sent"
    if not sent.exists():  # idempotent: a second run finds the reminder sent
        sent.write_text("reminder sent\n")
    return "sent"
