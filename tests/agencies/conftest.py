"""An agency client with a purpose by law (the Pension Fund) and one that needs consent (a
municipal transport operator), their bearer keys, and a DCI search body."""

from __future__ import annotations

import uuid

import pytest

from cbi.agencies import rules, services

PFU_BASIS = "Закон України «Про загальнообов'язкове державне пенсійне страхування», ст. 32"
TRANSPORT_BASIS = "Згода особи: Закон України «Про захист персональних даних», ст. 11 ч. 1 п. 1"


@pytest.fixture
def pfu(db):
    return services.register_client(
        code="pfu", name="Пенсійний фонд України", legal_basis="Положення про ПФУ", purposes=[
            {"code": "pension", "name": "призначення пенсії по інвалідності", "legal_basis": PFU_BASIS,
             "fields": [rules.ESTABLISHED, rules.GROUP_CAUSE, rules.PERIOD], "needs_consent": False}])


PFU_SUBSYSTEM = "UA/GOV/00035323/PFU"


@pytest.fixture
def pfu_via_trembita(pfu):
    """The Pension Fund registered to come only through its Трембіта subsystem."""
    pfu.xroad_client = PFU_SUBSYSTEM
    pfu.save()
    return pfu


@pytest.fixture
def transport(db):
    return services.register_client(
        code="kyiv-transport", name="КП «Київпастранс»", legal_basis="Статут; договір з ЦБІ",
        callback_url="http://127.0.0.1:9/notify", purposes=[
            {"code": "discount", "name": "пільговий проїзд", "legal_basis": TRANSPORT_BASIS,
             "fields": [rules.ESTABLISHED], "needs_consent": True}])


@pytest.fixture
def pfu_token(pfu):
    return services.issue_credential(client=pfu).token


@pytest.fixture
def transport_token(transport):
    return services.issue_credential(client=transport).token


def search_body(query: dict, *, purpose: str = "pension", sender: str = "pfu") -> dict:
    return {
        "header": {"version": "1.0.0", "message_id": f"msg-{uuid.uuid4()}", "message_ts": "2026-03-02T10:00:00+02:00",
                   "action": "search", "sender_id": sender, "receiver_id": "cbi.gov.ua", "total_count": 1},
        "message": {"transaction_id": "tx-1", "search_request": [{
            "reference_id": "ref-1", "timestamp": "2026-03-02T10:00:00+02:00",
            "search_criteria": {"version": "1.0.0", "reg_type": "ns:org:RegistryType:DR",
                                "query_type": "idtype-value", "query": query, "purpose": purpose}}]},
    }


def subscribe_body(query: dict, *, purpose: str) -> dict:
    body = search_body(query, purpose=purpose)
    item = body["message"].pop("search_request")[0]
    criteria = item.pop("search_criteria")
    criteria["reg_event_type"] = "update"
    criteria["filter_type"] = criteria.pop("query_type")
    criteria["filter"] = criteria.pop("query")
    criteria["notify_record_type"] = "disability-status"
    body["header"]["action"] = "subscribe"
    body["message"]["subscribe_request"] = [{**item, "subscribe_criteria": criteria}]
    return body


def post(client, url: str, body, token: str | None, *, remote_addr: str | None = None, **headers):
    import json

    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    if remote_addr:
        extra["REMOTE_ADDR"] = remote_addr
    if token:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    data = body if isinstance(body, (str, bytes)) else json.dumps(body, ensure_ascii=False)
    return client.post(url, data=data, content_type="application/json", **extra)
