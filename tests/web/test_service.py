"""Service-level behaviour: health check, configuration, headers, display preferences."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "up"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def _manage(*args, env_extra: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(env_extra)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_production_mode_passes_the_deploy_check_without_warnings(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_extra={
        "CBI_ENV": "production", "SECRET_KEY": "x" * 20 + "9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1",
        "ALLOWED_HOSTS": "cbi.example.gov.ua", "CBI_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CBI_JOURNAL_KEYS": "2026-12:c2VjcmV0LWtleS1vZi10aGUtcmVnaW9uLTIwMjYtMTItMzJi",
        "SITE_URL": "https://cbi.example.gov.ua",
    })
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout


def test_production_refuses_to_run_without_a_journal_key(tmp_path):
    result = _manage("check", "--deploy", env_extra={
        "CBI_ENV": "production", "SECRET_KEY": "x" * 20 + "9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1",
        "ALLOWED_HOSTS": "cbi.example.gov.ua", "CBI_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    })
    assert result.returncode != 0 and "carqueue.E001" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _manage("check", env_extra={"CBI_ENV": "production", "ALLOWED_HOSTS": "cbi.example.gov.ua",
                                         "CBI_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_database_comes_from_database_url(tmp_path):
    result = _manage("shell", "-c", "from django.db import connection; print(connection.vendor, connection.settings_dict['NAME'])",
                     env_extra={"DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}", "CBI_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert str(tmp_path / "other.sqlite3") in result.stdout


def test_s3_storage_is_chosen_by_setting(tmp_path):
    result = _manage("shell", "-c", "from django.core.files.storage import storages; s = storages[\"default\"]; print(type(s).__name__, s.bucket_name)",
                     env_extra={"FILE_STORAGE": "s3", "S3_BUCKET": "cbi-documents", "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
                                "CBI_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "S3Storage cbi-documents" in result.stdout


@pytest.mark.django_db
def test_pages_send_security_headers(client):
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_text_size_and_contrast_persist_in_cookies_without_javascript(client):
    response = client.post("/display/", {"action": "larger", "next": "/staff/login/"})
    assert response["Location"] == "/staff/login/"
    page = client.get("/").content.decode()
    assert 'class="text-125' in page
    client.post("/display/", {"action": "larger"})
    client.post("/display/", {"action": "contrast"})
    page = client.get("/staff/login/").content.decode()
    assert 'class="text-150 high-contrast"' in page


@pytest.mark.django_db
def test_display_form_does_not_redirect_to_another_site(client):
    response = client.post("/display/", {"action": "larger", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_language_switch_to_english_and_back(client):
    assert 'lang="uk"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert 'lang="en"' in page and "Staff sign-in" in page
    client.post("/i18n/setlang/", {"language": "uk", "next": "/"})
    assert 'lang="uk"' in client.get("/").content.decode()


def test_ukrainian_catalogue_is_complete_and_compiled():
    import polib

    po = polib.pofile(str(ROOT / "locale/uk/LC_MESSAGES/django.po"))
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    mo = polib.mofile(str(ROOT / "locale/uk/LC_MESSAGES/django.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
    stale = [e.msgid for e in po if e.msgstr and compiled.get((e.msgctxt, e.msgid)) != e.msgstr]
    assert stale == [], "run `make messages`: django.mo is older than django.po"
