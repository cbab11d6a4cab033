"""The production stack (issue #14 §1): settings from the environment, the request id in logs,
/metrics (restricted, no personal data), readiness in production mode, and background tasks
whose worker died."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cbi.web.logs import JsonFormatter, RequestIdFilter

ROOT = Path(__file__).resolve().parents[2]
PROD = {"CBI_ENV": "production", "SECRET_KEY": "x" * 20 + "9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1",
        "ALLOWED_HOSTS": "cbi.example.gov.ua,testserver",
        "CBI_JOURNAL_KEYS": "2026-12:c2VjcmV0LWtleS1vZi10aGUtcmVnaW9uLTIwMjYtMTItMzJi"}


def _settings_in_a_process(code: str, **env_extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "DATABASE_URL", "CACHE_URL"))}
    env.update({"DJANGO_SETTINGS_MODULE": "cbi.settings", **env_extra})
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


# --- Settings ------------------------------------------------------------------------------

POOL = "from django.conf import settings; d = settings.DATABASES['default']; print(d['CONN_MAX_AGE'], d.get('OPTIONS', {}).get('pool'))"


def test_postgresql_in_production_gets_a_small_pool_by_default(tmp_path):
    out = _settings_in_a_process(POOL, **PROD, CBI_VAR_DIR=str(tmp_path),
                                 DATABASE_URL="postgres://cbi@db.internal:5432/cbi")
    assert out == "0 {'min_size': 1, 'max_size': 2, 'timeout': 10.0, 'max_idle': 300.0}"


def test_pool_sizes_come_from_the_environment(tmp_path):
    out = _settings_in_a_process(POOL, CBI_ENV="development", CBI_VAR_DIR=str(tmp_path),
                                 DATABASE_URL="postgres://cbi@db.internal:5432/cbi",
                                 DB_POOL_MIN_SIZE="2", DB_POOL_MAX_SIZE="6", DB_POOL_TIMEOUT="3")
    assert out == "0 {'min_size': 2, 'max_size': 6, 'timeout': 3.0, 'max_idle': 300.0}"


def test_without_a_pool_connections_persist_for_conn_max_age(tmp_path):
    out = _settings_in_a_process(POOL, CBI_ENV="development", CBI_VAR_DIR=str(tmp_path),
                                 DATABASE_URL="postgres://cbi@db.internal:5432/cbi", DB_CONN_MAX_AGE="120")
    assert out == "120 None"


def test_redis_cache_and_json_logs_in_production(tmp_path):
    out = _settings_in_a_process(
        "from django.conf import settings; c = settings.CACHES['default'];"
        "print(c['BACKEND'], c['LOCATION'], settings.LOGGING['handlers']['console']['formatter'])",
        **PROD, CBI_VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_URL="redis://cache.internal:6379/3")
    assert out == "django.core.cache.backends.redis.RedisCache redis://cache.internal:6379/3 json"


def test_readiness_fails_in_production_until_static_files_are_collected(tmp_path):
    probe = ("from django.test import Client; from django.core.management import call_command;"
             "call_command('migrate', verbosity=0);"
             "c = Client(); print(c.get('/healthz', secure=True).status_code);"
             "call_command('collectstatic', interactive=False, verbosity=0);"
             "from django.contrib.staticfiles.storage import staticfiles_storage; from django.utils.functional import empty;"
             "staticfiles_storage._wrapped = empty;"
             "print(c.get('/healthz', secure=True).status_code)")
    out = _settings_in_a_process(probe, **PROD, CBI_VAR_DIR=str(tmp_path), STATIC_ROOT=str(tmp_path / "static"),
                                 DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert out.split() == ["503", "200"]


# --- Request id and logs --------------------------------------------------------------------


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.INFO, logger="cbi.request")
    formatter, stamp = JsonFormatter(), RequestIdFilter()

    def lines() -> list[dict]:
        out = []
        for record in caplog.records:
            if record.name == "cbi.request":
                if not hasattr(record, "request_id"):
                    stamp.filter(record)
                out.append(json.loads(formatter.format(record)))
        return out

    return lines


def test_each_response_carries_a_request_id_that_its_log_line_repeats(officer_client, person, request_lines):
    response = officer_client.get("/staff/persons/", {"by": "rnokpp", "r-rnokpp": "3113201244"})
    assert response.status_code == 200
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    [line] = [line for line in request_lines() if line["request_id"] == request_id]
    assert line["route"] == "staff/persons/" and line["status"] == 200 and line["method"] == "GET"
    assert "3113201244" not in json.dumps(line, ensure_ascii=False)


def test_the_load_balancers_request_id_is_kept_and_a_strange_one_replaced(client, db):
    assert client.get("/", HTTP_X_REQUEST_ID="lb-5f2c9a1e-77aa")["X-Request-ID"] == "lb-5f2c9a1e-77aa"
    replaced = client.get("/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")["X-Request-ID"]
    assert replaced != "<script>alert(1)</script>" and replaced.isalnum()


def test_log_lines_written_while_serving_name_the_request(officer_client, person, request_lines):
    response = officer_client.get(f"/staff/persons/{person.pk}/")
    [line] = [line for line in request_lines() if line["request_id"] == response["X-Request-ID"]]
    assert line["route"] == "staff/persons/<uuid:person_id>/"
    # The route is the pattern: neither the person's id nor any of their data is in the line.
    text = json.dumps(line, ensure_ascii=False)
    assert str(person.pk) not in text and "Петренко" not in text


# --- Metrics ----------------------------------------------------------------------------------


def test_metrics_count_requests_by_route_without_personal_data(officer_client, person, client):
    officer_client.get(f"/staff/persons/{person.pk}/")
    officer_client.get("/staff/persons/", {"by": "rnokpp", "r-rnokpp": "3113201244"})
    response = client.get("/metrics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert 'cbi_http_requests_total{method="GET",route="staff/persons/<uuid:person_id>/",status="200"}' in text
    assert 'cbi_http_request_duration_seconds_bucket{le="0.15",route="staff/persons/"}' in text
    assert "cbi_tasks_queued 0.0" in text and "cbi_tasks_failed" in text
    for personal in (str(person.pk), "3113201244", "Петренко", "Олена", "МК", "123456"):
        assert personal not in text


def test_metrics_count_unhandled_errors(client, db, monkeypatch):
    from cbi.web import views

    def broken(request):
        raise RuntimeError("template tag failed")

    monkeypatch.setattr(views, "render", lambda *a, **k: broken(None))
    client.raise_request_exception = False
    assert client.get("/").status_code == 500
    assert 'cbi_http_unhandled_errors_total{route="web:home"}' in client.get("/metrics").content.decode()


def test_metrics_refuse_other_addresses_and_requests_through_a_proxy(client, db):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.7").status_code == 403
    # A load balancer on the same machine connects from loopback: what it forwards is refused.
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="198.51.100.23").status_code == 403
    assert client.get("/metrics").status_code == 200


def test_metrics_with_a_token_need_the_token_from_anywhere(client, db, settings):
    settings.CBI_METRICS_TOKEN = "scrape-5b1d0e8f6a3c"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong-token").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="10.0.4.12",
                      HTTP_AUTHORIZATION="Bearer scrape-5b1d0e8f6a3c").status_code == 200


# --- Background tasks whose worker died ------------------------------------------------------


def _abandoned_task(*, minutes_ago: int, claims: int = 1) -> DBTaskResult:
    """The journal checkpoint task, claimed by a worker that then died ``minutes_ago``."""
    result = DBTaskResult.objects.create(
        task_path="cbi.carqueue.tasks.journal_checkpoint", args_kwargs={"args": [], "kwargs": {}},
        backend_name="default", run_after=timezone.now(), priority=0, queue_name="default")
    DBTaskResult.objects.filter(pk=result.pk).update(
        status="RUNNING", started_at=timezone.now() - timedelta(minutes=minutes_ago),
        worker_ids=[f"worker-{n}" for n in range(claims)])
    return DBTaskResult.objects.get(pk=result.pk)


@pytest.mark.django_db
def test_a_task_whose_worker_died_is_requeued_after_the_lease_and_finished_once(settings):
    """The queue's side; tests/web/test_worker_death.py kills a real worker process."""
    from django.core.management import call_command

    settings.TASKS_LEASE_SECONDS = 3600
    running = _abandoned_task(minutes_ago=20)
    died = _abandoned_task(minutes_ago=90)
    call_command("requeue_stale_tasks")
    running.refresh_from_db()
    died.refresh_from_db()
    assert running.status == "RUNNING"  # still within its lease: maybe just slow
    assert died.status == "READY" and died.worker_ids == ["worker-0"]
    # The next worker to look for work takes it (the same query db_worker runs) …
    taken = DBTaskResult.objects.ready().get_locked()
    assert taken == died
    taken.claim("worker-1")
    taken.set_successful("checkpoint 7")
    # … and once it is done, no later pass puts it back.
    call_command("requeue_stale_tasks", lease=0)
    died.refresh_from_db()
    assert died.status == "SUCCESSFUL" and died.worker_ids == ["worker-0", "worker-1"]


@pytest.mark.django_db
def test_a_task_that_killed_its_worker_three_times_is_failed_not_retried(settings):
    from django.core.management import call_command

    settings.TASKS_LEASE_SECONDS = 600
    poison = _abandoned_task(minutes_ago=30, claims=3)
    call_command("requeue_stale_tasks")
    poison.refresh_from_db()
    assert poison.status == "FAILED" and "claimed 3 times" in poison.traceback


@pytest.mark.django_db
def test_the_lease_is_measured_on_the_clock(settings):
    from django.core.management import call_command

    settings.TASKS_LEASE_SECONDS = 3600
    task = _abandoned_task(minutes_ago=5)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        call_command("requeue_stale_tasks")
    task.refresh_from_db()
    assert task.status == "READY"
