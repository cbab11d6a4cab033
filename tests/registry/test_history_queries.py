"""The history of a person's record reads a fixed number of queries, however long it is, and
still shows what changed: an address that moved names the old and the new settlement."""

from __future__ import annotations

from cbi.registry import selectors
from cbi.registry.models import Address, Territory
from tests.querycount import assert_query_count, captured_queries

KYIV = "UA80000000001078669"          # Шевченківський район м. Києва


def _move(address: Address, territory: Territory, officer, building: str) -> None:
    address.territory = territory
    address.building = building
    address._history_user = officer
    address.save()


def test_a_moved_address_shows_old_and_new_place_and_reads_no_more_for_more_changes(person, district_officer):
    address = Address.objects.get(person=person, kind="registered")
    kyiv = Territory.objects.get(code=KYIV)
    brovary = Territory.objects.filter(category__in=["M", "C", "X"]).exclude(region_code=kyiv.region_code) \
        .order_by("code").first()
    _move(address, brovary, district_officer, "3")

    with captured_queries() as few:
        entries = selectors.person_history(person)
    move = next(e for e in entries if e["kind"] == "~" and str(e["part"]) == str(Address._meta.verbose_name))
    territory_change = next(c for c in move["changes"] if c["field"] == Address._meta.get_field("territory").verbose_name)
    assert territory_change["old"] == str(kyiv) and territory_change["new"] == str(brovary)
    assert str(brovary) in move["object"] and "вул. Богдана Хмельницького" in move["object"]

    for number in range(10):
        _move(address, kyiv if number % 2 else brovary, district_officer, str(10 + number))
        person.phone = f"+3806712345{number:02d}"
        person._history_user = district_officer
        person.save()
    with assert_query_count(len(few)):
        entries = selectors.person_history(person)
    assert sum(1 for e in entries if e["kind"] == "~") >= 21
