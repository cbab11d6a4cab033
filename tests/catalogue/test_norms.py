"""Norms of assistive products as versioned data (issue #16 §2): the loader, the selector of the
norm in force on a date, the insert-only versions and the product's public page."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils.translation import gettext, ngettext, override

from cbi.catalogue.models import Norm, NormIsImmutable
from cbi.catalogue.selectors import norm_in_force
from cbi.catalogue.services import load_norms

pytestmark = pytest.mark.django_db

ACT = "Постанова Кабінету Міністрів України від 05.04.2012 № 321"


def uk(msgid: str) -> str:
    with override("uk"):
        return str(gettext(msgid))


def uk_n(singular: str, plural: str, number: int) -> str:
    with override("uk"):
        return str(ngettext(singular, plural, number))


def norm(target: dict, *, months: int, on: str, **extra) -> dict:
    row = {**target, "legal_name": "Крісло колісне з ручним приводом кімнатне", "term_of_use_months": months,
           "entitled": "Особи з інвалідністю з порушеннями функцій нижніх кінцівок.",
           "source": {"act": ACT, "annex": "додаток", "item": "пункт 12"}, "effective_from": on}
    row.update(extra)
    return row


def write(tmp_path, *rows) -> str:
    path = tmp_path / "norms.json"
    path.write_text(json.dumps({"source": "test", "norms": list(rows)}, ensure_ascii=False), encoding="utf-8")
    return str(path)


WHEELCHAIR = {"product": {"iso_code": "12 22 03", "name": "Крісло колісне з ручним приводом кімнатне"}}


def test_the_shipped_norms_load_once_and_are_all_marked_not_verified(catalogue):
    counts = load_norms()
    assert counts["norms"] == counts["added"] == counts["unverified"] > 80
    assert not Norm.objects.filter(verified=True).exists()
    wheelchair = Norm.objects.get(product=catalogue.wheelchair)
    assert wheelchair.term_of_use_months == 48 and wheelchair.source_act == ACT
    assert wheelchair.max_compensation is None
    # A second run adds nothing and rewrites nothing.
    assert load_norms()["added"] == 0
    assert Norm.objects.count() == counts["norms"]


def test_the_command_reports_what_it_added(catalogue, tmp_path):
    from io import StringIO

    out = StringIO()
    call_command("load_norms", write(tmp_path, norm(WHEELCHAIR, months=48, on="2012-04-05")), stdout=out)
    assert "1 new versions added" in out.getvalue() and "1 not verified" in out.getvalue()


def test_a_changed_norm_is_a_new_version_and_the_old_one_stays(catalogue, tmp_path):
    load_norms(path=write(tmp_path, norm(WHEELCHAIR, months=48, on="2012-04-05")))
    load_norms(path=write(tmp_path, norm(WHEELCHAIR, months=48, on="2012-04-05"),
                          norm(WHEELCHAIR, months=60, on="2027-01-01", max_compensation="15000")))
    assert norm_in_force(catalogue.wheelchair, on=date(2026, 12, 31)).term_of_use_months == 48
    newer = norm_in_force(catalogue.wheelchair, on=date(2027, 1, 1))
    assert newer.term_of_use_months == 60 and newer.max_compensation == Decimal("15000.00")
    assert norm_in_force(catalogue.wheelchair, on=date(2012, 4, 4)) is None


def test_rewriting_a_loaded_version_is_refused_and_changes_nothing(catalogue, tmp_path):
    load_norms(path=write(tmp_path, norm(WHEELCHAIR, months=48, on="2012-04-05")))
    with pytest.raises(ValidationError) as raised:
        load_norms(path=write(tmp_path, norm(WHEELCHAIR, months=36, on="2012-04-05")))
    assert raised.value.code == "norm_version_conflict"
    assert Norm.objects.get().term_of_use_months == 48
    loaded = Norm.objects.get()
    loaded.term_of_use_months = 36
    with pytest.raises(NormIsImmutable):
        loaded.save()
    assert Norm.objects.get().term_of_use_months == 48


def test_a_product_norm_wins_over_its_groups_norm(catalogue, tmp_path):
    load_norms(path=write(tmp_path, norm({"group": "12 22"}, months=72, on="2012-04-05"),
                          norm(WHEELCHAIR, months=48, on="2020-01-01")))
    assert norm_in_force(catalogue.wheelchair, on=date(2019, 6, 1)).term_of_use_months == 72
    assert norm_in_force(catalogue.wheelchair, on=date(2026, 6, 1)).term_of_use_months == 48


def test_only_an_explicit_true_marks_a_norm_verified(catalogue, tmp_path):
    load_norms(path=write(tmp_path, norm(WHEELCHAIR, months=48, on="2012-04-05", verified="так")))
    assert Norm.objects.get().verified is False


def test_an_unknown_product_is_an_error(catalogue, tmp_path):
    with pytest.raises(ValidationError) as raised:
        load_norms(path=write(tmp_path, norm({"product": {"iso_code": "12 22 03", "name": "Крісло-ракета"}},
                                              months=48, on="2012-04-05")))
    assert raised.value.code == "norm_target_unknown"
    assert not Norm.objects.exists()


@pytest.mark.time_machine(date(2026, 11, 25))
def test_the_product_page_shows_the_norm_in_force_with_its_source(catalogue, tmp_path):
    load_norms(path=write(tmp_path, norm(WHEELCHAIR, months=48, on="2012-04-05"),
                          norm(WHEELCHAIR, months=60, on="2027-01-01")))
    page = re.sub(r"\s+", " ", Client().get(f"/catalogue/{catalogue.wheelchair.pk}/").content.decode())
    assert "Крісло колісне з ручним приводом кімнатне" in page and "12 22 03" in page
    assert "Особи з інвалідністю з порушеннями функцій нижніх кінцівок." in page
    assert f"{ACT}, додаток, пункт 12" in page and "05.04.2012" in page
    # Today (25.11.2026) the 2012 version is in force: four years, not the five of 2027.
    assert uk_n("%(years)s year", "%(years)s years", 4) % {"years": 4} in page
    assert uk_n("%(years)s year", "%(years)s years", 5) % {"years": 5} not in page
    assert uk("Not verified: this value has not yet been checked against the official text of the law. "
              "Your social protection office will confirm it.") in page
