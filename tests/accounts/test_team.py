"""Administrators manage the staff of the organizations they manage."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, SHEVCHENKIVSKYI, make_staff, signed_in

pytestmark = pytest.mark.django_db
User = get_user_model()


def new_member(organizations, **changes):
    data = {
        "first_name": "Оксана", "last_name": "Лисенко", "email": "o.lysenko@cbi.example", "username": "o.lysenko",
        "role": "district_officer", "organization": organizations[SHEVCHENKIVSKYI].pk,
        "position": "спеціаліст", "password": "Надійний-пароль-77",
    }
    data.update(changes)
    return data


def test_administrator_adds_a_district_officer_who_then_sets_up_the_second_factor(administrator, organizations, client):
    response = signed_in(administrator).post("/staff/team/new/", new_member(organizations))
    assert response.status_code == 302
    member = User.objects.get(username="o.lysenko")
    assert member.staff_profile.organization.code == SHEVCHENKIVSKYI
    assert member.history.first().history_user == administrator
    response = client.post("/staff/login/", {"username": "o.lysenko", "password": "Надійний-пароль-77"})
    assert response["Location"] == "/staff/login/setup/"


def test_role_must_fit_the_organization(administrator, organizations):
    response = signed_in(administrator).post("/staff/team/new/", new_member(organizations, role="regional_officer"))
    assert response.status_code == 200
    assert "обласн" in response.content.decode()  # explains where a regional officer belongs
    assert not User.objects.filter(username="o.lysenko").exists()


def test_weak_password_and_taken_login_are_refused(administrator, organizations, district_officer):
    page = signed_in(administrator).post(
        "/staff/team/new/", new_member(organizations, username="officer.shevchenkivskyi", password="12345")
    ).content.decode()
    assert "Виникла проблема" in page
    assert User.objects.filter(username__startswith="officer.shevchenkivskyi").count() == 1


def test_regional_administrator_manages_only_their_region(organizations, district_officer):
    kyiv_admin = make_staff(organizations, "admin.kyiv", "administrator", "rd-80", first="Юлія", last="Гончар")
    lviv_officer = make_staff(organizations, "officer.lviv", "district_officer", "spo-ua46060000000042587",
                              first="Богдан", last="Гнатів")
    client = signed_in(kyiv_admin)
    assert client.get(f"/staff/team/{district_officer.pk}/").status_code == 200
    assert client.get(f"/staff/team/{lviv_officer.pk}/").status_code == 404
    response = client.post("/staff/team/new/", new_member(organizations, organization=organizations["spo-ua46060000000042587"].pk))
    assert response.status_code == 200
    assert not User.objects.filter(username="o.lysenko").exists()


def test_reset_second_factor_asks_for_confirmation_first(administrator, district_officer):
    client = signed_in(administrator)
    url = f"/staff/team/{district_officer.pk}/reset-second-factor/"
    page = client.get(url).content.decode()
    assert "Так, продовжити" in page
    assert TOTPDevice.objects.filter(user=district_officer).exists()  # nothing happened yet
    client.post(url)
    assert not TOTPDevice.objects.filter(user=district_officer).exists()


def test_deactivated_officer_cannot_sign_in_and_can_be_reactivated(administrator, district_officer, client):
    admin = signed_in(administrator)
    admin.post(f"/staff/team/{district_officer.pk}/deactivate/")
    district_officer.refresh_from_db()
    assert not district_officer.is_active
    response = client.post("/staff/login/", {"username": "officer.shevchenkivskyi", "password": PASSWORD})
    assert response.status_code == 200 and "Виникла проблема" in response.content.decode()
    admin.post(f"/staff/team/{district_officer.pk}/reactivate/")
    district_officer.refresh_from_db()
    assert district_officer.is_active
    history = admin.get(f"/staff/team/{district_officer.pk}/").content.decode()
    assert "Ткаченко" in history or "Сергій" in history


def test_unlock_lets_a_locked_out_officer_sign_in_again(administrator, district_officer, client):
    for _ in range(5):
        client.post("/staff/login/", {"username": "officer.shevchenkivskyi", "password": "неправильно"})
    assert client.post("/staff/login/", {"username": "officer.shevchenkivskyi", "password": PASSWORD}).status_code == 429
    signed_in(administrator).post(f"/staff/team/{district_officer.pk}/unlock/")
    response = client.post("/staff/login/", {"username": "officer.shevchenkivskyi", "password": PASSWORD})
    assert response.status_code == 302


def test_officers_cannot_manage_staff(officer_client):
    assert officer_client.get("/staff/team/").status_code == 403
