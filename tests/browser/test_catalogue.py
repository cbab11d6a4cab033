"""The public catalogue of assistive products (EC-APP-7) and its maintenance by an
administrator, in Chromium with axe-core on every page and error state."""

from __future__ import annotations

import re

import pytest
from django.utils.translation import ngettext, override
from playwright.sync_api import expect

from cbi.catalogue.models import Product
from tests.browser.support import (
    choose, expect_error_summary, expect_field_error, expect_notification, field, fill_in, sign_in, t, tc,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def found(count: int, singular="%(count)s product found", plural="%(count)s products found") -> str:
    with override("uk"):
        return ngettext(singular, plural, count) % {"count": count}


def test_search_the_catalogue_with_the_keyboard(page, axe, catalogue):  # noqa: F811
    page.goto("/catalogue/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Catalogue of assistive products"))
    total = Product.objects.count()
    expect(page.get_by_role("heading", level=2, name=found(total))).to_be_visible()
    pages = page.get_by_role("navigation", name=t("Pages of the catalogue"))
    expect(pages.get_by_role("link", name=re.compile(r"1$"))).to_have_attribute("aria-current", "page")
    axe.check(page, "catalogue")

    search = field(page, t("Name, ISO code or words from the description"))
    search.focus()
    page.keyboard.type("КРІСЛО")
    page.keyboard.press("Tab")
    expect(field(page, t("Product group"))).to_be_focused()
    field(page, t("Product group")).select_option(label="12 22 Крісла колісні з ручним приводом")
    page.keyboard.press("Tab")
    expect(field(page, t("Region"))).to_be_focused()
    field(page, t("Region")).select_option(label="Вінницька обл.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=t("Show products"))).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"q=%D0%9A%D0%A0%D0%86%D0%A1%D0%9B%D0%9E"))
    results = page.get_by_role("region", name=re.compile(found(7)))
    expect(results.get_by_role("heading", level=3)).to_have_count(7)
    expect(results.get_by_role("link", name="Крісло колісне з ручним приводом кімнатне")).to_be_visible()
    expect(field(page, t("Name, ISO code or words from the description"))).to_have_value("КРІСЛО")
    axe.check(page, "catalogue-filtered")

    results.get_by_role("link", name="Крісло колісне з ручним приводом кімнатне").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Крісло колісне з ручним приводом кімнатне")
    main = page.get_by_role("main")
    expect(main).to_contain_text("12 22 03")
    suppliers = page.get_by_role("table", name=t("Manufacturers and service providers of this product"))
    row = suppliers.get_by_role("row").filter(has=page.get_by_role("rowheader",
                                                                   name="ТОВ «Реабілітаційні технології Поділля»"))
    expect(row).to_contain_text("Вінницька обл.")
    expect(row.get_by_role("link", name="podillia-reab@example.com")).to_be_visible()
    axe.check(page, "catalogue-product")


def test_empty_result_says_what_to_do(page, axe, catalogue):  # noqa: F811
    page.goto("/catalogue/?q=телескоп+підводний")
    expect(page.get_by_role("heading", level=2, name=found(0))).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(t("No products match your search."))
    axe.check(page, "catalogue-empty")
    page.get_by_role("link", name=t("Show the whole catalogue")).click()
    expect(page.get_by_role("heading", level=2, name=found(Product.objects.count()))).to_be_visible()


def test_suppliers_page_filters_by_region_and_kind(page, axe, catalogue):  # noqa: F811
    page.goto("/catalogue/")
    page.get_by_role("link", name=t("Manufacturers and service providers")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Manufacturers and service providers"))
    axe.check(page, "suppliers")
    field(page, t("Region")).select_option(label="Харківська обл.")
    field(page, t("Kind")).select_option(label=t("Service providers (repairs, fitting)"))
    page.get_by_role("button", name=t("Show suppliers")).click()
    expect(page.get_by_role("heading", level=2, name=found(3, "%(count)s supplier found",
                                                            "%(count)s suppliers found"))).to_be_visible()
    table = page.get_by_role("table", name=t("Manufacturers and service providers"))
    expect(table.get_by_role("rowheader")).to_have_text(["ТОВ «Слобожанський центр слухопротезування»",
                                                         "ТОВ «Тифлотехніка для всіх»",
                                                         "ТОВ «Центр протезування «Відновлення»»"])
    expect(table).to_contain_text("sloboda-hearing@example.com")
    axe.check(page, "suppliers-filtered")


def test_administrator_edits_a_product_and_deactivates_it(page, axe, administrator, catalogue):  # noqa: F811
    crutches = catalogue.crutches
    sign_in(page, administrator)
    page.goto("/staff/catalogue/?q=милиці")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Catalogue: products"))
    axe.check(page, "staff-catalogue")
    page.get_by_role("link", name="Милиці ліктьові").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Edit the product"))
    axe.check(page, "staff-product-form")

    iso = field(page, tc("ISO 9999 code"))
    iso.fill("12 22 03")
    page.get_by_role("button", name=t("Save changes")).click()
    message = t("The code must start with the code of the group (%(group)s): choose another group or correct the "
                "code.", group="12 03")
    expect_error_summary(page, message)
    expect_field_error(iso, message)
    axe.check(page, "staff-product-form-error")
    crutches.refresh_from_db()
    assert crutches.iso_code == "12 03 06"

    iso.fill("12 03 06")
    field(page, tc("service life in years")).fill("3")
    page.get_by_role("button", name=t("Save changes")).click()
    expect_notification(page, t("The product is saved."))
    crutches.refresh_from_db()
    assert crutches.service_life_years == 3

    page.get_by_role("link", name=t("Deactivate the product")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Deactivate the product?"))
    expect(page.get_by_role("main")).to_contain_text("Милиці ліктьові")
    axe.check(page, "staff-product-confirm")
    page.get_by_role("button", name=t("Yes, continue")).click()
    expect_notification(page, t("The product is deactivated."))
    expect(page.get_by_role("link", name=t("Reactivate the product"))).to_be_visible()

    page.get_by_role("link", name=t("Change history")).click()
    expect(page.get_by_role("main")).to_contain_text("Сергій Ткаченко")
    axe.check(page, "staff-product-history")
    page.goto(f"/catalogue/{crutches.pk}/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Милиці ліктьові")


def test_administrator_adds_a_supplier_with_regions_and_grouped_products(page, axe, administrator,
                                                                         catalogue):  # noqa: F811
    sign_in(page, administrator)
    page.goto("/staff/catalogue/suppliers/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Catalogue: suppliers"))
    axe.check(page, "staff-suppliers")
    page.get_by_role("link", name=t("Add a supplier")).click()
    axe.check(page, "staff-supplier-new")

    page.get_by_role("button", name=t("Add"), exact=True).click()
    expect_error_summary(page, fill_in(tc("name")), choose(tc("kind")))
    axe.check(page, "staff-supplier-new-errors")

    field(page, tc("name")).fill("ТОВ «Галицькі милиці»")
    page.get_by_role("radio", name=t("service provider"), exact=True).check()
    regions = page.get_by_role("group", name=tc("regions served"))
    regions.get_by_role("checkbox", name="Львівська обл.").check()
    walking = page.get_by_role("group", name="12 03 Засоби для ходьби, якими користуються однією рукою")
    walking.get_by_role("checkbox", name="12 03 06 Милиці ліктьові").check()
    field(page, tc("e-mail")).fill("halych@example.com")
    page.get_by_role("button", name=t("Add"), exact=True).click()
    expect_notification(page, t("The supplier is added."))

    page.goto(f"/catalogue/{catalogue.crutches.pk}/")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="ТОВ «Галицькі милиці»"))
    expect(row).to_contain_text("Львівська обл.")
    expect(row.get_by_role("link", name="halych@example.com")).to_be_visible()


def test_a_person_finds_her_region_in_ukrainian_alphabetical_order(page, axe, catalogue):  # noqa: F811
    """Issue #11, 2.6: Оксана from Івано-Франківськ looks for her oblast in the catalogue's region list.
    It is where the alphabet puts it (after Закарпатська, before Київська), not after Чернігівська
    where code-point order put І, Ї, Є; the whole list follows Ukrainian collation."""
    from cbi.web.collation import sorted_uk

    page.goto("/catalogue/")
    region = field(page, t("Region"))
    names = [name.strip() for name in region.locator("option").all_inner_texts()][1:]  # after "all regions"
    assert len(names) > 20 and names == sorted_uk(names)
    assert names.index("Закарпатська обл.") < names.index("Івано-Франківська обл.") < names.index("Київська обл.")
    region.select_option(label="Івано-Франківська обл.")
    expect(region).to_have_value(re.compile(r".+"))
    axe.check(page, "catalogue: region chosen from the Ukrainian-ordered list")
