"""The ReportCounter moves to the one counter table, common.ReferenceCounter (sequence "ДС"):
the last number of every year is copied, so the next reference continues and never repeats
(issue #13 item 4). Backwards, the numbers are copied back."""

from django.db import migrations

SEQUENCE = "ДС"


def copy_to_common(apps, schema_editor):
    Old = apps.get_model("help", "ReportCounter")
    Counter = apps.get_model("common", "ReferenceCounter")
    for row in Old.objects.all():
        counter, _ = Counter.objects.get_or_create(sequence=SEQUENCE, year=row.year)
        if row.last > counter.last:
            counter.last = row.last
            counter.save(update_fields=["last"])


def copy_back(apps, schema_editor):
    Old = apps.get_model("help", "ReportCounter")
    Counter = apps.get_model("common", "ReferenceCounter")
    for counter in Counter.objects.filter(sequence=SEQUENCE):
        Old.objects.update_or_create(year=counter.year, defaults={"last": counter.last})


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0001_initial"),
        ("help", "0001_initial"),
    ]
    operations = [
        migrations.RunPython(copy_to_common, copy_back),
        migrations.DeleteModel(name="ReportCounter"),
    ]
