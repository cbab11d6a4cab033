"""The three old access logs are copied into AccessEvent, row for row (audit 0003)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.migrating import latest, migrate

BEFORE = [("audit", "0002_access_event"), ("documents", "0003_alter_document_kind_alter_historicaldocument_kind"),
          ("primary", "0002_save_and_return")]
AFTER = [("audit", "0004_delete_accesslog"), ("documents", "0004_delete_documentaccesslog"),
         ("primary", "0003_delete_reviewaccesslog")]

AT = datetime(2025, 11, 3, 9, 15, tzinfo=timezone.utc)


@pytest.mark.django_db(transaction=True)
def test_every_old_row_is_copied_with_who_where_when(person, district_officer, auditor):
    from cbi.documents import services as document_services
    from cbi.documents.models import Document
    from tests.documents.files import pdf, upload
    from tests.primary.journey import submit_application

    scan = document_services.store_document(file=upload("Паспорт Петренко.pdf", pdf(1024)),
                                            kind=Document.Kind.PASSPORT, person=person, actor=district_officer)
    _, registration = submit_application()
    office = district_officer.staff_profile.organization
    ministry = auditor.staff_profile.organization
    try:
        apps = migrate(BEFORE)
        AccessLog = apps.get_model("audit", "AccessLog")
        DocumentAccessLog = apps.get_model("documents", "DocumentAccessLog")
        ReviewAccessLog = apps.get_model("primary", "ReviewAccessLog")
        for action in ("view_record", "view_history", "edit_record"):
            row = AccessLog.objects.create(user_id=district_officer.pk, role="district_officer",
                                           organization_id=office.pk, person_id=person.pk, action=action)
            AccessLog.objects.filter(pk=row.pk).update(at=AT)  # auto_now_add: the old time is kept
        AccessLog.objects.create(user_id=auditor.pk, role="auditor", organization_id=ministry.pk,
                                 person_id=person.pk, action="view_history")
        DocumentAccessLog.objects.create(user_id=district_officer.pk, role="district_officer", channel="staff",
                                         organization_id=office.pk, document_id=scan.pk, person_id=person.pk)
        DocumentAccessLog.objects.create(user_id=district_officer.pk, role="", channel="cabinet",
                                         organization_id=None, document_id=scan.pk, person_id=person.pk)
        ReviewAccessLog.objects.create(user_id=district_officer.pk, role="district_officer",
                                       organization_id=office.pk, registration_id=registration.pk)

        apps = migrate(AFTER)
        AccessEvent = apps.get_model("audit", "AccessEvent")
        events = list(AccessEvent.objects.order_by("pk").values_list(
            "event_type", "purpose", "channel", "user_id", "role", "organization_id", "person_id",
            "registration_id", "object_kind", "object_id"))
        assert events == [
            ("person_record", "record_keeping", "staff", district_officer.pk, "district_officer", office.pk,
             person.pk, None, "registry.person", str(person.pk)),
            ("person_history", "record_keeping", "staff", district_officer.pk, "district_officer", office.pk,
             person.pk, None, "registry.person", str(person.pk)),
            ("person_edit", "record_keeping", "staff", district_officer.pk, "district_officer", office.pk,
             person.pk, None, "registry.person", str(person.pk)),
            ("person_history", "audit", "staff", auditor.pk, "auditor", ministry.pk,
             person.pk, None, "registry.person", str(person.pk)),
            ("document_file", "record_keeping", "staff", district_officer.pk, "district_officer", office.pk,
             person.pk, None, "documents.document", str(scan.pk)),
            ("document_file", "own_access", "cabinet", district_officer.pk, "", None,
             person.pk, None, "documents.document", str(scan.pk)),
            ("primary_registration", "primary_review", "staff", district_officer.pk, "district_officer", office.pk,
             None, registration.pk, "primary.primaryregistration", str(registration.pk)),
        ]
        assert list(AccessEvent.objects.order_by("pk").values_list("at", flat=True)[:3]) == [AT, AT, AT]
    finally:
        # Back to the latest state of every app: migrating primary and documents back also
        # unapplied the migrations that came after AFTER (organizations, complaints, held uploads).
        migrate(latest())
