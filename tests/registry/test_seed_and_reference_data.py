import io

import pytest
from django.core.management import call_command
from stdnum.ua import rntrc

from cbi.organizations.models import Organization
from cbi.registry.models import Person, Territory

pytestmark = pytest.mark.django_db


def test_territorial_codifier_is_loaded_down_to_settlements():
    assert Territory.objects.count() == 31_751
    kyiv = Territory.objects.get(code="UA80000000000093317")
    assert kyiv.full_name == "м. Київ"
    brovary = Territory.objects.get(code="UA32060050010081797")
    assert brovary.full_name == "Київська обл., Броварський р-н, Броварська громада, м. Бровари"
    assert brovary.parent.category == Territory.Category.COMMUNITY
    assert Territory.objects.filter(category="H").count() == 1_772


def test_reloading_the_codifier_changes_nothing():
    out = io.StringIO()
    call_command("load_katottg", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()


def test_organizations_cover_24_oblasts_and_kyiv(organizations):
    departments = Organization.objects.filter(kind="regional_department")
    assert departments.count() == 25
    assert not departments.filter(territory__code="UA01000000000013043").exists()  # Crimea, occupied
    offices = Organization.objects.filter(kind="social_protection_office")
    assert offices.filter(parent__code="rd-80").count() == 10  # Kyiv's city districts
    assert offices.filter(parent__code="rd-46").count() == 7   # Lviv oblast's districts
    assert Organization.objects.filter(kind="fund").count() == 1


def test_seed_demo_is_idempotent_and_realistic():
    out = io.StringIO()
    call_command("seed_demo", "--persons", "60", stdout=out, stderr=io.StringIO())
    assert "officer.shevchenkivskyi" in out.getvalue() and "TOTP" in out.getvalue()
    persons = Person.objects.count()
    assert persons == 60
    call_command("seed_demo", "--persons", "60", stdout=io.StringIO(), stderr=io.StringIO())
    assert Person.objects.count() == 60
    for person in Person.objects.all()[:60]:
        assert rntrc.is_valid(person.rnokpp)
        assert person.address_set.filter(kind="registered").exists()
        assert person.disabilitystatus_set.exists()
        assert person.history.exists()
    children = [p for p in Person.objects.all() if p.is_child]
    assert children and all(p.representative_set.exists() for p in children)
    # Demo car applications went through the real workflow: the journals verify.
    from cbi.carqueue.models import CarApplication, QueueEntry

    applications = CarApplication.objects.count()
    out = io.StringIO()
    call_command("verify_journal", stdout=out)
    assert "verified" in out.getvalue()
    assert set(QueueEntry.objects.values_list("number", flat=True)) <= set(range(1, applications + 1))
    # Growing the population adds only the missing persons.
    call_command("seed_demo", "--persons", "80", "--batch", "25", "--quiet-logins",
                 stdout=io.StringIO(), stderr=io.StringIO())
    assert Person.objects.count() == 80


def test_seed_demo_prints_a_short_summary_and_the_logins_at_the_real_address(caplog):
    """`make run` passes the real port; a newcomer reads a few lines, not thousands."""
    import logging

    out, err = io.StringIO(), io.StringIO()
    with caplog.at_level(logging.INFO):
        call_command("seed_demo", "--persons", "40", "--url", "http://127.0.0.1:8123/", stdout=out, stderr=err)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/staff/login/" in text and "http://127.0.0.1:8123/cabinet/login/" in text
    assert ":8000" not in text
    assert len(text.splitlines()) < 30 and err.getvalue() == ""
    # Drawing the demo's PDFs logs nothing at INFO (font subsetting used to print ~8,700 lines).
    assert not [r for r in caplog.records if r.name.startswith("fontTools")]
