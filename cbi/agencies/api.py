"""The agencies' API under /api/agencies/ (docs/agencies-api.md).

Plain Django views rather than the ninja router of /api/v1/: the bodies are the DCI envelope,
every refusal is an RFC 9457 problem document, the client is a bearer key (no session, no
CSRF), and the OpenAPI description is generated from the same pydantic models the bodies are
validated with (``schemas.py``, ``openapi.py``).

Order of checks, so that nothing tells a client without the right whether a person exists:
credential → the channel it came by (its registered Трембіта/X-Road client id, its registered
client certificate) → rate limit → body → purpose → identifier format → (consent purposes:
person and consent together, one answer) → the answer, logged as a read of the person's data.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from pydantic import ValidationError as PydanticError

from cbi.web.json_limits import JsonRefused, load_bounded
from cbi.web.throttle import RateLimit

from . import channel, envelope, openapi, schemas, selectors, services
from .error_codes import AgenciesErrorCode as Code
from .models import AgencyRequest

PROBLEM_BASE = "https://cbi.gov.ua/problems/agencies/"

# Each problem: HTTP status, title (English: the API's callers are systems; the detail names
# what to do). The titles are the API's contract, not interface text.
PROBLEMS = {
    Code.CREDENTIAL_MISSING: (401, "No credential", "Send `Authorization: Bearer <key id>.<secret>`."),
    Code.CREDENTIAL_INVALID: (401, "Credential not recognised",
                              "The key is unknown or revoked. Ask the ЦБІ administrator for a new one."),
    Code.CREDENTIAL_EXPIRED: (401, "Credential expired",
                              "The key has expired. Ask the ЦБІ administrator to issue a new one."),
    Code.EXCHANGE_CLIENT_MISMATCH: (
        403, "Exchange client does not match",
        "This client is registered to come through Трембіта (X-Road) as a particular client subsystem; the "
        "request's X-Road-Client (or Uxp-Client) header is missing or names another. Send the request through "
        "the registered subsystem."),
    Code.CLIENT_CERTIFICATE_MISMATCH: (
        403, "Client certificate does not match",
        "This client is registered with a client certificate; the request came without it, or with another, "
        "or not through the TLS-terminating proxy ЦБІ trusts. Connect with the registered certificate."),
    Code.RATE_LIMITED: (429, "Too many requests", "The client's rate limit is reached. Retry after a minute."),
    Code.REQUEST_INVALID: (400, "Request does not match the description",
                           "Correct the fields listed in `errors` (see /api/agencies/openapi.json)."),
    Code.IDENTIFIER_INVALID: (400, "Malformed identifier",
                              "The РНОКПП has ten digits with a valid check digit; a document has the series and "
                              "number of its kind. Check the identifier."),
    Code.PURPOSE_NOT_GRANTED: (403, "Purpose not granted",
                               "This client is not registered for this purpose, or the purpose has ended."),
    Code.PERSON_NOT_FOUND: (404, "Person not found", "ЦБІ has no person with this identifier."),
    Code.NO_CONSENT: (404, "No consent in force",
                      "This purpose needs the person's consent, and ЦБІ has no consent in force for this "
                      "identifier. The person gives consent in the electronic cabinet."),
}


class Refused(Exception):
    def __init__(self, code: Code, errors: list | None = None):
        super().__init__(code.value)
        self.code = code
        self.errors = errors


def _respond(request, body: dict, status: int, *, content_type: str, log: dict) -> HttpResponse:
    # The exchange's own headers (X-Road-Id, …) are not set here: the provider's security server
    # sets them on the answer (X-Road Message Protocol for REST, 4.3).
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=content_type)
    exchange_client, exchange_id = channel.exchange_client(request)[:255], channel.exchange_message_id(request)[:128]
    if log.get("message_id"):
        response["X-CBI-Correlation-Id"] = log["message_id"]
    if status == 429:
        response["Retry-After"] = "60"
    AgencyRequest.objects.create(client=log.get("client"), action=log["action"], message_id=log.get("message_id", ""),
                                 exchange_client=exchange_client, exchange_message_id=exchange_id, status=status,
                                 outcome=log["outcome"])
    return response


def _problem(request, refused: Refused, log: dict) -> HttpResponse:
    status, title, detail = PROBLEMS[refused.code]
    body = {"type": PROBLEM_BASE + refused.code.value, "title": title, "status": status, "detail": detail,
            "code": refused.code.value, "correlation_id": log.get("message_id") or None}
    if refused.errors:
        body["errors"] = refused.errors
    return _respond(request, body, status, content_type="application/problem+json",
                    log={**log, "outcome": refused.code.value})


def _authenticate(request: HttpRequest):
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused(Code.CREDENTIAL_MISSING)
    try:
        credential = selectors.credential_for(token.strip())
    except selectors.CredentialRefused as refused:
        raise Refused(Code(refused.code)) from None
    client = credential.client
    if not channel.exchange_client_matches(request, client.xroad_client):
        raise Refused(Code.EXCHANGE_CLIENT_MISMATCH)
    if not channel.certificate_matches(request, client.tls_client_fingerprint):
        raise Refused(Code.CLIENT_CERTIFICATE_MISMATCH)
    if not within_rate_limit(client):
        raise Refused(Code.RATE_LIMITED)
    return client


def within_rate_limit(client) -> bool:
    """Count one request of ``client``; False past its requests a minute. The count is in the
    shared cache (cbi/web/throttle.py), so the limit holds across every worker and server."""
    return RateLimit("agency-api", limit=client.rate_limit_per_minute, window_seconds=60).hit(client.code)


def _parse(request: HttpRequest, model):
    try:
        data = load_bounded(request.body)
    except JsonRefused as refused:
        raise Refused(Code.REQUEST_INVALID, [{"path": "", "message": str(refused)}]) from None
    try:
        return model.model_validate(data)
    except PydanticError as error:
        raise Refused(Code.REQUEST_INVALID, [
            {"path": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in error.errors()]) from None


def _purpose(client, code: str):
    purpose = client.purposes.filter(code=code).first()
    if purpose is None or not purpose.is_current():
        raise Refused(Code.PURPOSE_NOT_GRANTED)
    return purpose


def _person_for(purpose, query: schemas.IdentifierQuery):
    """The person the client may be answered about, or a refusal that says no more than the
    client may know: for a consent purpose an unknown person and a missing consent are one answer."""
    try:
        person = selectors.find_person(query.model_dump())
    except selectors.IdentifierInvalid:
        raise Refused(Code.IDENTIFIER_INVALID) from None
    if purpose.needs_consent:
        if person is None or not selectors.may_ask(purpose=purpose, person=person):
            raise Refused(Code.NO_CONSENT)
    elif person is None:
        raise Refused(Code.PERSON_NOT_FOUND)
    return person


class Admitted(NamedTuple):
    client: object
    body: object
    item: object
    criteria: object
    purpose: object
    person: object


def _admit(request: HttpRequest, log: dict, model, *, items: str, criteria: str, person_in: str) -> Admitted:
    """The checks every request passes, in the order of the module's docstring; raises Refused."""
    log["client"] = client = _authenticate(request)
    body = _parse(request, model)
    log["message_id"] = body.header.message_id
    item = getattr(body.message, items)[0]
    found = getattr(item, criteria)
    purpose = _purpose(client, found.purpose)
    return Admitted(client, body, item, found, purpose, _person_for(purpose, getattr(found, person_in)))


