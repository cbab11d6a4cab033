"""Administrators keep the catalogue; other roles may not; every change is in the history."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cbi.catalogue.models import Product, ProductGroup, Supplier
from cbi.catalogue.error_codes import CatalogueErrorCode
from tests.conftest import signed_in
from tests.errors import form_error_codes


@pytest.fixture(autouse=True)
def english(settings):
    """These tests read the messages in English, the UI's second language (the Ukrainian
    pages are checked by tests/browser/test_catalogue.py)."""
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        yield

pytestmark = pytest.mark.django_db

KYIV = "UA80000000000093317"
LVIV_OBLAST = "UA46000000000026241"
CRIMEA = "UA01000000000013043"


def product_data(product: Product, **changes) -> dict:
    data = {"group": product.group.pk, "iso_code": product.iso_code, "name": product.name,
            "name_en": product.name_en, "description": product.description,
            "description_en": product.description_en, "service_life_years": str(product.service_life_years)}
    data.update(changes)
    return data


def test_anonymous_visitors_are_sent_to_the_staff_sign_in(client, catalogue):
    response = client.get("/staff/catalogue/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/?next=")


@pytest.mark.parametrize("role", ["district_officer", "regional_officer", "auditor"])
def test_other_roles_may_not_maintain_the_catalogue(request, role, catalogue):
    client = signed_in(request.getfixturevalue(role))
    wheelchair = catalogue.wheelchair
    for url in ("/staff/catalogue/", "/staff/catalogue/suppliers/", f"/staff/catalogue/products/{wheelchair.pk}/",
                f"/staff/catalogue/products/{wheelchair.pk}/deactivate/",
                f"/staff/catalogue/products/{wheelchair.pk}/history/"):
        assert client.get(url).status_code == 403, url
    response = client.post(f"/staff/catalogue/products/{wheelchair.pk}/",
                           product_data(wheelchair, service_life_years="10"))
    assert response.status_code == 403
    assert client.post(f"/staff/catalogue/products/{wheelchair.pk}/deactivate/").status_code == 403
    wheelchair.refresh_from_db()
    assert wheelchair.service_life_years == 4 and wheelchair.is_active


def test_administrator_lists_filters_and_edits_a_product(administrator, catalogue):
    client = signed_in(administrator)
    listing = client.get("/staff/catalogue/?q=милиці")
    assert {p.name for p in listing.context["page"].object_list} == {"Милиці ліктьові", "Милиці пахвові"}

    wheelchair = catalogue.wheelchair
    response = client.post(f"/staff/catalogue/products/{wheelchair.pk}/", product_data(
        wheelchair, service_life_years="5", description="Вузьке крісло для пересування квартирою."), follow=True)
    assert response.redirect_chain[-1][0] == f"/staff/catalogue/products/{wheelchair.pk}/"
    wheelchair.refresh_from_db()
    assert wheelchair.service_life_years == Decimal("5")
    assert "квартирою" in wheelchair.search_key

    history = client.get(f"/staff/catalogue/products/{wheelchair.pk}/history/")
    entry = history.context["entries"][0]
    assert entry["user"] == administrator
    changes = {str(c["field"]): (c["old"], c["new"]) for c in entry["changes"]}
    assert changes["service life in years"] == ("4.0", "5.0")
    assert changes["plain description (Ukrainian)"][1] == "Вузьке крісло для пересування квартирою."
    text = history.content.decode()
    assert "Сергій Ткаченко" in text


def test_a_code_outside_the_group_is_refused_and_nothing_is_saved(administrator, catalogue):
    client = signed_in(administrator)
    crutches = catalogue.crutches
    response = client.post(f"/staff/catalogue/products/{crutches.pk}/",
                           product_data(crutches, iso_code="12 22 03", name="Милиці ліктьові дитячі"))
    assert response.status_code == 200
    assert form_error_codes(response.context["form"]) == {"iso_code": [CatalogueErrorCode.ISO_CODE_OUTSIDE_GROUP.value]}
    assert "Error" in response.content.decode().split("</title>")[0] or "Помилка" in response.content.decode()
    crutches.refresh_from_db()
    assert (crutches.iso_code, crutches.name) == ("12 03 06", "Милиці ліктьові")
    assert crutches.history.count() == 1


@pytest.mark.parametrize("life, code", [("0", CatalogueErrorCode.SERVICE_LIFE_NOT_POSITIVE.value), ("два", "invalid")])
def test_a_wrong_service_life_is_refused(administrator, catalogue, life, code):
    client = signed_in(administrator)
    response = client.post("/staff/catalogue/products/new/", product_data(
        catalogue.crutches, name="Милиці ліктьові з м'якими манжетами", service_life_years=life))
    assert form_error_codes(response.context["form"]) == {"service_life_years": [code]}
    assert not Product.objects.filter(name="Милиці ліктьові з м'якими манжетами").exists()


def test_administrator_adds_a_product_that_appears_in_the_public_catalogue(administrator, catalogue, client):
    admin = signed_in(administrator)
    response = admin.post("/staff/catalogue/products/new/", product_data(
        catalogue.crutches, iso_code="120306", name="Милиці ліктьові дитячі", name_en="Elbow crutches for children",
        description="Легкі милиці меншого розміру для дітей.", service_life_years="1.5"))
    product = Product.objects.get(name="Милиці ліктьові дитячі")
    assert response["Location"] == f"/staff/catalogue/products/{product.pk}/"
    assert product.iso_code == "12 03 06" and product.service_life_years == Decimal("1.5")
    assert product.history.get().history_user == administrator
    assert "Милиці ліктьові дитячі" in client.get("/catalogue/?q=ДИТЯЧІ", HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert "Elbow crutches for children" in client.get("/catalogue/?q=ДИТЯЧІ").content.decode()


def test_a_duplicate_product_is_refused(administrator, catalogue):
    client = signed_in(administrator)
    response = client.post("/staff/catalogue/products/new/", product_data(catalogue.crutches))
    assert form_error_codes(response.context["form"]) == {"name": [CatalogueErrorCode.PRODUCT_DUPLICATE.value]}
    assert Product.objects.filter(name="Милиці ліктьові").count() == 1


def test_deactivation_asks_first_then_hides_the_product(administrator, catalogue, client):
    admin = signed_in(administrator)
    crutches = catalogue.crutches
    confirm = admin.get(f"/staff/catalogue/products/{crutches.pk}/deactivate/")
    assert confirm.status_code == 200
    crutches.refresh_from_db()
    assert crutches.is_active  # showing the question changes nothing
    admin.post(f"/staff/catalogue/products/{crutches.pk}/deactivate/")
    crutches.refresh_from_db()
    assert not crutches.is_active and Product.objects.filter(pk=crutches.pk).exists()
    assert client.get(f"/catalogue/{crutches.pk}/").status_code == 404
    admin.post(f"/staff/catalogue/products/{crutches.pk}/reactivate/")
    crutches.refresh_from_db()
    assert crutches.is_active
    assert client.get(f"/catalogue/{crutches.pk}/").status_code == 200
    kinds = [c["new"] for e in admin.get(f"/staff/catalogue/products/{crutches.pk}/history/").context["entries"]
             for c in e["changes"]]
    assert len(kinds) == 2  # deactivated, then reactivated


def test_an_unknown_action_changes_nothing(administrator, catalogue):
    client = signed_in(administrator)
    response = client.post(f"/staff/catalogue/products/{catalogue.crutches.pk}/delete/")
    assert response.status_code == 302
    assert Product.objects.filter(pk=catalogue.crutches.pk, is_active=True).exists()


def test_administrator_adds_a_supplier_with_regions_and_products(administrator, catalogue, client):
    admin = signed_in(administrator)
    data = {"name": "ТОВ «Галицькі милиці»", "kind": "service_provider", "edrpou": "",
            "regions": [LVIV_OBLAST, KYIV], "address": "м. Львів, вул. Тиха, 1", "phone": "+380 32 255 00 99",
            "email": "halych@example.com", "website": "", "products": [catalogue.crutches.pk]}
    admin.post("/staff/catalogue/suppliers/new/", data)
    supplier = Supplier.objects.get(name="ТОВ «Галицькі милиці»")
    assert set(supplier.regions.values_list("code", flat=True)) == {LVIV_OBLAST, KYIV}
    assert list(supplier.products.all()) == [catalogue.crutches]
    page = client.get(f"/catalogue/{catalogue.crutches.pk}/").content.decode()
    assert "ТОВ «Галицькі милиці»" in page and "halych@example.com" in page

    admin.post(f"/staff/catalogue/suppliers/{supplier.pk}/", {**data, "regions": [LVIV_OBLAST]})
    entries = admin.get(f"/staff/catalogue/suppliers/{supplier.pk}/history/").context["entries"]
    region_changes = [c for e in entries for c in e["changes"] if str(c["field"]) == "regions served"]
    assert region_changes[0]["old"] == "Львівська обл.; м. Київ" and region_changes[0]["new"] == "Львівська обл."
    assert all(e["user"] == administrator for e in entries)


def test_a_supplier_form_refuses_crimea_and_a_wrong_edrpou(administrator, catalogue):
    client = signed_in(administrator)
    response = client.post("/staff/catalogue/suppliers/new/", {
        "name": "ТОВ «Південний сервіс»", "kind": "both", "edrpou": "12345", "regions": [CRIMEA]})
    errors = response.context["form"].errors
    assert form_error_codes(response.context["form"]) == {"regions": ["invalid_choice"],
                                                          "edrpou": [CatalogueErrorCode.EDRPOU_FORMAT.value]}
    assert not Supplier.objects.filter(name="ТОВ «Південний сервіс»").exists()


def test_groups_are_added_and_a_taken_code_is_refused(administrator, catalogue):
    client = signed_in(administrator)
    response = client.post("/staff/catalogue/groups/new/", {"iso_code": "22 06", "name": "Слухові апарати"})
    assert response.context["form"].errors["iso_code"]
    response = client.post("/staff/catalogue/groups/new/", {"iso_code": "15 09", "name": "Засоби для харчування",
                                                             "name_en": "Assistive products for eating"})
    assert response["Location"] == "/staff/catalogue/groups/"
    assert ProductGroup.objects.get(iso_code="15 09").history.get().history_user == administrator
    bad = client.post("/staff/catalogue/groups/new/", {"iso_code": "15 09 03", "name": "Ложки"})
    assert form_error_codes(bad.context["form"]) == {"iso_code": [CatalogueErrorCode.GROUP_CODE_LENGTH.value]}
