"""The real HTTP client against a real local HTTP server (no network beyond 127.0.0.1)."""

from __future__ import annotations

import logging
import socket
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from cbi.carqueue.rules.enums import AcquiredHow, VehicleKind
from cbi.integrations.vehicle_register import get_client
from cbi.integrations.vehicle_register.contract import (
    OwnerRelation,
    RegisterProtocolError,
    RegisterRejected,
    RegisterUnavailable,
    VehicleQuery,
)
from cbi.integrations.vehicle_register.http_client import HttpSettings, HttpVehicleRegisterClient

from .support import Reply, ScriptedRegister

RNOKPP = "3113201244"

ANSWER = {
    "request_id": "c0ffee00-0000-4000-8000-000000000001",
    "register_reference": "ЄДР-2026-0000417",
    "answered_at": "2026-03-02T09:15:00Z",
    "subject_found": True,
    "vehicles": [
        {
            "vin": "Y6DTF698K80123456",
            "registration_plate": "AA1234KB",
            "make": "ZAZ",
            "model": "Sens",
            "kind": "car",
            "year_of_manufacture": 2008,
            "in_operation_since": "2008-06-17",
            "first_registered_in_ukraine": "2008-06-17",
            "registered_on": "2019-04-02",
            "deregistered_on": None,
            "owner_relation": "owner",
            "acquired_how": "purchased",
        },
        {
            "vin": None,
            "registration_plate": "BC0417XA",
            "make": "Кремінь",
            "model": "ПР-500",
            "kind": "trailer",
            "year_of_manufacture": 2021,
            "registered_on": "2021-08-10",
            "owner_relation": "co_owner",
        },
    ],
}


def query(**kwargs) -> VehicleQuery:
    return VehicleQuery(period_from=date(2019, 3, 1), period_to=date(2026, 3, 1), rnokpp=RNOKPP,
                        request_id="c0ffee00-0000-4000-8000-000000000001", **kwargs)


def client(url: str, **kwargs) -> tuple[HttpVehicleRegisterClient, list[float]]:
    slept: list[float] = []
    config = HttpSettings(url=url, token="test-token-not-secret", connect_timeout=1.0,
                          read_timeout=kwargs.pop("read_timeout", 1.0), retries=kwargs.pop("retries", 2),
                          backoff=0.25, **kwargs)
    return HttpVehicleRegisterClient(config, sleep=slept.append), slept


def test_success_sends_the_contract_request_and_parses_the_answer():
    with ScriptedRegister([Reply(200, ANSWER)]) as register:
        http, slept = client(register.url)
        answer = http.lookup(query())
    assert answer.source == "register" and answer.subject_found
    assert answer.register_reference == "ЄДР-2026-0000417"
    car, trailer = answer.vehicles
    assert (car.vin, car.registration_plate, car.make, car.model) == ("Y6DTF698K80123456", "AA1234KB", "ZAZ", "Sens")
    assert car.kind is VehicleKind.car and car.acquired_how is AcquiredHow.purchased
    assert car.in_operation_since == date(2008, 6, 17) and car.registered_on == date(2019, 4, 2)
    assert trailer.kind is VehicleKind.trailer and trailer.acquired_how is None
    assert trailer.owner_relation is OwnerRelation.co_owner and trailer.year_of_manufacture == 2021
    [sent] = register.received
    assert sent.path == "/v1/vehicle-search"
    assert sent.headers["authorization"] == "Bearer test-token-not-secret"
    assert sent.headers["x-request-id"] == "c0ffee00-0000-4000-8000-000000000001"
    assert sent.body == {
        "request_id": "c0ffee00-0000-4000-8000-000000000001",
        "subject": {"rnokpp": RNOKPP},
        "period": {"from": "2019-03-01", "to": "2026-03-01"},
    }
    assert slept == []


def test_query_by_name_and_date_of_birth_when_there_is_no_rnokpp():
    with ScriptedRegister([Reply(200, {"subject_found": False, "vehicles": []})]) as register:
        http, _ = client(register.url)
        answer = http.lookup(VehicleQuery(period_from=date(2019, 3, 1), period_to=date(2026, 3, 1),
                                          surname="Гнатюк", given_name="Василь", patronymic="Петрович",
                                          date_of_birth=date(1961, 11, 4)))
    assert answer.subject_found is False and answer.vehicles == ()
    assert register.received[0].body["subject"] == {
        "surname": "Гнатюк", "given_name": "Василь", "patronymic": "Петрович", "date_of_birth": "1961-11-04",
    }


def test_5xx_is_retried_with_backoff_then_succeeds():
    with ScriptedRegister([Reply(503), Reply(502), Reply(200, ANSWER)]) as register:
        http, slept = client(register.url)
        answer = http.lookup(query())
    assert len(answer.vehicles) == 2
    assert len(register.received) == 3
    assert slept == [0.25, 0.5]