@csrf_exempt
@require_POST
def search(request: HttpRequest) -> HttpResponse:
    log: dict = {"action": "search"}
    try:
        asked = _admit(request, log, schemas.SearchRequest, items="search_request", criteria="search_criteria",
                       person_in="query")
    except Refused as refused:
        return _problem(request, refused, log)
    record = services.answer_about(client=asked.client, purpose=asked.purpose, person=asked.person)
    answer = envelope.answer(action="on-search", request=asked.body, items_key="search_response", item={
        "reference_id": asked.item.reference_id, "locale": envelope.LOCALE,
        "data": envelope.registry_data(purpose=asked.purpose, record=record)})
    return _respond(request, answer, 200, content_type="application/json", log={**log, "outcome": "answered"})


@csrf_exempt
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    log: dict = {"action": "subscribe"}
    try:
        asked = _admit(request, log, schemas.SubscribeRequest, items="subscribe_request",
                       criteria="subscribe_criteria", person_in="filter")
    except Refused as refused:
        return _problem(request, refused, log)
    purpose = asked.purpose
    subscription = services.subscribe(client=asked.client, purpose=purpose, person=asked.person)
    answer = envelope.answer(action="on-subscribe", request=asked.body, items_key="subscribe_response", item={
        "reference_id": asked.item.reference_id, "subscriptions": [{
            "code": str(subscription.code), "status": "subscribe", "timestamp": subscription.created_at.isoformat(),
            "reg_type": envelope.REG_TYPE, "reg_event_type": asked.criteria.reg_event_type,
            "notify_record_type": envelope.REG_RECORD_TYPE, "purpose": purpose.code,
            "legal_basis": purpose.legal_basis}]})
    return _respond(request, answer, 200, content_type="application/json", log={**log, "outcome": "subscribed"})


@require_GET
def openapi_json(request: HttpRequest) -> HttpResponse:
    return HttpResponse(openapi.document_json(), content_type="application/json; charset=utf-8")
