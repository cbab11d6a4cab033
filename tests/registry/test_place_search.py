"""A settlement typed by name, as people type it (issue #11): any case, any apostrophe,
with or without "м.", "с.", "смт", "селище"; ranked so the likely place comes first."""

from __future__ import annotations

import pytest

from cbi.registry.names import bare_name, parse_place_query, search_key
from cbi.registry.selectors import place_label, search_places

pytestmark = pytest.mark.django_db

KYIV = "UA80000000000093317"
KYIV_SHEVCHENKIVSKYI = "UA80000000001078669"
BROVARY = "UA32060050010081797"


def labels(query: str, limit: int = 20) -> list[str]:
    return [place_label(t) for t in search_places(query, limit=limit).places]


def test_keys_ignore_case_apostrophes_and_the_words_around_a_name():
    assert search_key("Сім’яне") == search_key("СІМʼЯНЕ") == search_key("сім'яне") == search_key("Сімяне")
    for typed in ("Київ", "київ", "м. Київ", "м.Київ", "місто Київ", "  КИЇВ "):
        assert bare_name(typed) == "київ", typed
    for typed in ("с. Гора", "село Гора", "смт Гора", "селище Гора", "с-ще Гора"):
        assert bare_name(typed) == "гора", typed
    assert bare_name("Шевченківський р-н") == bare_name("Шевченківський район") == "шевченківський"
    assert bare_name("Броварська міська громада") == "броварська"
    # Latin "i" typed in a Cyrillic word (a keyboard layout slip).
    assert search_key("Kиïв") == "київ"
    query = parse_place_query("Шевченківський район, м. Київ")
    assert (query.name, query.within) == ("шевченківський", ("київ",))


@pytest.mark.parametrize("typed", ["Київ", "київ", "КИЇВ", "м. Київ", "м.київ"])
def test_kyiv_in_any_case_offers_the_city_then_its_districts(typed):
    found = search_places(typed)
    assert found.places[0].code == KYIV
    names = labels(typed)
    assert names[0] == "м. Київ"
    districts = names[1:11]
    assert "Шевченківський район, м. Київ" in districts
    assert all(n.endswith(", м. Київ") for n in districts)
    # The districts in Ukrainian alphabetical order (Г, Д…, С, Ш).
    assert districts[0] == "Голосіївський район, м. Київ" and districts[-1] == "Шевченківський район, м. Київ"
    # The village called Київ in Mykolaiv oblast comes after Kyiv and its districts.
    assert any(n.startswith("село Київ,") and "Миколаївська область" in n for n in names[11:])


def test_a_city_district_name_lists_each_city_with_its_oblast():
    names = labels("Шевченківський")
    assert "Шевченківський район, м. Київ" in names
    assert "Шевченківський район, м. Львів, Львівська область" in names
    # Exact names first; a name with the word inside it ("Корсунь-Шевченківський") after them.
    exact = [n for n in names if n.startswith("Шевченківський район")]
    assert names[:len(exact)] == exact
    assert any("Корсунь-Шевченківський" in n for n in names[len(exact):])


def test_the_label_of_a_picked_place_finds_only_that_place():
    found = search_places("Шевченківський район, м. Київ")
    assert [t.code for t in found.places] == [KYIV_SHEVCHENKIVSKYI] and found.total == 1
    brovary = search_places("Бровари").places[0]
    assert brovary.code == BROVARY
    assert place_label(brovary) == "м. Бровари, Броварська громада, Броварський район, Київська область"
    assert [t.code for t in search_places(place_label(brovary)).places] == [BROVARY]


@pytest.mark.parametrize("typed", ["Сім’яне", "Сімʼяне", "Сім'яне", "сімяне", "с. Сім'яне"])
def test_apostrophes_are_all_equal_and_may_be_left_out(typed):
    assert any(t.name == "Сім’яне" for t in search_places(typed).places)


def test_a_prefix_finds_the_names_that_start_with_it_and_a_code_finds_its_place():
    assert all(t.name_key.startswith("бровар") for t in search_places("Бровар").places[:5])
    assert [t.code for t in search_places(f"щось ({BROVARY})").places] == [BROVARY]


def test_nothing_for_too_short_or_unknown_names():
    assert search_places("К").total == 0
    assert search_places("Неіснуюче Місто").total == 0


def test_oblasts_and_districts_are_not_places_of_an_address():
    assert all(t.category not in ("O", "P") for t in search_places("Київська").places)
    assert all(t.category not in ("O", "P") for t in search_places("Броварський").places)


def test_many_matches_are_capped_and_counted():
    found = search_places("Ми", limit=20)
    assert len(found.places) == 20 and found.total > 20 and found.more
