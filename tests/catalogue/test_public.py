"""The public catalogue: filters by group, region and text, product and supplier pages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cbi.catalogue.models import Product, Supplier

pytestmark = pytest.mark.django_db

KYIV = "UA80000000000093317"
KHARKIV_OBLAST = "UA63000000000041885"
VOLYN_OBLAST = "UA07000000000024379"


def names(response) -> list[str]:
    return [p.display_name for p in response.context["page"].object_list]


def all_names(client: Client, url: str) -> list[str]:
    response = client.get(url)
    found = []
    for number in response.context["page"].paginator.page_range:
        found += names(client.get(f"{url}{'&' if '?' in url else '?'}page={number}"))
    return found


def test_the_catalogue_is_public_and_paginated(client, catalogue):
    response = client.get("/catalogue/")
    assert response.status_code == 200
    total = Product.objects.count()
    text = response.content.decode()
    assert f"{total} products found" in text or f"Знайдено {total}" in text
    assert len(names(response)) == 20
    assert response.context["page"].paginator.num_pages == (total + 19) // 20
    last = client.get(f"/catalogue/?page={response.context['page'].paginator.num_pages}")
    assert 'aria-current="page"' in last.content.decode()


def test_upper_case_cyrillic_search_finds_lower_case_names(client, catalogue):
    found = all_names(client, "/catalogue/?q=КРІСЛО")
    assert "Крісло колісне з ручним приводом кімнатне" in found
    assert "Крісло-стілець з санітарним оснащенням" in found
    assert "Милиці ліктьові" not in found


def test_search_by_several_words_and_by_iso_code(client, catalogue):
    assert set(names(client.get("/catalogue/?q=слуховий+ЗАВУШНИЙ"))) == {
        "Слуховий апарат завушний цифровий", "Слуховий апарат завушний надпотужний"}
    assert names(client.get("/catalogue/?q=12 03 06")) == ["Милиці ліктьові"]
    assert names(client.get("/catalogue/?q=120306")) == ["Милиці ліктьові"]
    assert set(names(client.get("/catalogue/?q=22 06"))) == {
        "Слуховий апарат завушний цифровий", "Слуховий апарат завушний надпотужний",
        "Слуховий апарат внутрішньовушний цифровий"}


def test_filter_by_group(client, catalogue):
    found = names(client.get(f"/catalogue/?group={catalogue.hearing_aid.group.pk}"))
    assert set(found) == {"Слуховий апарат завушний цифровий", "Слуховий апарат завушний надпотужний",
                          "Слуховий апарат внутрішньовушний цифровий"}


def test_filter_by_region_shows_products_with_a_supplier_there(client, catalogue):
    in_kyiv = all_names(client, f"/catalogue/?region={KYIV}")
    assert "Протез гомілки модульний" in in_kyiv  # «Новий крок» serves Kyiv
    assert "Брайлівський дисплей" in in_kyiv  # «Тифлотехніка для всіх»
    in_volyn = all_names(client, f"/catalogue/?region={VOLYN_OBLAST}")
    assert "Милиці ліктьові" in in_volyn
    assert "Слуховий апарат завушний цифровий" not in in_volyn  # nobody in Volyn supplies hearing aids


def test_a_deactivated_supplier_no_longer_counts_for_its_regions(client, catalogue):
    hearing = "Слуховий апарат завушний цифровий"
    assert hearing in all_names(client, f"/catalogue/?region={KHARKIV_OBLAST}")
    Supplier.objects.filter(name="ТОВ «Слобожанський центр слухопротезування»").update(is_active=False)
    assert hearing not in all_names(client, f"/catalogue/?region={KHARKIV_OBLAST}")


def test_filters_combine_and_empty_result_says_what_to_do(client, catalogue):
    response = client.get(f"/catalogue/?q=протез&group={catalogue.wheelchair.group.pk}")
    text = response.content.decode()
    assert names(response) == []
    assert "No products match your search." in text or "Не знайдено" in text
    assert 'href="/catalogue/"' in text  # a way back to the whole catalogue


def test_an_unknown_group_is_reported_not_a_server_error(client, catalogue):
    response = client.get("/catalogue/?group=999999&q=милиці")
    assert response.status_code == 200
    assert response.context["form"].errors["group"]
    assert "Милиці ліктьові" in names(response)  # the valid filter still applies


def test_inactive_products_are_hidden_everywhere(client, catalogue):
    Product.objects.filter(pk=catalogue.crutches.pk).update(is_active=False)
    assert "Милиці ліктьові" not in all_names(client, "/catalogue/")
    assert client.get(f"/catalogue/{catalogue.crutches.pk}/").status_code == 404


def test_product_page_lists_active_suppliers_with_regions_and_contacts(client, catalogue):
    prosthesis = catalogue.prosthesis
    response = client.get(f"/catalogue/{prosthesis.pk}/")
    text = response.content.decode()
    assert "<h1>Протез гомілки модульний</h1>" in text
    assert "06 24 09" in text and "Протези нижніх кінцівок" in text
    assert re.search(r"<dd>3\b", text)  # service life
    assert "ТОВ «Протезно-ортопедичний центр «Новий крок»»" in text
    assert "м. Київ" in text and "Чернігівська обл." in text
    assert "novyi-krok@example.com" in text and "+380 44 555 20 02" in text
    Supplier.objects.filter(pk=catalogue.kyiv_prosthetist.pk).update(is_active=False)
    assert "Новий крок" not in client.get(f"/catalogue/{prosthesis.pk}/").content.decode()


def test_english_interface_shows_english_names(client, catalogue):
    client.cookies["django_language"] = "en"
    response = client.get(f"/catalogue/{catalogue.crutches.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "<h1>Elbow crutches</h1>" in response.content.decode()


def test_suppliers_page_filters_by_region_and_kind(client, catalogue):
    response = client.get(f"/catalogue/suppliers/?region={KHARKIV_OBLAST}")
    found = [s.name for s in response.context["page"].object_list]
    assert found == ["ТОВ «Слобожанський центр слухопротезування»", "ТОВ «Тифлотехніка для всіх»",
                     "ТОВ «Центр протезування «Відновлення»»"]
    manufacturers = client.get(f"/catalogue/suppliers/?region={KYIV}&kind=manufacturer")
    found = {s.name for s in manufacturers.context["page"].object_list}
    # "both" is a manufacturer too; a pure service provider is not.
    assert found == {"ТОВ «Українські електрокрісла»", "ТОВ «Тифлотехніка для всіх»",
                     "ТОВ «Протезно-ортопедичний центр «Новий крок»»"}
    text = manufacturers.content.decode()
    assert "Крісла колісні з електроприводом" in text and "e-chairs@example.com" in text


def test_the_region_list_follows_the_ukrainian_alphabet(client, catalogue):
    """A person looking for Івано-Франківська область finds it after Закарпатська, not after
    Чернігівська (where code-point order put І, Ї and Є)."""
    import re

    page = client.get("/catalogue/").content.decode()
    select = re.search(r'<select[^>]*name="region".*?</select>', page, re.S).group(0)
    names = [name.strip() for name in re.findall(r"<option value=\"[^\"]+\"[^>]*>([^<]+)</option>", select)]
    assert names.index("Івано-Франківська обл.") < names.index("Київська обл.")
    assert names.index("Закарпатська обл.") < names.index("Івано-Франківська обл.")
