"""Copy every row of the three old access logs into AccessEvent; nothing is lost.

- audit.AccessLog (reads of a person's record, history, edit form — and, before issue #12,
  of applications, which it could not tell apart): the action becomes the event type;
- documents.DocumentAccessLog (openings of files): staff or cabinet channel kept;
- primary.ReviewAccessLog (openings of an application for primary registration): the
  person is the one the application was accepted for, if any.

Who, role, office and time are kept as they were; the purpose is derived from the event
type (an auditor's read is an audit), as for new rows. Going back puts every event that fits
an old log back into it and empties AccessEvent: automated reads have no old table and are
lost on the way back.
"""

from django.db import migrations

ACTION_EVENT = {"view_record": "person_record", "view_history": "person_history", "edit_record": "person_edit"}
EVENT_PURPOSE = {"person_record": "record_keeping", "person_history": "record_keeping",
                 "person_edit": "record_keeping", "document_file": "record_keeping",
                 "primary_registration": "primary_review"}


def _purpose(event_type, role, channel):
    if channel == "cabinet":
        return "own_access"
    if role == "auditor":
        return "audit"
    return EVENT_PURPOSE[event_type]


def copy_old_logs(apps, schema_editor):
    AccessEvent = apps.get_model("audit", "AccessEvent")
    AccessLog = apps.get_model("audit", "AccessLog")
    DocumentAccessLog = apps.get_model("documents", "DocumentAccessLog")
    ReviewAccessLog = apps.get_model("primary", "ReviewAccessLog")

    def rows():
        for old in AccessLog.objects.order_by("pk").iterator():
            event_type = ACTION_EVENT[old.action]
            yield AccessEvent(
                at=old.at, event_type=event_type, purpose=_purpose(event_type, old.role, "staff"), channel="staff",
                user_id=old.user_id, role=old.role, organization_id=old.organization_id, person_id=old.person_id,
                object_kind="registry.person", object_id=str(old.person_id),
            )
        for old in DocumentAccessLog.objects.order_by("pk").iterator():
            yield AccessEvent(
                at=old.at, event_type="document_file", purpose=_purpose("document_file", old.role, old.channel),
                channel=old.channel, user_id=old.user_id, role=old.role, organization_id=old.organization_id,
                person_id=old.person_id, registration_id=old.registration_id,
                object_kind="documents.document", object_id=str(old.document_id),
            )
        for old in ReviewAccessLog.objects.select_related("registration").order_by("pk").iterator():
            yield AccessEvent(
                at=old.at, event_type="primary_registration",
                purpose=_purpose("primary_registration", old.role, "staff"), channel="staff",
                user_id=old.user_id, role=old.role, organization_id=old.organization_id,
                person_id=old.registration.person_id, registration_id=old.registration_id,
                object_kind="primary.primaryregistration", object_id=str(old.registration_id),
            )

    batch = []
    for event in rows():
        batch.append(event)
        if len(batch) >= 1000:
            AccessEvent.objects.bulk_create(batch)
            batch = []
    AccessEvent.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    """Back to three logs: every event that fits one of them goes back there."""
    AccessEvent = apps.get_model("audit", "AccessEvent")
    AccessLog = apps.get_model("audit", "AccessLog")
    DocumentAccessLog = apps.get_model("documents", "DocumentAccessLog")
    ReviewAccessLog = apps.get_model("primary", "ReviewAccessLog")
    event_action = {v: k for k, v in ACTION_EVENT.items()}
    for event in AccessEvent.objects.exclude(user_id=None).order_by("pk").iterator():
        common = {"at": event.at, "user_id": event.user_id, "role": event.role,
                  "organization_id": event.organization_id}
        if event.event_type == "document_file":
            DocumentAccessLog.objects.create(channel=event.channel, document_id=event.object_id,
                                             person_id=event.person_id, registration_id=event.registration_id,
                                             **common)
        elif event.event_type == "primary_registration":
            ReviewAccessLog.objects.create(registration_id=event.registration_id, **common)
        elif event.person_id:
            AccessLog.objects.create(person_id=event.person_id,
                                     action=event_action.get(event.event_type, "view_record"), **common)
    AccessEvent.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_access_event"),
        ("documents", "0003_alter_document_kind_alter_historicaldocument_kind"),
        ("primary", "0002_save_and_return"),
    ]

    operations = [migrations.RunPython(copy_old_logs, copy_back)]
