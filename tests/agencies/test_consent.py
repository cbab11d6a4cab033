"""Issue #17 §2: the person (or representative) sees who may ask, gives and withdraws a consent
(with a confirmation step); consents are records with history, never deleted; the agency's read
appears on "who viewed my data" under its name and purpose."""

from __future__ import annotations

import pytest
from django.test import Client

from cbi.agencies import services
from cbi.agencies.error_codes import AgenciesErrorCode
from cbi.agencies.models import Consent
from tests.agencies.conftest import post, search_body
from tests.applications.fixtures import cabinet_user_for
from tests.conftest import PECHERSKYI, make_person

pytestmark = pytest.mark.django_db
PAGE = "/cabinet/agencies/"


def cabinet(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_the_person_sees_who_may_ask_and_gives_then_withdraws_a_consent(person, pfu, transport):
    olena = cabinet(cabinet_user_for(person, "olena.petrenko"))
    page = olena.get(PAGE).content.decode()
    assert "Пенсійний фонд України" in page and "призначення пенсії по інвалідності" in page
    assert "КП «Київпастранс»" in page and "пільговий проїзд" in page
    purpose = transport.purposes.get()

    response = olena.post(f"/cabinet/agencies/purposes/{purpose.pk}/consent/", follow=True)
    consent = Consent.objects.get(person=person, purpose=purpose)
    assert consent.is_active()
    assert f"/cabinet/agencies/consents/{consent.pk}/withdraw/" in response.content.decode()

    confirm = olena.get(f"/cabinet/agencies/consents/{consent.pk}/withdraw/")
    assert confirm.status_code == 200 and Consent.objects.get(pk=consent.pk).withdrawn_at is None
    olena.post(f"/cabinet/agencies/consents/{consent.pk}/withdraw/")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and not consent.is_active()
    assert [h.history_type for h in consent.history.order_by("history_id")] == ["+", "~"]
    with pytest.raises(ValueError):
        consent.delete()

    olena.post(f"/cabinet/agencies/purposes/{purpose.pk}/consent/")
    assert Consent.objects.filter(person=person, purpose=purpose).count() == 2  # the withdrawn one stays


def test_a_representative_gives_consent_for_the_child(organizations, transport):
    child = make_person(organizations[PECHERSKYI], surname="Петренко", given_name="Марко", patronymic="Андрійович",
                        rnokpp="2245134075")
    mother_user = cabinet_user_for(None, "iryna.petrenko", represents=[child])
    mother = cabinet(mother_user)
    session = mother.session
    session["cabinet_acting_for"] = str(child.pk)
    session.save()
    mother.post(f"/cabinet/agencies/purposes/{transport.purposes.get().pk}/consent/")
    consent = Consent.objects.get(person=child)
    assert consent.granted_by == mother_user


def test_another_persons_consent_is_not_found(person, organizations, transport):
    consent = services.grant_consent(user=cabinet_user_for(person, "olena.petrenko"), person=person,
                                     purpose=transport.purposes.get())
    stranger = make_person(organizations[PECHERSKYI], surname="Коваль", given_name="Андрій", patronymic="Петрович",
                           rnokpp="2245134075")
    other = cabinet(cabinet_user_for(stranger, "andrii.koval"))
    assert other.get(f"/cabinet/agencies/consents/{consent.pk}/withdraw/").status_code == 404
    assert other.post(f"/cabinet/agencies/consents/{consent.pk}/withdraw/").status_code == 404
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is None


def test_no_consent_for_a_purpose_by_law_and_no_second_one(person, pfu, transport):
    user = cabinet_user_for(person, "olena.petrenko")
    with pytest.raises(Exception) as refused:
        services.grant_consent(user=user, person=person, purpose=pfu.purposes.get())
    assert refused.value.error_list[0].code == AgenciesErrorCode.CONSENT_NOT_NEEDED.value
    services.grant_consent(user=user, person=person, purpose=transport.purposes.get())
    with pytest.raises(Exception) as twice:
        services.grant_consent(user=user, person=person, purpose=transport.purposes.get())
    assert twice.value.error_list[0].code == AgenciesErrorCode.CONSENT_ALREADY_GIVEN.value


def test_the_agency_read_appears_on_who_viewed_my_data(client, person, pfu, pfu_token):
    post(client, "/api/agencies/registry/sync/search", search_body({"type": "RNOKPP", "value": "3113201244"}),
         pfu_token)
    page = cabinet(cabinet_user_for(person, "olena.petrenko")).get("/cabinet/who-viewed-my-data/").content.decode()
    assert "Пенсійний фонд України" in page
    assert "Призначення пенсії по інвалідності" in page  # the purpose, capitalised as the page shows it
