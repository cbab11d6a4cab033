"""Login through id.gov.ua: the OAuth2 flow against the local mock, and the real client's HTTP."""

from __future__ import annotations

import io
import json
import urllib.parse

import pytest
from django.test import Client

from cbi.signatures import idgovua
from cbi.signatures.services import IDENTITY_SESSION_KEY

NEXT = "/cabinet/register/identity/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def mock_on(settings):
    settings.IDGOVUA_MOCK = True
    settings.IDGOVUA_CLIENT_ID = ""
    settings.IDGOVUA_CLIENT_SECRET = ""
    settings.IDGOVUA_REDIRECT_URI = ""


@pytest.fixture
def client():
    client = Client()
    client.cookies["django_language"] = "uk"
    return client


def start(client) -> tuple[str, dict]:
    response = client.get("/signatures/idgovua/start/", {"next": NEXT})
    assert response.status_code == 302
    location = response["Location"]
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    return location, query


def sign_in_at_mock(client, query, *, rnokpp="3113201244") -> dict:
    page = client.get("/signatures/mock-idgovua/authorize/", query)
    assert page.status_code == 200
    response = client.post("/signatures/mock-idgovua/authorize/", {
        **{k: query[k] for k in ("redirect_uri", "state", "client_id")},
        "rnokpp": rnokpp, "surname": "Петренко", "given_name": "Олена", "patronymic": "Іванівна", "sign_in": "1",
    })
    assert response.status_code == 302
    callback = urllib.parse.urlsplit(response["Location"])
    assert callback.path == "/signatures/idgovua/callback/"
    return dict(urllib.parse.parse_qsl(callback.query))


def test_the_whole_flow_against_the_mock(client, mock_on):
    location, query = start(client)
    assert location.startswith("http://testserver/signatures/mock-idgovua/authorize/?")
    assert query["response_type"] == "code"
    assert query["client_id"] == "cbi-mock-client"
    assert query["redirect_uri"] == "http://testserver/signatures/idgovua/callback/"
    assert len(query["state"]) >= 40

    back = sign_in_at_mock(client, query)
    assert back["state"] == query["state"]
    response = client.get("/signatures/idgovua/callback/", back)

    assert response.status_code == 302
    assert response["Location"] == NEXT
    identity = client.session[IDENTITY_SESSION_KEY]
    assert identity["rnokpp"] == "3113201244"
    assert identity["full_name"] == "Петренко Олена Іванівна"
    assert identity["method"] == "idgovua"
    assert identity["at"]


def test_a_wrong_state_is_refused(client, mock_on):
    _location, query = start(client)
    back = sign_in_at_mock(client, query)
    response = client.get("/signatures/idgovua/callback/", {**back, "state": "forged-state"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Помилка: " in page
    assert "Відповідь від id.gov.ua не відповідає цьому входу" in page
    assert IDENTITY_SESSION_KEY not in client.session
    # The stored state is consumed: even the right one no longer works.
    assert client.get("/signatures/idgovua/callback/", back).status_code == 400


def test_a_missing_state_is_refused(client, mock_on):
    _location, query = start(client)
    back = sign_in_at_mock(client, query)
    response = client.get("/signatures/idgovua/callback/", {"code": back["code"]})
    assert response.status_code == 400
    assert "Відповідь від id.gov.ua не відповідає цьому входу" in response.content.decode()


def test_a_callback_in_another_browser_is_refused(client, mock_on):
    _location, query = start(client)
    back = sign_in_at_mock(client, query)
    stranger = Client()
    assert stranger.get("/signatures/idgovua/callback/", back).status_code == 400


def test_the_code_works_once(client, mock_on):
    _location, query = start(client)
    back = sign_in_at_mock(client, query)
    assert client.get("/signatures/idgovua/callback/", back).status_code == 302

    _location, query = start(client)  # a new, valid state — but the old code
    response = client.get("/signatures/idgovua/callback/", {"code": back["code"], "state": query["state"]})
    assert response.status_code == 400
    assert "одноразовий код уже використано" in response.content.decode()


def test_cancelling_at_id_gov_ua(client, mock_on):
    _location, query = start(client)
    response = client.post("/signatures/mock-idgovua/authorize/", {
        **{k: query[k] for k in ("redirect_uri", "state", "client_id")}, "cancel": "1"})
    back = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(response["Location"]).query))
    assert back["error"] == "access_denied"
    page = client.get("/signatures/idgovua/callback/", back).content.decode()
    assert "Вхід через id.gov.ua скасовано або не завершено." in page


