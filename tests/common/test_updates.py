"""model_update: set what changed, validate, save with a history record by the user (HackSoft's helper)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cbi.catalogue.models import Supplier
from cbi.common.updates import model_update
from cbi.help.models import BarrierReport


@pytest.fixture
def report(db):
    return BarrierReport.objects.create(reference="ДС-2026-000021", page="/cabinet/",
                                        description="Після збільшення тексту до 200 % кнопка «Далі» зникає.")


def test_a_change_is_saved_with_who_and_why(report, administrator):
    report, updated = model_update(instance=report, fields=["status", "admin_notes"],
                                   data={"status": "in_progress", "admin_notes": "Відтворено у Firefox 133."},
                                   user=administrator, reason="Відтворено")
    assert updated
    report.refresh_from_db()
    assert (report.status, report.admin_notes) == ("in_progress", "Відтворено у Firefox 133.")
    latest = report.history.order_by("-history_id").first()
    assert (latest.history_user, latest.history_change_reason, latest.status) == (administrator, "Відтворено",
                                                                                  "in_progress")


def test_nothing_changed_nothing_saved(report, administrator):
    report, updated = model_update(instance=report, fields=["status", "email"],
                                   data={"status": "new", "page": "/інша/"}, user=administrator)
    assert not updated
    assert report.history.count() == 1
    assert BarrierReport.objects.get(pk=report.pk).page == "/cabinet/"  # not in ``fields``: left alone


def test_an_invalid_value_is_refused_and_not_saved(report, administrator):
    with pytest.raises(ValidationError) as error:
        model_update(instance=report, fields=["status"], data={"status": "closed"}, user=administrator)
    assert "status" in error.value.message_dict
    assert BarrierReport.objects.get(pk=report.pk).status == "new" and report.history.count() == 1


def test_links_are_set_apart(db, administrator):
    with pytest.raises(ValueError):
        model_update(instance=Supplier(name="ТОВ «Орто-Львів»"), fields=["regions"], data={"regions": []},
                     user=administrator)


def test_a_new_object_gets_its_relations_and_is_saved(db, administrator, person):
    from cbi.registry.models import Address, Territory

    kyiv_district = Territory.objects.get(code="UA80000000001078669")
    data = {"kind": "actual", "territory": kyiv_district, "street": "вул. Січових Стрільців", "building": "21"}
    address, updated = model_update(instance=Address(person=person), fields=list(data), data=data,
                                    user=administrator)
    assert updated and Address.objects.get(pk=address.pk).territory == kyiv_district
    address, updated = model_update(instance=Address.objects.get(pk=address.pk), fields=["territory"],
                                    data={"territory": kyiv_district.pk}, user=administrator)
    assert not updated and address.history.count() == 1
