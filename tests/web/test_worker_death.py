"""A worker process killed mid-task (SIGKILL: out of memory, a lost machine): its task is put back
in the queue after the lease and another worker runs it to the end, once (docs/operations.md,
"Background work"). Real processes on a database of their own, as on a server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "DATABASE_URL", "CACHE_URL"))}
    env.update({"DJANGO_SETTINGS_MODULE": "cbi.settings", "CBI_ENV": "test", "CBI_VAR_DIR": str(tmp_path),
                "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
                "TASKS_BACKEND": "django_tasks_db.DatabaseBackend"})
    return env


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


def _task_state(env: dict, task_id: str) -> dict:
    return json.loads(_manage(env, "shell", "-c", (
        "import json; from django_tasks_db.models import DBTaskResult;"
        f"r = DBTaskResult.objects.get(pk='{task_id}');"
        "print(json.dumps({'status': r.status, 'claims': len(r.worker_ids)}))")).splitlines()[-1])


def test_a_task_whose_worker_was_killed_is_run_again_to_the_end_once(tmp_path):
    env = _env(tmp_path)
    folder = tmp_path / "task"
    folder.mkdir()
    (folder / "hold").touch()
    _manage(env, "migrate", "--no-input", "-v", "0")
    task_id = _manage(env, "shell", "-c", (
        "from tests.web.worker_tasks import send_reminder_once;"
        f"print(send_reminder_once.enqueue({str(folder)!r}).id)")).splitlines()[-1]

    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (folder / "starts").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (folder / "starts").exists(), "the worker never started the task"
    finally:
        worker.send_signal(signal.SIGKILL)  # dies mid-task: no chance to record anything
        worker.wait(timeout=30)
    assert _task_state(env, task_id) == {"status": "RUNNING", "claims": 1}  # lost, without the requeue

    # The lease has not passed: a slow task is not taken for a dead one.
    assert _manage(env, "requeue_stale_tasks") == "requeued 0, failed 0"
    # With the lease passed (0 s here), the task is back in the queue …
    assert _manage(env, "requeue_stale_tasks", "--lease", "0") == "requeued 1, failed 0"
    (folder / "hold").unlink()
    # … another worker runs it to the end …
    _manage(env, "db_worker", "--batch", "--interval", "0", "--no-startup-delay")
    assert _task_state(env, task_id) == {"status": "SUCCESSFUL", "claims": 2}
    # … once: started twice, its effect recorded once, and nothing left to requeue.
    assert (folder / "starts").read_text().count("start") == 2
    assert (folder / "sent").read_text() == "reminder sent\n"
    assert _manage(env, "requeue_stale_tasks", "--lease", "0") == "requeued 0, failed 0"