def test_persistent_5xx_gives_register_unavailable_after_the_bounded_retries():
    with ScriptedRegister([Reply(500)]) as register:
        http, slept = client(register.url, retries=3)
        with pytest.raises(RegisterUnavailable) as caught:
            http.lookup(query())
    assert caught.value.code == "http_500" and caught.value.http_status == 500
    assert len(register.received) == 4 and slept == [0.25, 0.5, 1.0]


def test_persistent_timeout_gives_register_unavailable():
    with ScriptedRegister([Reply(200, ANSWER, delay=0.6)]) as register:
        http, slept = client(register.url, read_timeout=0.15, retries=1)
        with pytest.raises(RegisterUnavailable) as caught:
            http.lookup(query())
    assert caught.value.code == "timeout"
    assert len(register.received) == 2 and slept == [0.25]


def test_connection_refused_gives_register_unavailable():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    http, _ = client(f"http://127.0.0.1:{port}/v1/vehicle-search", retries=1)
    with pytest.raises(RegisterUnavailable) as caught:
        http.lookup(query())
    assert caught.value.code == "connection_failed"


def test_400_is_rejected_at_once_without_retry_and_without_the_registers_text():
    body = {"error": {"code": "invalid_subject", "message": f"РНОКПП {RNOKPP} не відповідає формату"}}
    with ScriptedRegister([Reply(400, body)]) as register:
        http, slept = client(register.url)
        with pytest.raises(RegisterRejected) as caught:
            http.lookup(query())
    assert len(register.received) == 1 and slept == []
    assert caught.value.code == "invalid_subject" and caught.value.http_status == 400
    assert RNOKPP not in str(caught.value)


def test_401_is_rejected_with_a_code_even_without_a_json_body():
    with ScriptedRegister([Reply(401, b"Unauthorized")]) as register:
        http, _ = client(register.url)
        with pytest.raises(RegisterRejected) as caught:
            http.lookup(query())
    assert caught.value.code == "http_401"


def test_429_waits_for_later_instead_of_hammering_the_register():
    with ScriptedRegister([Reply(429, headers={"Retry-After": "120"})]) as register:
        http, slept = client(register.url)
        with pytest.raises(RegisterUnavailable) as caught:
            http.lookup(query())
    assert len(register.received) == 1 and slept == []
    assert caught.value.code == "rate_limited" and caught.value.retry_after == 120


def test_malformed_json_is_a_clear_protocol_error():
    with ScriptedRegister([Reply(200, b"<html>502 Bad Gateway</html>")]) as register:
        http, _ = client(register.url)
        with pytest.raises(RegisterProtocolError) as caught:
            http.lookup(query())
    assert caught.value.code == "malformed_answer"
    assert isinstance(caught.value, RegisterUnavailable)  # the check waits and retries later


def test_an_answer_outside_the_contract_names_the_field_not_its_value():
    bad = {"subject_found": True, "vehicles": [{**ANSWER["vehicles"][0], "registered_on": "02.04.2019"}]}
    with ScriptedRegister([Reply(200, bad)]) as register:
        http, _ = client(register.url)
        with pytest.raises(RegisterProtocolError) as caught:
            http.lookup(query())
    assert "vehicles[0].registered_on" in str(caught.value)
    assert "02.04.2019" not in str(caught.value)


def test_no_personal_data_in_the_clients_log(caplog):
    caplog.set_level(logging.DEBUG)
    with ScriptedRegister([Reply(503), Reply(200, ANSWER)]) as register:
        http, _ = client(register.url)
        http.lookup(query())
    assert caplog.records  # it does log the attempts
    assert all(RNOKPP not in record.getMessage() for record in caplog.records)


def test_plain_http_is_refused_except_to_a_loopback_address():
    with pytest.raises(ValueError, match="https"):
        HttpVehicleRegisterClient(HttpSettings(url="http://vehicle-register.example.gov.ua/v1/vehicle-search"))
    HttpVehicleRegisterClient(HttpSettings(url="https://vehicle-register.example.gov.ua/v1/vehicle-search"))


def test_settings_choose_the_backend(settings):
    assert get_client().source == "fake"  # default: never the network
    settings.VEHICLE_REGISTER_BACKEND = "http"
    settings.VEHICLE_REGISTER_URL = ""
    with pytest.raises(ImproperlyConfigured, match="VEHICLE_REGISTER_URL"):
        get_client()
    settings.VEHICLE_REGISTER_URL = "https://vehicle-register.example.gov.ua/v1/vehicle-search"
    with pytest.raises(ImproperlyConfigured, match="VEHICLE_REGISTER_TOKEN"):
        get_client()
    settings.VEHICLE_REGISTER_TOKEN = "t"
    settings.VEHICLE_REGISTER_TIMEOUT = 7
    built = get_client()
    assert isinstance(built, HttpVehicleRegisterClient) and built.config.read_timeout == 7.0


def test_a_query_does_not_show_its_subject_in_repr():
    assert RNOKPP not in repr(query())
    by_name = VehicleQuery(period_from=date(2019, 3, 1), period_to=date(2026, 3, 1), surname="Гнатюк",
                           given_name="Василь", date_of_birth=date(1961, 11, 4))
    assert "Гнатюк" not in repr(by_name) and "1961" not in repr(by_name)
