"""The reference data: real ISO 9999 groups, 60+ kinds of product, suppliers by region."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command

from cbi.catalogue.models import Product, ProductGroup, Supplier
from cbi.catalogue.selectors import region_choices
from cbi.catalogue.services import DATA_FILE, load_catalogue

pytestmark = pytest.mark.django_db


def test_the_catalogue_has_real_groups_and_at_least_sixty_products(catalogue):
    assert Product.objects.count() >= 60
    groups = {g.iso_code: g.name for g in ProductGroup.objects.all()}
    assert groups["12 22"] == "Крісла колісні з ручним приводом"
    assert groups["22 06"] == "Засоби для слуху"
    assert catalogue.wheelchair.iso_code == "12 22 03"
    assert catalogue.crutches.iso_code == "12 03 06"
    assert catalogue.hearing_aid.group.iso_code == "22 06"
    assert catalogue.prosthesis.group.name == "Протези нижніх кінцівок"
    for product in Product.objects.select_related("group"):
        assert re.fullmatch(r"\d\d \d\d \d\d", product.iso_code), product.name
        assert product.iso_code.startswith(product.group.iso_code + " "), product.name
        assert product.service_life_years > 0, product.name
        assert product.name_en and product.description and product.description_en, product.name
        assert product.is_active


def test_suppliers_serve_oblasts_or_kyiv_and_have_example_contacts(catalogue):
    regions = set(region_choices().values_list("code", flat=True))
    suppliers = list(Supplier.objects.prefetch_related("regions", "products"))
    assert 12 <= len(suppliers) <= 15
    for supplier in suppliers:
        served = {r.code for r in supplier.regions.all()}
        assert 1 <= len(served) <= 5 and served <= regions, supplier.name
        assert supplier.email.endswith("@example.com") and supplier.phone.startswith("+380")
        assert supplier.edrpou == ""  # no invented codes that could belong to real companies
        assert supplier.products.exists(), supplier.name
    assert catalogue.kyiv_prosthetist.products.filter(pk=catalogue.prosthesis.pk).exists()
    assert catalogue.kyiv_prosthetist.regions.filter(name="Київ").exists()


def test_loading_again_changes_nothing_and_adds_no_history(catalogue):
    before = (Product.history.count(), Supplier.history.count(), ProductGroup.history.count())
    counts = load_catalogue()
    assert counts["changed"] == 0
    assert (Product.history.count(), Supplier.history.count(), ProductGroup.history.count()) == before
    assert Product.objects.count() == len(json.loads(DATA_FILE.read_text(encoding="utf-8"))["products"])


def test_reloading_restores_the_file_values_but_keeps_a_deactivation(catalogue, administrator):
    wheelchair = catalogue.wheelchair
    wheelchair.description = "Змінений опис"
    wheelchair.is_active = False
    wheelchair.save()
    load_catalogue()
    wheelchair.refresh_from_db()
    assert wheelchair.description.startswith("Вузьке маневрене крісло")
    assert not wheelchair.is_active
    latest = wheelchair.history.latest()
    assert latest.history_change_reason == "Loaded from the catalogue reference data"
    assert latest.history_user is None


def test_the_first_load_is_recorded_in_the_history(catalogue):
    record = catalogue.crutches.history.get()
    assert record.history_type == "+"
    assert record.history_change_reason == "Loaded from the catalogue reference data"


def test_management_command_loads_the_catalogue(db, capsys):
    call_command("load_catalogue")
    assert "83 products" in capsys.readouterr().out or Product.objects.count() >= 60
    assert Supplier.objects.count() >= 12
