"""Organization moved from cbi.registry to cbi.organizations by state-only migrations: going back
and forth keeps every organization, its history and every reference to it (issue #13)."""

from __future__ import annotations

import pytest

from tests.migrating import latest, migrate

BEFORE = [("registry", "0004_person_dob_index"), ("organizations", None)]


def _snapshot(apps, app_label: str):
    Organization = apps.get_model(app_label, "Organization")
    Person = apps.get_model("registry", "Person")
    StaffProfile = apps.get_model("accounts", "StaffProfile")
    return (
        sorted(Organization.objects.values_list("code", "name", "kind", "parent__code", "territory_id")),
        sorted((p.surname, p.office.code) for p in Person.objects.select_related("office")),
        sorted((s.user.username, s.organization.code) for s in StaffProfile.objects.select_related("user", "organization")),
    )


@pytest.fixture
def territories_kept(django_db_blocker):
    """This test is transactional: its flush empties the КАТОТТГ table the migration loaded (and
    an earlier transactional test may have left it empty). Fill it before, and again after."""
    from tests.browser.conftest import _refill_territories

    with django_db_blocker.unblock():
        _refill_territories()
    yield
    with django_db_blocker.unblock():
        _refill_territories()


def test_moving_back_and_forth_keeps_organizations_and_their_references(territories_kept, transactional_db, person,
                                                                        district_officer, regional_officer):
    from cbi.organizations.models import Organization

    office = Organization.objects.get(pk=person.office_id)
    office.phone = "+380442345678"
    office.save()  # one more historical row
    history = office.history.count()
    forward = latest()
    try:
        now = _snapshot(migrate(forward), "organizations")
        assert ("Петренко", office.code) in now[1]
        assert ("officer.shevchenkivskyi", office.code) in now[2]

        apps = migrate(BEFORE)
        assert _snapshot(apps, "registry") == now
        old = apps.get_model("registry", "Organization")
        assert old._meta.db_table == "registry_organization"
        assert apps.get_model("registry", "HistoricalOrganization").objects.filter(id=office.pk).count() == history
        # A regional department added while the old code runs is there after the move.
        old.objects.create(code="rd-test", name="Тестовий департамент", kind="regional_department")

        apps = migrate(forward)
        after = _snapshot(apps, "organizations")
        assert after[1:] == now[1:]
        assert set(after[0]) - set(now[0]) == {("rd-test", "Тестовий департамент", "regional_department", None, None)}
        assert apps.get_model("organizations", "HistoricalOrganization").objects.filter(id=office.pk).count() == history
    finally:
        migrate(forward)
