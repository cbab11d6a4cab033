"""Shared fixtures: organizations, staff of every role, a signed-in client."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cbi.accounts.models import Role
from cbi.accounts.services import create_staff_member
from cbi.registry import services as registry_services
from cbi.organizations.models import Organization
from cbi.registry.models import Address, DisabilityStatus, IdentityDocument, Person, Territory

pytest_plugins = ["tests.signatures.fixtures", "tests.applications.fixtures", "tests.catalogue.fixtures"]

PASSWORD = "Тестовий-пароль-2026"
SHEVCHENKIVSKYI = "spo-ua80000000001078669"
PECHERSKYI = "spo-ua80000000000624772"
LVIV_DISTRICT = "spo-ua46060000000042587"


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttles count in the cache: no test inherits another test's attempts."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _pages_as_read(request, monkeypatch):
    """Pages read by the test client as people read and hear them: the soft hyphens
    (U+00AD) that ``cbi.web.hyphenation`` puts into long words are invisible — screen readers,
    find-in-page and Playwright's text matching ignore them too — so tests match words whole.
    ``@pytest.mark.soft_hyphens`` keeps them, for the tests of hyphenation itself."""
    if request.node.get_closest_marker("soft_hyphens"):
        return
    from django.test.client import Client as TestClient

    original = TestClient.request

    def request_without_soft_hyphens(self, **kwargs):
        response = original(self, **kwargs)
        if not getattr(response, "streaming", False) and "text/html" in response.get("Content-Type", ""):
            response.content = response.content.replace("\u00ad".encode(), b"")
        return response

    monkeypatch.setattr(TestClient, "request", request_without_soft_hyphens)


@pytest.fixture
def organizations(db):
    if not Territory.objects.exists():  # a transactional test's flush emptied the КАТОТТГ table
        from tests.browser.conftest import _refill_territories

        _refill_territories()
    registry_services.ensure_organizations()
    return {o.code: o for o in Organization.objects.all()}


def make_staff(organizations, username: str, role: str, org_code: str, *, first="Олена", last="Коваленко"):
    user = create_staff_member(
        username=username, password=PASSWORD, first_name=first, last_name=last,
        email=f"{username}@cbi.example", role=role, organization=organizations[org_code],
    )
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


@pytest.fixture
def district_officer(organizations):
    return make_staff(organizations, "officer.shevchenkivskyi", Role.DISTRICT_OFFICER, SHEVCHENKIVSKYI)


@pytest.fixture
def other_district_officer(organizations):
    return make_staff(organizations, "officer.pecherskyi", Role.DISTRICT_OFFICER, PECHERSKYI,
                      first="Андрій", last="Мельник")


@pytest.fixture
def regional_officer(organizations):
    return make_staff(organizations, "regional.kyiv", Role.REGIONAL_OFFICER, "rd-80", first="Ірина", last="Бондаренко")


@pytest.fixture
def auditor(organizations):
    return make_staff(organizations, "auditor.ministry", Role.AUDITOR, "ministry", first="Наталія", last="Кравченко")


@pytest.fixture
def administrator(organizations):
    return make_staff(organizations, "admin.ministry", Role.ADMINISTRATOR, "ministry", first="Сергій", last="Ткаченко")


def signed_in(user) -> Client:
    """A client signed in with a verified second factor, as after the real login."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


@pytest.fixture
def officer_client(district_officer):
    return signed_in(district_officer)


def make_person(office: Organization, *, surname="Петренко", given_name="Олена", patronymic="Іванівна",
                date_of_birth=date(1985, 3, 27), sex="female", rnokpp="3113201244") -> Person:
    person = Person(surname=surname, given_name=given_name, patronymic=patronymic, date_of_birth=date_of_birth,
                    sex=sex, rnokpp=rnokpp, office=office, phone="+380671234567")
    person.full_clean()
    person.save()
    return person


@pytest.fixture
def person(organizations):
    """Олена Петренко of Shevchenkivskyi district of Kyiv, with a passport, address and group II."""
    person = make_person(organizations[SHEVCHENKIVSKYI])
    IdentityDocument.objects.create(person=person, kind="passport_booklet", series="МК", number="123456",
                                    issued_on=date(2001, 4, 10), issued_by="Шевченківським РУ ГУ МВС України в м. Києві")
    Address.objects.create(person=person, kind="registered", territory=Territory.objects.get(code="UA80000000001078669"),
                           street="вул. Богдана Хмельницького", building="10", apartment="5", postcode="01030")
    DisabilityStatus.objects.create(person=person, group="II", cause="general_disease",
                                    established_on=date(2023, 5, 15), valid_until=None)
    return person


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)
