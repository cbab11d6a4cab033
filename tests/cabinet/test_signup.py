"""Sign-up with a code, e-mail confirmation, sign-in, lockout, password reset,
representatives acting for a child (EC-REG-1..3)."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from cbi.accounts import codes
from cbi.cabinet.accounts import add_represented_person
from cbi.accounts.error_codes import AccountsErrorCode
from cbi.accounts.models import CabinetAccount
from cbi.cabinet.models import CorrectionRequest
from cbi.registry.models import Representative
from tests.conftest import SHEVCHENKIVSKYI, make_person

pytestmark = pytest.mark.django_db
PASSWORD = "Весна-над-Дніпром-2026"


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()


def sign_up(client, plain, *, dob="1985-03-27", username="olena.petrenko", email="olena@example.com", **extra):
    data = {"code": plain, "date_of_birth": dob, "username": username, "email": email,
            "password1": PASSWORD, "password2": PASSWORD}
    data.update(extra)
    return client.post("/cabinet/register/code/", data)


def confirm_link() -> str:
    return re.search(r"http://testserver(/cabinet/confirm/\S+/)", mail.outbox[-1].body).group(1)


def test_person_signs_up_with_a_code_confirms_the_email_and_sees_their_data(client, person, district_officer):
    _, plain = codes.issue(actor=district_officer, person=person)
    response = sign_up(client, plain.lower())
    assert response["Location"] == "/cabinet/register/done/"
    account = CabinetAccount.objects.get(user__username="olena.petrenko")
    assert account.person == person and account.registered_via == "code"
    assert mail.outbox[-1].to == ["olena@example.com"]
    # Not confirmed yet: sign-in asks to confirm first.
    response = client.post("/cabinet/login/", {"username": "olena.petrenko", "password": PASSWORD})
    assert response["Location"] == "/cabinet/register/done/"
    client.get(confirm_link())
    response = client.post("/cabinet/login/", {"username": "olena.petrenko", "password": PASSWORD})
    assert response["Location"] == "/cabinet/"
    page = client.get("/cabinet/").content.decode()
    assert "Петренко Олена Іванівна" in page and "3113201244" in page and "27.03.1985" in page


def test_a_used_code_does_not_register_twice(client, person, district_officer):
    _, plain = codes.issue(actor=district_officer, person=person)
    sign_up(client, plain)
    page = sign_up(client, plain, username="another.login", email="x@example.com").content.decode()
    assert "уже використано для реєстрації" in page
    assert CabinetAccount.objects.count() == 1


@pytest.mark.parametrize("case", ["wrong", "other_person"])
def test_refusals_say_what_to_do_and_keep_what_was_typed(client, person, district_officer, case):
    _, plain = codes.issue(actor=district_officer, person=person)
    typed, dob = ("AAAA-AAAA-AAAA", "1985-03-27") if case == "wrong" else (plain, "1990-01-01")
    response = sign_up(client, typed, dob=dob)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Виникла проблема" in page
    assert "Код або дата народження не збігаються" in page
    assert 'value="olena.petrenko"' in page and 'value="olena@example.com"' in page
    assert not CabinetAccount.objects.exists()


def test_passwords_must_match_and_be_strong(client, person, district_officer):
    _, plain = codes.issue(actor=district_officer, person=person)
    page = sign_up(client, plain, password2="інший-пароль-123").content.decode()
    assert "Виникла проблема" in page
    page = sign_up(client, plain, password1="12345678", password2="12345678").content.decode()
    assert "Виникла проблема" in page
    assert not CabinetAccount.objects.exists()
    # The code was not spent by the failed attempts.
    assert sign_up(client, plain).status_code == 302


def test_expired_confirmation_link_is_refused(client, person, district_officer, settings):
    from unittest import mock

    _, plain = codes.issue(actor=district_officer, person=person)
    sign_up(client, plain)
    link = confirm_link()
    with mock.patch("django.core.signing.time.time", return_value=__import__("time").time() + 4 * 86400):
        response = client.get(link)
    assert response.status_code == 400
    assert CabinetAccount.objects.get().email_confirmed_at is None


def _confirmed_account(client, person, district_officer):
    _, plain = codes.issue(actor=district_officer, person=person)
    sign_up(client, plain)
    client.get(confirm_link())
    return CabinetAccount.objects.get()


def test_lockout_after_failures_and_a_new_password_that_works_once_the_pause_is_over(
        client, person, district_officer, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    _confirmed_account(client, person, district_officer)
    for _ in range(5):
        client.post("/cabinet/login/", {"username": "olena.petrenko", "password": "неправильний"})
    response = client.post("/cabinet/login/", {"username": "olena.petrenko", "password": PASSWORD})
    assert response.status_code == 429
    assert "/cabinet/password/reset/" in response.content.decode()
    client.post("/cabinet/password/reset/", {"email": "olena@example.com"})
    link = re.search(r"http://testserver(/cabinet/password/reset/\S+/)", mail.outbox[-1].body).group(1)
    form_url = client.get(link)["Location"]
    new_password = "Новий-надійний-пароль-9"
    client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    # A reset does not lift the pause by itself (whoever reads the mailbox could skip it) …
    response = client.post("/cabinet/login/", {"username": "olena.petrenko", "password": new_password})
    assert response.status_code == 429
    # … the new password works once the 15 minutes are over.
    time_machine.shift(timedelta(minutes=16))
    response = client.post("/cabinet/login/", {"username": "olena.petrenko", "password": new_password})
    assert response["Location"] == "/cabinet/"


def test_the_cabinet_reset_never_touches_a_staff_account(client, district_officer):
    """A probe reset an officer's password (and lifted their lockout) through the cabinet."""
    district_officer.email = "officer@cbi.example"
    district_officer.save()
    before = district_officer.password
    response = client.post("/cabinet/password/reset/", {"email": "officer@cbi.example"})
    assert response.status_code == 302 and response["Location"] == "/cabinet/password/reset/sent/"
    assert mail.outbox == []
    # A reset link forged for the staff account (a valid token) is refused like a broken link.
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(district_officer.pk))
    token = default_token_generator.make_token(district_officer)
    page = client.get(f"/cabinet/password/reset/{uid}/{token}/", follow=True)
    assert page.status_code == 200 and 'name="new_password1"' not in page.content.decode()
    district_officer.refresh_from_db()
    assert district_officer.password == before


