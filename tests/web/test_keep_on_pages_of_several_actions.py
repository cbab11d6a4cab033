"""Issue #11, section 3, the last pages that lost what was typed when a header switch was pressed
without JavaScript: each is now ONE page form with a named button per action (cbi/web/keep.py).
The switch round trip (/display/keep/ or, on a search page, the search form itself) keeps what was
typed, never the SMS code; each button still does exactly what it did; Enter presses the page's
main action."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cbi.carqueue.models import CarApplication
from cbi.duplicates import services as duplicate_services
from cbi.duplicates.models import DuplicatePair
from cbi.notifications import sms
from cbi.notifications.models import ChannelPreference
from cbi.registry.demo import make_rnokpp
from cbi.registry.models import Assessment
from tests.applications.fixtures import cabinet_user_for
from tests.conftest import make_person, signed_in

pytestmark = pytest.mark.django_db

DEFAULT_BUTTON = re.compile(r'<button type="submit" form="page-form" hidden tabindex="-1"([^>]*)></button>')


def switch(client, url, data, switch="larger"):
    response = client.post(f"/display/keep/?next={url}&switch={switch}", data)
    assert response.status_code == 302 and response["Location"] == url
    return client.get(url).content.decode()


def checked(page, name) -> bool:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    return " checked" in tag


# --- How to tell me about news: channels, the phone, its code -------------------------------------

@pytest.fixture
def olena(person, settings):
    settings.SMS_BACKEND = "locmem"
    sms.outbox.clear()
    user = cabinet_user_for(person, "olena.petrenko")
    client = Client()
    client.force_login(user)
    return user, client


def test_the_channels_page_is_one_form_and_a_switch_keeps_the_number_and_the_cleared_box(olena):
    user, client = olena
    url = reverse("cabinet:notification_channels")
    page = client.get(url).content.decode()
    assert 'id="page-form"' in page and 'formaction="/display/keep/?next=/cabinet/notifications/channels/' in page
    assert checked(page, "channels-by_email")  # e-mail is on until she says otherwise
    # Олена clears "By e-mail", types her mobile number and enlarges the text before sending the code.
    page = switch(client, url, {"cbi_form": "channels", "phone-phone": "067 123 45 67"})
    assert 'class="text-125' in page
    assert re.search(r'name="phone-phone"[^>]*value="067 123 45 67"', page)
    assert not checked(page, "channels-by_email")
    assert "error-summary" not in page and sms.outbox == []


def test_the_sms_code_is_never_kept_and_enter_in_a_field_does_what_its_section_does(olena):
    user, client = olena
    url = reverse("cabinet:notification_channels")
    # Enter in the phone box (the default button says "enter"): the code is sent.
    assert client.post(url, {"action": "enter", "phone-phone": "067 123 45 67"}).status_code == 302
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)
    page = client.get(url).content.decode()
    assert DEFAULT_BUTTON.search(page).group(1) == ' name="action" value="enter"'
    assert 'name="cbi_secret" value="code-code"' in page
    page = switch(client, url, {"cbi_form": "channels", "channels-by_email": "on", "code-code": code,
                                "cbi_secret": "code-code"}, switch="contrast")
    assert "high-contrast" in page and code not in page
    # Enter in the code box confirms the number.
    assert client.post(url, {"action": "enter", "code-code": code, "phone-phone": ""}).status_code == 302
    assert ChannelPreference.objects.get(account=user.cabinet_account).sms_ready
    # The named buttons still do their own thing: "Save my choice" saves the channels.
    client.post(url, {"action": "channels", "channels-by_sms": "on", "phone-phone": "050 000"})
    preference = ChannelPreference.objects.get(account=user.cabinet_account)
    assert preference.by_sms and not preference.by_email


def test_a_refused_number_comes_back_with_the_channels_as_they_were_ticked(olena):
    user, client = olena
    page = client.post(reverse("cabinet:notification_channels"),
                       {"action": "phone", "cbi_form": "channels", "phone-phone": "067 12"}).content.decode()
    assert 'id="error-summary"' in page and not checked(page, "channels-by_email")


# --- Register a car application: Enter presses "Register the application" -------------------------

def test_the_car_application_is_the_page_form_enter_registers_and_a_switch_keeps_the_answers(person,
                                                                                             district_officer):
    Assessment.objects.create(person=person, kind="msek", assessed_on=timezone.localdate(),
                              conclusion_number="МСЕК-1024/26", body_name="Київська міська МСЕК № 3",
                              indications_for_car=True)
    client = signed_in(district_officer)
    url = f"/staff/car-queue/applications/new/?person={person.pk}"
    page = client.get(url).content.decode()
    assert 'id="page-form"' in page
    assert DEFAULT_BUTTON.search(page).group(1) == ' name="register" value="1"'
    page = switch(client, url, {"received_via": "post", "received_on": timezone.localdate().isoformat(),
                                "kind": "first", "documents": ["application_form", "disability_certificate"],
                                "missing_documents_reason": "Паспорт подасть до 20-го числа"})
    assert re.search(r'value="post"[^>]*checked', page) and re.search(r'value="application_form"[^>]*checked', page)
    assert "Паспорт подасть до 20-го числа" in page and "error-summary" not in page
    assert not CarApplication.objects.exists()
    # "Update the list of documents" still only refreshes.
    client.post(url, {"received_via": "in_person", "received_on": timezone.localdate().isoformat(),
                      "kind": "first", "refresh": "1"})
    assert not CarApplication.objects.exists()
    # Enter: the default button is "register".
    client.post(url, {"received_via": "in_person", "received_on": timezone.localdate().isoformat(), "kind": "first",
                      "documents": ["application_form", "disability_certificate", "passport_person", "rnokpp_person"],
                      "register": "1"})
    assert CarApplication.objects.count() == 1


# --- Compare two records: choose the record to keep, or "not a duplicate" -------------------------

@pytest.fixture
def pair(person):
    make_person(person.office, given_name="Алена", rnokpp=make_rnokpp(date(1985, 3, 27), 78, False))
    duplicate_services.scan(organization=person.office)
    return DuplicatePair.objects.get()


def test_the_pair_page_is_one_form_and_a_switch_keeps_the_choice_and_the_reason(pair, district_officer):
    client = signed_in(district_officer)
    url = reverse("duplicates:pair", args=[pair.pk])
    page = client.get(url).content.decode()
    assert 'id="page-form" method="post"' in page and f'action="{url}"' in page
    page = switch(client, url, {"survivor": str(pair.person_a_id), "reason": "Близнючки: різні РНОКПП"})
    assert re.search(rf'value="{pair.person_a_id}"[^>]*checked', page)
    assert "Близнючки: різні РНОКПП" in page and "error-summary" not in page
    pair.refresh_from_db()
    assert pair.status == "open"


def test_the_pair_buttons_do_what_they_did_and_enter_never_decides_by_surprise(pair, district_officer):
    client = signed_in(district_officer)
    url = reverse("duplicates:pair", args=[pair.pk])
    merge = client.post(url, {"action": "merge", "survivor": str(pair.person_b_id), "reason": ""})
    assert merge["Location"] == f"{reverse('duplicates:merge', args=[pair.pk])}?survivor={pair.person_b_id}"
    # Enter with a record chosen (and a reason typed): only the confirmation, nothing decided.
    enter = client.post(url, {"action": "enter", "survivor": str(pair.person_b_id), "reason": "щось"})
    assert enter["Location"].startswith(reverse("duplicates:merge", args=[pair.pk]))
    # "Continue to merge" with nothing chosen: the error, the reason typed still there.
    page = client.post(url, {"action": "merge", "reason": "Різні люди"}).content.decode()
    assert "error-summary" in page and "Різні люди" in page
    # Enter with only a reason typed: "Not a duplicate", as Enter in that box did before.
    done = client.post(url, {"action": "enter", "reason": "Близнючки: різні РНОКПП"})
    assert done["Location"] == reverse("duplicates:list")
    pair.refresh_from_db()
    assert pair.status == "not_duplicate" and pair.reason == "Близнючки: різні РНОКПП"


# --- Find a person: three searches in one form ------------------------------------------------------

def test_the_search_page_is_one_form_and_a_switch_keeps_every_box(officer_client, person):
    url = "/staff/persons/"
    page = officer_client.get(url).content.decode()
    assert 'id="page-form" method="get"' in page and 'name="by" value="rnokpp"' in page
    assert DEFAULT_BUTTON.search(page).group(1) == ' name="by" value="enter"'
    typed = {"r-rnokpp": "", "d-document_number": "МК123456", "n-surname": "Петренко",
             "n-date_of_birth_day": "27", "n-date_of_birth_month": "3", "n-date_of_birth_year": "1985"}
    # A+ pressed: the form goes to the page with the switch, which comes back without it.
    response = officer_client.get(url, {**typed, "cbi_switch": "larger"})
    assert response.status_code == 302 and "cbi_switch" not in response["Location"]
    page = officer_client.get(response["Location"]).content.decode()
    assert 'class="text-125' in page
    assert re.search(r'name="d-document_number"[^>]*value="МК123456"', page)
    assert re.search(r'name="n-surname"[^>]*value="Петренко"', page)
    assert re.search(r'name="n-date_of_birth_year"[^>]*value="1985"', page)
    assert "error-summary" not in page and f"/staff/persons/{person.pk}/" not in page  # nothing searched


def test_enter_searches_by_what_was_typed_and_the_results_survive_a_switch(officer_client, person):
    url = "/staff/persons/"
    page = officer_client.get(url, {"by": "enter", "r-rnokpp": "", "d-document_number": "мк 123456"}).content.decode()
    assert f"/staff/persons/{person.pk}/" in page and 'name="shown" value="document"' in page
    response = officer_client.get(url, {"shown": "document", "d-document_number": "мк 123456", "cbi_switch": "contrast"})
    page = officer_client.get(response["Location"]).content.decode()
    assert "high-contrast" in page and f"/staff/persons/{person.pk}/" in page
    # A named search button wins over what was shown before.
    page = officer_client.get(url, {"by": "rnokpp", "shown": "document", "r-rnokpp": "3113201244",
                                    "d-document_number": "МК000000"}).content.decode()
    assert f"/staff/persons/{person.pk}/" in page and 'value="МК000000"' in page
