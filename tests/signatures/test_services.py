"""The session contract with the cabinet."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory
from django.utils import timezone

from cbi.signatures import services


@pytest.fixture
def request_with_session():
    request = RequestFactory().get("/")
    request.session = SessionStore()
    return request


def test_stored_identity_is_read_back_and_expires(request_with_session, settings):
    request = request_with_session
    stored = services.store_verified_identity(request, rnokpp="3113201244", full_name="Петренко Олена Іванівна",
                                              method="kep", provider_id="99999901", issuer=None)
    assert request.session[services.IDENTITY_SESSION_KEY] == stored
    assert set(stored) == {"rnokpp", "full_name", "method", "at", "provider_id"}
    assert services.verified_identity(request) == stored

    settings.SIGNATURES_IDENTITY_MAX_AGE = 60
    stored["at"] = (timezone.now() - timedelta(seconds=61)).isoformat()
    request.session[services.IDENTITY_SESSION_KEY] = stored
    assert services.verified_identity(request) is None

    services.clear_verified_identity(request)
    assert services.IDENTITY_SESSION_KEY not in request.session


def test_only_known_methods(request_with_session):
    with pytest.raises(ValueError):
        services.store_verified_identity(request_with_session, rnokpp="1", full_name="x", method="sms")


@pytest.mark.django_db
def test_identity_matches_person_exactly(person):
    assert services.identity_matches_person({"rnokpp": "3113201244"}) == person
    assert services.identity_matches_person({"rnokpp": "311320124"}) is None
    assert services.identity_matches_person({"rnokpp": "3113201244 "}) is None
    assert services.identity_matches_person({}) is None
    assert services.identity_matches_person(None) is None


@pytest.mark.parametrize(("candidate", "expected"), [
    ("/cabinet/register/identity/", "/cabinet/register/identity/"),
    ("https://evil.example/", None), ("//evil.example/", None), ("javascript:alert(1)", None), ("", None),
])
def test_next_is_restricted_to_this_site(candidate, expected):
    request = RequestFactory().get("/")
    assert services.safe_next(request, candidate) == expected