def test_the_mock_asks_for_ten_digits(client, mock_on):
    _location, query = start(client)
    response = client.post("/signatures/mock-idgovua/authorize/", {
        **{k: query[k] for k in ("redirect_uri", "state", "client_id")}, "rnokpp": "12345", "surname": "Петренко",
        "given_name": "Олена", "sign_in": "1"})
    assert response.status_code == 200
    assert "Помилка" in response.content.decode()


def test_the_mock_is_not_an_open_redirect(client, mock_on):
    response = client.get("/signatures/mock-idgovua/authorize/", {
        "redirect_uri": "https://evil.example/cb", "state": "x", "client_id": "cbi-mock-client"})
    assert response.status_code == 400


def test_the_mock_endpoints_check_the_client(client, mock_on):
    response = client.post("/signatures/mock-idgovua/get-access-token/", {
        "grant_type": "authorization_code", "client_id": "cbi-mock-client", "client_secret": "wrong", "code": "x"})
    assert response.status_code == 401
    assert client.post("/signatures/mock-idgovua/get-user-info/", {"access_token": "nope"}).status_code == 401


def test_the_mock_is_off_unless_switched_on(client, settings):
    settings.IDGOVUA_MOCK = False
    for path in ("authorize/", "get-access-token/", "get-user-info/"):
        assert client.get(f"/signatures/mock-idgovua/{path}").status_code == 404


def test_the_mock_is_an_error_in_production(settings):
    from cbi.signatures.checks import mock_idgovua_not_in_production

    settings.IDGOVUA_MOCK = True
    settings.PRODUCTION = True
    assert [e.id for e in mock_idgovua_not_in_production(None)] == ["signatures.E001"]


# --- The real client, with the HTTP layer replaced ---------------------------------------------

class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def real(settings):
    settings.IDGOVUA_MOCK = False
    settings.IDGOVUA_BASE_URL = "https://test.id.gov.ua"
    settings.IDGOVUA_CLIENT_ID = "client-123"
    settings.IDGOVUA_CLIENT_SECRET = "secret-456"
    settings.IDGOVUA_REDIRECT_URI = "https://cbi.example/signatures/idgovua/callback/"
    settings.IDGOVUA_TIMEOUT = 7


def test_the_real_client_calls_id_gov_ua_with_timeouts(client, real, monkeypatch):
    calls = []

    def fake_urlopen(request, timeout):
        body = dict(urllib.parse.parse_qsl(request.data.decode()))
        calls.append((request.full_url, request.get_method(), body, timeout))
        if request.full_url.endswith("/get-access-token"):
            return FakeResponse(json.dumps({"access_token": "tok", "token_type": "bearer", "expires_in": 600,
                                            "user_id": "42"}).encode())
        return FakeResponse(json.dumps({"drfocode": "3113201244", "lastname": "Петренко", "givenname": "Олена",
                                        "middlename": "Іванівна", "auth_type": "dig_sign"}).encode())

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    location, query = start(client)
    assert location.startswith("https://test.id.gov.ua/?")
    assert query["client_id"] == "client-123"
    assert query["redirect_uri"] == "https://cbi.example/signatures/idgovua/callback/"
    assert query["auth_type"] == "dig_sign,diia_id,bank_id"

    response = client.get("/signatures/idgovua/callback/", {"code": "the-code", "state": query["state"]})

    assert response.status_code == 302
    token_call, info_call = calls
    assert token_call[0] == "https://test.id.gov.ua/get-access-token"
    assert token_call[2] == {"grant_type": "authorization_code", "client_id": "client-123",
                             "client_secret": "secret-456", "code": "the-code"}
    assert token_call[3] == 7
    assert info_call[0] == "https://test.id.gov.ua/get-user-info"
    assert info_call[2]["access_token"] == "tok" and info_call[2]["user_id"] == "42"
    assert "drfocode" in info_call[2]["fields"]
    assert client.session[IDENTITY_SESSION_KEY]["rnokpp"] == "3113201244"


def test_id_gov_ua_not_answering(client, real, monkeypatch):
    def timeout(request, timeout):
        raise TimeoutError

    monkeypatch.setattr("urllib.request.urlopen", timeout)
    _location, query = start(client)
    response = client.get("/signatures/idgovua/callback/", {"code": "c", "state": query["state"]})
    assert response.status_code == 400
    assert "id.gov.ua зараз не відповідає." in response.content.decode()


def test_user_info_without_rnokpp():
    from cbi.signatures.refusals import SignatureRefused

    with pytest.raises(SignatureRefused) as caught:
        idgovua.identity_from_user_info({"lastname": "Петренко", "drfocode": ""})
    assert caught.value.code == "idgovua_no_rnokpp"
    assert caught.value.message_uk.startswith("id.gov.ua не передав ваш РНОКПП.")
