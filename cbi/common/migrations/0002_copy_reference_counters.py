"""The three old counters (primary ПР, applications ЗР, help ДС) are copied into the one
counter table, every year's last number, so the next reference continues and never repeats
(issue #13 item 4). The apps' next migrations drop the old tables. Backwards, the numbers
issued meanwhile are copied back."""

from django.db import migrations

OLD_COUNTERS = [("primary", "ReferenceCounter", "ПР"), ("applications", "ReferenceCounter", "ЗР"),
                ("help", "ReportCounter", "ДС")]


def copy_to_common(apps, schema_editor):
    Counter = apps.get_model("common", "ReferenceCounter")
    for app, model, sequence in OLD_COUNTERS:
        for row in apps.get_model(app, model).objects.all():
            Counter.objects.update_or_create(sequence=sequence, year=row.year, defaults={"last": row.last})


def copy_back(apps, schema_editor):
    Counter = apps.get_model("common", "ReferenceCounter")
    for app, model, sequence in OLD_COUNTERS:
        Old = apps.get_model(app, model)
        for counter in Counter.objects.filter(sequence=sequence):
            Old.objects.update_or_create(year=counter.year, defaults={"last": counter.last})
        Counter.objects.filter(sequence=sequence).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0001_initial"),
        ("primary", "0003_delete_reviewaccesslog"),
        ("applications", "0001_initial"),
        ("help", "0001_initial"),
    ]
    operations = [migrations.RunPython(copy_to_common, copy_back)]
