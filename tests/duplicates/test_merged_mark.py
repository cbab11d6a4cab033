"""A merged person is marked on the person pages: the record, the search results and the history
(issue #14 §3, docs/duplicates.md)."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.urls import reverse

from cbi.duplicates import services
from cbi.duplicates.models import DuplicatePair
from cbi.registry.demo import make_rnokpp
from tests.conftest import PECHERSKYI, SHEVCHENKIVSKYI, make_person, signed_in

pytestmark = pytest.mark.django_db


def _merged(organizations, officer, *, alena_office=SHEVCHENKIVSKYI):
    """Олена Петренко kept; "Алена Петренко", the same woman written with a typo, merged into her."""
    olena = make_person(organizations[SHEVCHENKIVSKYI])
    alena = make_person(organizations[alena_office], given_name="Алена",
                        rnokpp=make_rnokpp(date(1985, 3, 27), 78, False))
    services.scan()
    pair = DuplicatePair.objects.get()
    merge = services.merge(actor=officer, pair_id=pair.pk, survivor_id=olena.pk)
    return olena, alena, merge


def _page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_merged_record_says_with_whom_and_links_to_the_kept_one(organizations, district_officer):
    olena, alena, _merge = _merged(organizations, district_officer)
    client = signed_in(district_officer)

    page = _page(client, reverse("registry:person_detail", args=[alena.pk]))

    assert "Record merged with Петренко Олена Іванівна" in page or "Запис об’єднано з Петренко Олена Іванівна" in page
    assert f'href="{reverse("registry:person_detail", args=[olena.pk])}"' in page
    # An officer may not reverse a merge: no link to it.
    assert "/staff/duplicates/merges/" not in page.split("<main", 1)[-1]

    kept = _page(client, reverse("registry:person_detail", args=[olena.pk]))
    assert "Петренко Алена Іванівна" in kept and f'href="{reverse("registry:person_detail", args=[alena.pk])}"' in kept


def test_a_reversed_merge_leaves_no_mark(organizations, district_officer, administrator):
    olena, alena, merge = _merged(organizations, district_officer)
    client = signed_in(district_officer)
    url = reverse("registry:person_detail", args=[alena.pk])
    assert "merge-mark" in _page(client, url)

    services.reverse_merge(actor=administrator, merge_id=merge.pk, reason="Різні особи: різні паспорти")

    assert "merge-mark" not in _page(client, url)
    assert "merge-mark" not in _page(client, reverse("registry:person_detail", args=[olena.pk]))


def test_search_results_mark_the_merged_record(organizations, district_officer):
    _merged(organizations, district_officer)
    client = signed_in(district_officer)

    page = _page(client, reverse("registry:search"), **{"by": "name", "n-surname": "Петренко",
                                                      "n-date_of_birth": "1985-03-27"})

    rows = [r for r in page.split("<tr>") if "Петренко" in r]
    alena_row = next(r for r in rows if "Алена" in r)
    olena_row = next(r for r in rows if "Олена Іванівна</a>" in r)
    assert "Петренко Олена Іванівна" in alena_row and ("merged with" in alena_row or "об’єднано з" in alena_row)
    assert "merged with" not in olena_row and "об’єднано з" not in olena_row


def test_the_history_of_both_records_shows_the_merge(organizations, district_officer):
    olena, alena, _merge = _merged(organizations, district_officer)
    client = signed_in(district_officer)
    for person in (olena, alena):
        page = _page(client, reverse("registry:person_history", args=[person.pk]))
        assert "Петренко Алена Іванівна" in page and "Петренко Олена Іванівна" in page, page


def test_the_kept_record_outside_the_readers_area_is_not_named(organizations, district_officer,
                                                             other_district_officer):
    """Алена (Печерський district) merged into Олена (Шевченківський) by a regional officer: the
    Pechersk officer sees that her record was merged, but not whom with, and gets no link."""
    from cbi.accounts.models import Role
    from tests.conftest import make_staff

    regional = make_staff(organizations, "officer.kyiv", Role.REGIONAL_OFFICER, "rd-80")
    olena, alena, _merge = _merged(organizations, regional, alena_office=PECHERSKYI)
    page = _page(signed_in(other_district_officer), reverse("registry:person_detail", args=[alena.pk]))
    assert "merge-mark" in page
    assert "Олена" not in page
    assert reverse("registry:person_detail", args=[olena.pk]) not in page
