"""Reference numbers people quote on the phone: one counter table for ПР, ЗР and ДС (issue #13 item 4).

The three old counters (primary.ReferenceCounter, applications.ReferenceCounter,
help.ReportCounter) are copied into common.ReferenceCounter by migrations, so the next number
after the upgrade is the old last + 1, never a number someone already holds.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from cbi.applications import services as application_services
from cbi.applications import workflow
from cbi.common.models import ReferenceCounter
from cbi.common.references import next_reference
from cbi.help import services as help_services
from tests.applications.fixtures import new_application
from tests.migrating import latest, migrate
from tests.primary.journey import submit_application

BEFORE = [("common", "0001_initial"), ("primary", "0003_delete_reviewaccesslog"), ("applications", "0001_initial"),
          ("help", "0001_initial")]
AFTER = [("primary", "0004_delete_referencecounter"), ("applications", "0002_delete_referencecounter"),
         ("help", "0002_delete_reportcounter")]


def test_each_sequence_counts_on_its_own_per_year(db):
    assert next_reference(sequence="ПР", year=2026) == "ПР-2026-000001"
    assert next_reference(sequence="ПР", year=2026) == "ПР-2026-000002"
    assert next_reference(sequence="ДС", year=2026) == "ДС-2026-000001"
    assert next_reference(sequence="ПР", year=2027) == "ПР-2027-000001"
    assert next_reference(sequence="ПР", year=2026) == "ПР-2026-000003"
    assert set(ReferenceCounter.objects.values_list("sequence", "year", "last")) == {
        ("ПР", 2026, 3), ("ДС", 2026, 1), ("ПР", 2027, 1)}


@pytest.mark.django_db(transaction=True)
def test_after_the_upgrade_the_numbers_continue_where_the_old_counters_stopped(
        organizations, person, person_user, wheelchair):
    year = timezone.localdate().year
    try:
        apps = migrate(BEFORE)
        # As on a running office: last year's numbers, and this year's so far.
        apps.get_model("primary", "ReferenceCounter").objects.bulk_create([
            apps.get_model("primary", "ReferenceCounter")(year=year - 1, last=1874),
            apps.get_model("primary", "ReferenceCounter")(year=year, last=123),
        ])
        apps.get_model("applications", "ReferenceCounter").objects.create(year=year, last=45)
        apps.get_model("help", "ReportCounter").objects.create(year=year, last=12)

        apps = migrate(AFTER)
        Counter = apps.get_model("common", "ReferenceCounter")
        assert set(Counter.objects.values_list("sequence", "year", "last")) == {
            ("ПР", year - 1, 1874), ("ПР", year, 123), ("ЗР", year, 45), ("ДС", year, 12)}

        migrate(latest())
        _client, registration = submit_application()
        assert registration.reference == f"ПР-{year}-000124"
        draft = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
        application = application_services.submit(actor=person_user, application=draft)
        assert application.reference == f"ЗР-{year}-000046"
        report = help_services.submit_report(page="/допомога/", description="Кнопка «Надіслати» не читається.",
                                             client="192.0.2.10")
        assert report.reference == f"ДС-{year}-000013"

        # Backwards, the old counters get the numbers issued since.
        apps = migrate(BEFORE)
        assert apps.get_model("primary", "ReferenceCounter").objects.get(year=year).last == 124
        assert apps.get_model("applications", "ReferenceCounter").objects.get(year=year).last == 46
        assert apps.get_model("help", "ReportCounter").objects.get(year=year).last == 13
    finally:
        migrate(latest())
