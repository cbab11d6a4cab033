"""Issue #17 §1: the disability-status search for other agencies — contract tests against the
OpenAPI description (cbi/agencies/schemas.py), purposes, consent, problems, the access log."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from django.conf import settings as django_settings
from django.utils import timezone

from cbi.agencies import schemas, services
from cbi.agencies.models import AgencyClient, AgencyCredential, AgencyRequest
from cbi.agencies.openapi import document_json
from cbi.audit.models import AccessEvent
from tests.agencies.conftest import PFU_BASIS, TRANSPORT_BASIS, post, search_body

pytestmark = pytest.mark.django_db
SEARCH = "/api/agencies/registry/sync/search"
RNOKPP = {"type": "RNOKPP", "value": "3113201244"}


def problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = schemas.Problem.model_validate(response.json()).model_dump()
    assert body["code"] == code and body["status"] == status
    assert body["type"].endswith("/" + code)
    return body


def test_the_committed_description_is_the_one_the_bodies_are_validated_with(client):
    committed = (Path(django_settings.BASE_DIR) / "docs" / "agencies-openapi.json").read_text(encoding="utf-8")
    assert committed == document_json(), "run `manage.py agencies_openapi`"
    served = client.get("/api/agencies/openapi.json")
    assert served.status_code == 200 and served.json()["paths"].keys() == {"/registry/sync/search",
                                                                             "/registry/subscribe"}


def test_pension_fund_learns_group_cause_and_term_with_the_legal_basis(client, person, pfu_token):
    body = search_body(RNOKPP)
    response = post(client, SEARCH, body, pfu_token)
    assert response.status_code == 200, response.content
    answer = schemas.SearchResponse.model_validate(response.json())
    item = answer.message.search_response[0]
    assert item.data.legal_basis == PFU_BASIS
    record = item.data.reg_records.model_dump(exclude_none=True)
    assert record == {"disability_established": True, "disability_group": "II", "subgroup_a": False,
                      "disability_cause": "general_disease", "established_on": date(2023, 5, 15),
                      "indefinite": True}
    assert answer.message.correlation_id == body["header"]["message_id"]
    assert answer.header.action == "on-search" and answer.header.receiver_id == "pfu"


def test_a_person_found_by_passport_booklet(client, person, pfu_token):
    response = post(client, SEARCH, search_body({"type": "PASSPORT_BOOKLET", "series": "мк", "number": "123456"}),
                    pfu_token)
    assert response.status_code == 200
    assert response.json()["message"]["search_response"][0]["data"]["reg_records"]["disability_group"] == "II"


def test_a_purpose_with_fewer_fields_gets_fewer_fields(client, person, transport, transport_token):
    services.grant_consent(user=_cabinet_user(person), person=person, purpose=transport.purposes.get())
    response = post(client, SEARCH, search_body(RNOKPP, purpose="discount"), transport_token)
    answer = schemas.SearchResponse.model_validate(response.json())
    assert answer.message.search_response[0].data.legal_basis == TRANSPORT_BASIS
    assert answer.message.search_response[0].data.reg_records.model_dump(exclude_none=True) == {
        "disability_established": True}


def test_every_answer_is_a_read_in_the_access_log_under_the_agency(client, person, pfu_token):
    post(client, SEARCH, search_body(RNOKPP), pfu_token)
    event = AccessEvent.objects.get(person=person)
    assert (event.channel, event.event_type, event.agency_name, event.agency_purpose, event.job) == (
        "agency", "agency_status", "Пенсійний фонд України", "призначення пенсії по інвалідності", "pfu")


def test_a_purpose_the_client_lacks_is_refused_before_anyone_is_looked_up(client, person, pfu_token):
    known = post(client, SEARCH, search_body(RNOKPP, purpose="discount"), pfu_token)
    unknown = post(client, SEARCH, search_body({"type": "RNOKPP", "value": "2245134075"}, purpose="discount"),
                   pfu_token)
    same = [{k: v for k, v in problem(r, 403, "purpose_not_granted").items() if k != "correlation_id"}
            for r in (known, unknown)]
    assert same[0] == same[1]
    assert not AccessEvent.objects.exists()


def test_without_consent_the_answer_is_the_same_as_for_nobody(client, person, transport_token):
    without = problem(post(client, SEARCH, search_body(RNOKPP, purpose="discount"), transport_token), 404,
                      "no_consent")
    nobody = problem(post(client, SEARCH, search_body({"type": "RNOKPP", "value": "2245134075"}, purpose="discount"),
                          transport_token), 404, "no_consent")
    assert {k: v for k, v in without.items() if k != "correlation_id"} == {
        k: v for k, v in nobody.items() if k != "correlation_id"}
    assert not AccessEvent.objects.exists()


def test_a_withdrawn_consent_stops_the_answers_at_once(client, person, transport, transport_token):
    user = _cabinet_user(person)
    consent = services.grant_consent(user=user, person=person, purpose=transport.purposes.get())
    assert post(client, SEARCH, search_body(RNOKPP, purpose="discount"), transport_token).status_code == 200
    services.withdraw_consent(user=user, consent=consent)
    problem(post(client, SEARCH, search_body(RNOKPP, purpose="discount"), transport_token), 404, "no_consent")


def test_unknown_person_for_a_purpose_by_law(client, person, pfu_token):
    problem(post(client, SEARCH, search_body({"type": "RNOKPP", "value": "2245134075"}), pfu_token), 404,
            "person_not_found")


@pytest.mark.parametrize("query", [
    {"type": "RNOKPP", "value": "3113201245"},           # check digit wrong
    {"type": "RNOKPP", "value": "31132"},
    {"type": "PASSPORT_BOOKLET", "series": "M1", "number": "123456"},
    {"type": "ID_CARD", "number": "12"},
])
def test_malformed_identifiers(client, person, pfu_token, query):
    problem(post(client, SEARCH, search_body(query), pfu_token), 400, "identifier_invalid")


@pytest.mark.parametrize("body", [
    "{not json", "[]", {"header": {}}, search_body({"type": "INN", "value": "3113201244"}),
    "[" * 10000 + "]" * 10000,
])
def test_bodies_that_do_not_match_the_description(client, pfu_token, body):
    body = problem(post(client, SEARCH, body, pfu_token), 400, "request_invalid")
    assert body["errors"]


def test_credentials(client, person, pfu, pfu_token):
    problem(post(client, SEARCH, search_body(RNOKPP), None), 401, "credential_missing")
    problem(post(client, SEARCH, search_body(RNOKPP), pfu_token[:-2] + "xx"), 401, "credential_invalid")
    AgencyCredential.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    problem(post(client, SEARCH, search_body(RNOKPP), pfu_token), 401, "credential_expired")
    assert AgencyCredential.objects.get().secret_sha256 not in pfu_token


def test_rate_limit(client, person, pfu, pfu_token):
    pfu.rate_limit_per_minute = 2
    pfu.save()
    for _ in range(2):
        assert post(client, SEARCH, search_body(RNOKPP), pfu_token).status_code == 200
    response = post(client, SEARCH, search_body(RNOKPP), pfu_token)
    problem(response, 429, "rate_limited")
    assert response["Retry-After"] == "60"


def test_trembita_headers_are_recorded_and_left_to_the_security_server(client, person, pfu_token):
    body = search_body(RNOKPP)
    response = post(client, SEARCH, body, pfu_token, **{"X-Road-Client": "UA/GOV/00035323/PFU",
                                                        "X-Road-Id": "ua-trembita-7f3c"})
    assert response.status_code == 200, response.content
    # PR-REST 4.3: the provider's security server sets X-Road-Id on the answer, not the service.
    assert not response.has_header("X-Road-Id")
    assert response["X-CBI-Correlation-Id"] == body["header"]["message_id"]
    assert response.json()["message"]["correlation_id"] == body["header"]["message_id"]
    logged = AgencyRequest.objects.get()
    assert (logged.exchange_client, logged.exchange_message_id, logged.outcome, logged.status) == (
        "UA/GOV/00035323/PFU", "ua-trembita-7f3c", "answered", 200)


@pytest.mark.parametrize("headers", [
    {},                                                   # straight to ЦБІ, past the security server
    {"X-Road-Client": "UA/GOV/00035323/OTHER"},           # another subsystem of the same member
    {"X-Road-Client": "UA/GOV/43005393/PFU"},             # another member
    {"Uxp-Client": "UA/GOV/00035323"},                    # the member without its subsystem
])
def test_a_client_registered_with_a_trembita_subsystem_is_refused_from_any_other(client, person, pfu_via_trembita,
                                                                                  pfu_token, headers):
    body = problem(post(client, SEARCH, search_body(RNOKPP), pfu_token, **headers), 403, "exchange_client_mismatch")
    assert "X-Road-Client" in body["detail"]
    assert not AccessEvent.objects.exists()
    assert AgencyRequest.objects.get().outcome == "exchange_client_mismatch"


@pytest.mark.parametrize("headers", [
    {"X-Road-Client": "UA/GOV/00035323/PFU"},
    {"Uxp-Client": "UA/GOV/00035323/PFU"},
    {"X-Road-Client": "UA/GOV/%30%30035323/PFU"},          # PR-REST 4.2: each part percent-encoded
])
def test_the_registered_subsystem_is_answered_by_either_header_name(client, person, pfu_via_trembita, pfu_token,
                                                                    headers):
    assert post(client, SEARCH, search_body(RNOKPP), pfu_token, **headers).status_code == 200


def test_a_client_without_a_registered_subsystem_is_not_checked(client, person, transport, transport_token):
    services.grant_consent(user=_cabinet_user(person), person=person, purpose=transport.purposes.get())
    assert transport.xroad_client == ""
    response = post(client, SEARCH, search_body(RNOKPP, purpose="discount"), transport_token,
                    **{"X-Road-Client": "UA/COM/12345678/ANY"})
    assert response.status_code == 200, response.content


FINGERPRINT = "3F:A1:0C:77:5E:21:9B:D4:08:6A:FF:12:90:3C:44:B7:E5:0D:61:2A:9C:18:73:F0:5B:CE:22:41:8D:06:AA:19"


@pytest.fixture
def pinned(pfu_via_trembita, settings):
    """The Pension Fund registered with its client certificate; the TLS proxy is 10.20.0.5."""
    pfu = pfu_via_trembita
    settings.AGENCY_TRUSTED_PROXIES = ["10.20.0.0/24"]
    services.register_client(code="pfu", name=pfu.name, legal_basis=pfu.legal_basis, purposes=[],
                             xroad_client=pfu.xroad_client, tls_client_fingerprint=FINGERPRINT)
    pfu.refresh_from_db()
    return pfu


def _through(client, token, *, proxy: str, fingerprint: str | None):
    headers = {"X-Road-Client": "UA/GOV/00035323/PFU"}
    if fingerprint is not None:
        headers["X-SSL-Client-Fingerprint"] = fingerprint
    return post(client, SEARCH, search_body(RNOKPP), token, remote_addr=proxy, **headers)


def test_mutual_tls_the_registered_certificate_through_the_trusted_proxy_is_answered(client, person, pinned,
                                                                                    pfu_token):
    assert pinned.tls_client_fingerprint == FINGERPRINT.replace(":", "").lower()
    response = _through(client, pfu_token, proxy="10.20.0.5", fingerprint=FINGERPRINT.replace(":", "").lower())
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("proxy, fingerprint", [
    ("10.20.0.5", None),                                   # the proxy passed no certificate
    ("10.20.0.5", FINGERPRINT[:-2] + "AB"),                # another certificate
    ("198.51.100.7", FINGERPRINT),                         # the right header, but not from the proxy
])
def test_mutual_tls_anything_else_is_refused(client, person, pinned, pfu_token, proxy, fingerprint):
    response = _through(client, pfu_token, proxy=proxy, fingerprint=fingerprint)
    problem(response, 403, "client_certificate_mismatch")
    assert not AccessEvent.objects.exists()


def test_mutual_tls_with_no_trusted_proxy_configured_a_pinned_client_is_refused(client, person, pinned, pfu_token,
                                                                               settings):
    settings.AGENCY_TRUSTED_PROXIES = []
    problem(_through(client, pfu_token, proxy="10.20.0.5", fingerprint=FINGERPRINT), 403,
            "client_certificate_mismatch")


def test_get_is_not_allowed(client):
    assert client.get(SEARCH).status_code == 405


def _cabinet_user(person):
    from tests.applications.fixtures import cabinet_user_for

    return cabinet_user_for(person, "olena.petrenko")


def test_a_municipality_learns_whether_the_person_is_in_the_car_queue(client, person, organizations):
    from datetime import date as day

    from cbi.agencies import rules
    from cbi.carqueue.models import QueueEntry

    city = services.register_client(code="kyiv-city", name="Київська міська державна адміністрація",
                                    legal_basis="Рішення Київради про пільгове паркування", purposes=[
                                        {"code": "parking", "name": "безоплатне паркування",
                                         "legal_basis": "Постанова КМУ № 999, п. 2 (not verified)",
                                         "fields": [rules.CAR_QUEUE]}])
    token = services.issue_credential(client=city).token
    body = search_body(RNOKPP, purpose="parking", sender="kyiv-city")
    before = schemas.SearchResponse.model_validate(post(client, SEARCH, body, token).json())
    assert before.message.search_response[0].data.reg_records.model_dump(exclude_none=True) == {
        "benefits": [{"code": "car_queue", "entitled": False, "legal_basis": before.message.search_response[0].data
                      .reg_records.benefits[0].legal_basis}]}
    QueueEntry.objects.create(person=person, region=organizations["rd-80"], category="general",
                              enrollment_date=day(2024, 2, 1), journal_number=17)
    after = post(client, SEARCH, body, token).json()
    assert after["message"]["search_response"][0]["data"]["reg_records"]["benefits"][0]["entitled"] is True


_json = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=12),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                     max_leaves=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.dictionaries(st.sampled_from(["type", "value", "series", "number", "extra"]), _json, max_size=4),
       purpose=_json)
def test_any_query_gets_an_answer_or_a_problem_never_a_500(client, person, pfu, pfu_token, query, purpose):
    AgencyClient.objects.filter(pk=pfu.pk).update(rate_limit_per_minute=100_000)  # many examples a minute
    body = search_body({})
    body["message"]["search_request"][0]["search_criteria"].update(query=query, purpose=purpose)
    response = post(client, SEARCH, body, pfu_token)
    assert response.status_code in (200, 400, 403, 404), response.content
    if response.status_code != 200:
        assert response["Content-Type"] == "application/problem+json"
