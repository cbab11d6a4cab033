import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def current_code(device) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def test_two_step_sign_in_password_then_code(client, district_officer):
    response = client.post("/staff/login/", {"username": "officer.shevchenkivskyi", "password": PASSWORD})
    assert response["Location"] == "/staff/login/code/"
    # Not signed in after the password alone.
    assert client.get("/staff/persons/").status_code == 302
    device = TOTPDevice.objects.get(user=district_officer)
    response = client.post("/staff/login/code/", {"code": current_code(device)})
    assert response["Location"] == "/staff/persons/"
    assert client.get("/staff/persons/").status_code == 200


def test_sign_in_returns_to_the_page_asked_for(client, district_officer, person):
    client.get(f"/staff/login/?next=/staff/persons/{person.pk}/")
    client.post("/staff/login/", {"username": "officer.shevchenkivskyi", "password": PASSWORD})
    device = TOTPDevice.objects.get(user=district_officer)
    response = client.post("/staff/login/code/", {"code": current_code(device)})
    assert response["Location"] == f"/staff/persons/{person.pk}/"


def test_next_cannot_send_the_officer_to_another_site(client, district_officer):
    client.get("/staff/login/?next=https://evil.example/")
    client.post("/staff/login/", {"username": "officer.shevchenkivskyi", "password": PASSWORD})
    device = TOTPDevice.objects.get(user=district_officer)
    response = client.post("/staff/login/code/", {"code": current_code(device)})
    assert response["Location"] == "/staff/persons/"


def test_wrong_code_is_refused_with_a_message(client, district_officer):
    client.post("/staff/login/", {"username": "officer.shevchenkivskyi", "password": PASSWORD})
    device = TOTPDevice.objects.get(user=district_officer)
    wrong = "000000" if current_code(device) != "000000" else "111111"
    response = client.post("/staff/login/code/", {"code": wrong})
    assert response.status_code == 200
    assert "Виникла проблема" in response.content.decode()
    assert client.get("/staff/persons/").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, district_officer):
    response = client.post("/staff/login/", {"username": "officer.shevchenkivskyi", "password": "не той пароль"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Виникла проблема" in page
    unknown = client.post("/staff/login/", {"username": "nobody", "password": "не той пароль"}).content.decode()
    # The same message for an unknown login and a wrong password.
    assert page.split('id="error-summary"')[1][:400] == unknown.split('id="error-summary"')[1][:400]


def test_account_is_locked_after_five_failures_and_says_what_to_do(client, district_officer, settings):
    for _ in range(5):
        client.post("/staff/login/", {"username": "officer.shevchenkivskyi", "password": "неправильно"})
    response = client.post("/staff/login/", {"username": "officer.shevchenkivskyi", "password": PASSWORD})
    assert response.status_code == 429
    assert "15" in response.content.decode()  # wait 15 minutes
    assert client.get("/staff/login/code/").status_code == 302  # no pending sign-in


def test_first_sign_in_sets_up_the_authenticator(client, district_officer):
    TOTPDevice.objects.filter(user=district_officer).delete()
    response = client.post("/staff/login/", {"username": "officer.shevchenkivskyi", "password": PASSWORD})
    assert response["Location"] == "/staff/login/setup/"
    page = client.get("/staff/login/setup/")
    assert b'data-testid="totp-secret"' in page.content
    device = TOTPDevice.objects.get(user=district_officer, confirmed=False)
    response = client.post("/staff/login/setup/", {"code": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/staff/persons/").status_code == 200


def test_person_records_are_not_for_accounts_without_a_staff_role(client, django_user_model):
    django_user_model.objects.create_user(username="citizen", password=PASSWORD)
    response = client.post("/staff/login/", {"username": "citizen", "password": PASSWORD})
    assert response.status_code == 200
    assert "Виникла проблема" in response.content.decode()


def test_sign_out(client, district_officer):
    from tests.conftest import signed_in

    client = signed_in(district_officer)
    assert client.get("/staff/persons/").status_code == 200
    client.post("/staff/logout/")
    assert client.get("/staff/persons/").status_code == 302


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from django.conf import settings as django_settings

    from cbi import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert django_settings.AUTH_PASSWORD_VALIDATORS