def test_reset_emails_are_throttled_per_address_and_the_answer_never_changes(client, person, district_officer):
    _confirmed_account(client, person, district_officer)
    mail.outbox.clear()
    answers = set()
    for _ in range(5):
        response = client.post("/cabinet/password/reset/", {"email": "olena@example.com"})
        answers.add((response.status_code, response["Location"]))
    for address in ("nobody@example.com", "someone.else@example.com"):
        response = client.post("/cabinet/password/reset/", {"email": address})
        answers.add((response.status_code, response["Location"]))
    assert answers == {(302, "/cabinet/password/reset/sent/")}
    assert len(mail.outbox) == 3  # three an hour for one address


def test_reset_emails_are_throttled_per_client_address(client):
    for number in range(12):
        client.post("/cabinet/password/reset/", {"email": f"probe{number}@example.com"},
                    REMOTE_ADDR="198.51.100.23")
    from cbi.cabinet.views import RESET_PER_CLIENT

    assert RESET_PER_CLIENT.exceeded("198.51.100.23")
    assert not RESET_PER_CLIENT.exceeded("198.51.100.24")


def test_session_ends_on_sign_out(client, person, district_officer):
    _confirmed_account(client, person, district_officer)
    client.post("/cabinet/login/", {"username": "olena.petrenko", "password": PASSWORD})
    assert client.get("/cabinet/").status_code == 200
    client.post("/cabinet/logout/")
    assert client.get("/cabinet/").status_code == 302


def test_representative_acts_for_a_child_and_switches_between_persons(client, organizations, district_officer):
    office = organizations[SHEVCHENKIVSKYI]
    from cbi.registry.demo import make_rnokpp

    child = make_person(office, surname="Петренко", given_name="Софія", patronymic="Андріївна",
                        date_of_birth=date(2016, 9, 1), rnokpp=make_rnokpp(date(2016, 9, 1), 501, False))
    brother = make_person(office, surname="Петренко", given_name="Максим", patronymic="Андрійович",
                          date_of_birth=date(2019, 2, 14), sex="male", rnokpp=make_rnokpp(date(2019, 2, 14), 502, True))
    mother = {"kind": "parent", "surname": "Петренко", "given_name": "Олена", "patronymic": "Іванівна",
              "rnokpp": "3113201244", "authority_document": "birth_certificate",
              "authority_document_number": "123456", "authority_document_date": date(2016, 9, 10)}
    rep1 = Representative.objects.create(person=child, **mother)
    rep2 = Representative.objects.create(person=brother, **{**mother, "authority_document_date": date(2019, 2, 20)})
    _, plain = codes.issue(actor=district_officer, person=child, representative=rep1)
    sign_up(client, plain, dob="2016-09-01", username="olena.mama")
    account = CabinetAccount.objects.get()
    assert account.person is None and account.representations.get().person == child
    client.get(confirm_link())
    client.post("/cabinet/login/", {"username": "olena.mama", "password": PASSWORD})
    page = client.get("/cabinet/").content.decode()
    assert "Петренко Софія Андріївна" in page and "законний представник" in page
    # Add the second child with another code.
    _, plain2 = codes.issue(actor=district_officer, person=brother, representative=rep2)
    client.post("/cabinet/persons/add/", {"code": plain2, "date_of_birth": "2019-02-14"})
    client.post("/cabinet/acting-for/", {"person": str(brother.pk)})
    assert "Петренко Максим Андрійович" in client.get("/cabinet/").content.decode()
    # What the representative does is recorded as done by them for that person.
    client.post("/cabinet/correction/", {"text": "По батькові: Андрійович, а не Андреєвич."})
    item = CorrectionRequest.objects.get()
    assert item.person == brother and item.by_representative and item.submitted_by == account.user


