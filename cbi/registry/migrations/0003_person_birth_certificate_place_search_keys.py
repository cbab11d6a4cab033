"""A child without a taxpayer number is identified by the birth certificate, and
place names are searched without apostrophes.

- ``Person.birth_certificate`` (empty for every existing row) and the constraint
  "РНОКПП, refusal mark or birth certificate" replacing "РНОКПП or refusal mark".
  Every existing row satisfies the new constraint (it has an empty certificate and
  satisfied the old one), so no data changes.
- ``Territory.name_key`` of names with an apostrophe is recomputed with
  ``names.search_key`` (the apostrophe is left out), so "Сімʼяне", "Сім'яне" and
  "Сімяне" all find "Сім’яне". Only those rows change; the reverse puts the old key back.
"""

from django.db import migrations, models
from django.db.models import Q

APOSTROPHES = "'’ʼ‘`´ʹ′"


def _with_apostrophe(Territory):
    q = Q(pk__in=[])
    for mark in APOSTROPHES:
        q |= Q(name__contains=mark)
    return Territory.objects.filter(q)


def recompute_keys(apps, schema_editor):
    from cbi.registry.names import search_key

    Territory = apps.get_model("registry", "Territory")
    rows = list(_with_apostrophe(Territory))
    for row in rows:
        row.name_key = search_key(row.name)
    Territory.objects.bulk_update(rows, ["name_key"], batch_size=500)


def restore_keys(apps, schema_editor):
    Territory = apps.get_model("registry", "Territory")
    rows = list(_with_apostrophe(Territory))
    for row in rows:
        row.name_key = row.name.casefold()
    Territory.objects.bulk_update(rows, ["name_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_load_katottg")]

    operations = [
        migrations.RemoveConstraint(model_name="person", name="person_rnokpp_or_refusal"),
        migrations.AddField(
            model_name="person",
            name="birth_certificate",
            field=models.CharField(blank=True, default="", max_length=20,
                                   verbose_name="birth certificate (a child without a taxpayer number)"),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="birth_certificate",
            field=models.CharField(blank=True, default="", max_length=20,
                                   verbose_name="birth certificate (a child without a taxpayer number)"),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=(Q(rnokpp__isnull=False) & Q(rnokpp_refused=False) & Q(birth_certificate=""))
                | (Q(rnokpp__isnull=True) & Q(rnokpp_refused=True) & Q(birth_certificate=""))
                | (Q(rnokpp__isnull=True) & Q(rnokpp_refused=False) & ~Q(birth_certificate="")),
                name="person_rnokpp_refusal_or_birth_certificate",
            ),
        ),
        migrations.RunPython(recompute_keys, restore_keys),
    ]
