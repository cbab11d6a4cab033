"""Personal pages are never cached (Cache-Control: no-store), and a database outage gives a
plain 503 with Retry-After instead of a 500 (issue #12, findings 7 and 9)."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from tests.applications.fixtures import cabinet_user_for
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def _cabinet(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_persons_record_and_cabinet_are_never_stored_by_the_browser(district_officer, person):
    officer = signed_in(district_officer)
    record = officer.get(f"/staff/persons/{person.pk}/")
    assert record.status_code == 200 and "no-store" in record["Cache-Control"]
    cabinet = _cabinet(cabinet_user_for(person, "olena.petrenko"))
    home = cabinet.get("/cabinet/")
    assert home.status_code == 200 and "no-store" in home["Cache-Control"]
    # Even a public page is not kept while someone is signed in: it shows who they are.
    assert "no-store" in cabinet.get("/catalogue/")["Cache-Control"]


def test_an_anonymous_application_form_is_not_stored_but_public_pages_may_be(client):
    assert "no-store" in client.get("/primary-registration/")["Cache-Control"]
    assert "no-store" in client.get("/cabinet/login/")["Cache-Control"]
    assert "no-store" not in client.get("/catalogue/").get("Cache-Control", "")
    assert "no-store" not in client.get("/help/").get("Cache-Control", "")


def test_during_a_database_outage_a_person_gets_a_plain_503_with_retry_after(monkeypatch):
    """The confirmation page after a saved registration was a 500 while the database was away."""
    client = Client(raise_request_exception=False)

    def refused(self, *args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refused)
    client.cookies["sessionid"] = "x" * 32  # a returning visitor: the session lives in the database
    response = client.get("/primary-registration/done/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "Сервіс тимчасово недоступний" in text and "не втрачено" in text
    # The readiness check names the part that is down, so the load balancer stops sending traffic.
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["database"] == "down"


def test_any_other_error_is_still_a_500_that_says_nothing_was_lost(monkeypatch):
    client = Client(raise_request_exception=False)
    from cbi.web import views

    def broken(request):
        raise ValueError("a bug")

    monkeypatch.setattr(views.health, "readiness", broken)
    response = client.get("/healthz")
    assert response.status_code == 500 and "Retry-After" not in response
    assert "Сталася помилка" in response.content.decode()


def test_readiness_reports_each_part(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "cache": "up", "storage": "up", "static": "up"}


def test_readiness_fails_when_static_files_were_not_collected(client, settings):
    """In production pages need the collected style sheet; without it every page is a 500."""
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    settings.STATIC_ROOT = "/nonexistent-static-root"
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.utils.functional import empty

    # Re-read the setting (`empty`, not None: a None storage would fail for another reason).
    staticfiles_storage._wrapped = empty
    try:
        response = client.get("/healthz")
        assert response.status_code == 503 and response.json()["static"] == "down"
        assert isinstance(staticfiles_storage._wrapped, ManifestStaticFilesStorage)
    finally:
        staticfiles_storage._wrapped = empty