def test_a_persons_own_code_does_not_add_them_to_a_representatives_cabinet(client, organizations, district_officer):
    """A code issued to the person themselves (not to a representative) is refused with its own
    answer, and the page shows it on the code field (it used to end in a server error)."""
    office = organizations[SHEVCHENKIVSKYI]
    from cbi.registry.demo import make_rnokpp

    child = make_person(office, surname="Коваль", given_name="Марія", patronymic="Петрівна",
                        date_of_birth=date(2015, 4, 3), rnokpp=make_rnokpp(date(2015, 4, 3), 511, False))
    father = Representative.objects.create(
        person=child, kind="parent", surname="Коваль", given_name="Петро", patronymic="Іванович",
        rnokpp="3113201244", authority_document="birth_certificate", authority_document_number="654321",
        authority_document_date=date(2015, 4, 20))
    _, plain = codes.issue(actor=district_officer, person=child, representative=father)
    sign_up(client, plain, dob="2015-04-03", username="petro.koval")
    account = CabinetAccount.objects.get()
    sister = make_person(office, surname="Коваль", given_name="Ганна", patronymic="Петрівна",
                         date_of_birth=date(2009, 11, 22), rnokpp=make_rnokpp(date(2009, 11, 22), 512, False))
    _, own_code = codes.issue(actor=district_officer, person=sister)
    with pytest.raises(codes.CodeRefused) as refused:
        add_represented_person(account=account, typed_code=own_code, date_of_birth=date(2009, 11, 22),
                               client="203.0.113.9")
    assert refused.value.code == AccountsErrorCode.CODE_NOT_FOR_REPRESENTATIVE.value
    client.get(confirm_link())
    client.post("/cabinet/login/", {"username": "petro.koval", "password": PASSWORD})
    response = client.post("/cabinet/persons/add/", {"code": own_code, "date_of_birth": "2009-11-22"})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["code"]] == [
        AccountsErrorCode.CODE_NOT_FOR_REPRESENTATIVE.value]
    assert list(account.representations.values_list("person", flat=True)) == [child.pk]


def test_cabinet_user_cannot_switch_to_a_stranger(client, person, district_officer, organizations):
    _confirmed_account(client, person, district_officer)
    client.post("/cabinet/login/", {"username": "olena.petrenko", "password": PASSWORD})
    stranger = make_person(organizations[SHEVCHENKIVSKYI], surname="Бойко", given_name="Тарас",
                           date_of_birth=date(1979, 11, 2), sex="male", rnokpp="2916000373")
    client.post("/cabinet/acting-for/", {"person": str(stranger.pk)})
    page = client.get("/cabinet/").content.decode()
    assert "Бойко" not in page and "Петренко Олена" in page


def test_correction_reaches_the_office_and_the_answer_reaches_the_person(client, person, district_officer):
    from tests.conftest import signed_in

    _confirmed_account(client, person, district_officer)
    client.post("/cabinet/login/", {"username": "olena.petrenko", "password": PASSWORD})
    client.post("/cabinet/correction/", {"text": "Моє по батькові — Іванівна, а в довідці Івановна."})
    item = CorrectionRequest.objects.get()
    officer = signed_in(district_officer)
    assert "Івановна" in officer.get(f"/staff/persons/{person.pk}/").content.decode()
    officer.post(f"/cabinet/staff/corrections/{item.pk}/", {"answer": "Виправлено, дякуємо."})
    item.refresh_from_db()
    assert item.status == "handled"
    assert "Виправлено, дякуємо." in client.get("/cabinet/").content.decode()
    assert mail.outbox[-1].to == ["olena@example.com"]


def test_staff_cannot_use_cabinet_pages_as_a_person(client, district_officer):
    from tests.conftest import signed_in

    assert signed_in(district_officer).get("/cabinet/").status_code == 302
