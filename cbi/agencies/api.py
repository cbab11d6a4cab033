"""The agencies' API under /api/agencies/ (docs/agencies-api.md).

Plain Django views rather than the ninja router of /api/v1/: the bodies are the DCI envelope,
every refusal is an RFC 9457 problem document, the client is a bearer key (no session, no
CSRF), and the OpenAPI description is generated from the same pydantic models the bodies are
validated with (``schemas.py``, ``openapi.py``).

Order of checks, so that nothing tells a client without the right whether a person exists:
credential → rate limit → body → purpose → identifier format → (consent purposes: person and
consent together, one answer) → the answer, logged as a read of the person's data.
"""

from __future__ import annotations

import json
import uuid

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from pydantic import ValidationError as PydanticError

from cbi.web.json_limits import JsonRefused, load_bounded
from cbi.web.throttle import RateLimit

from . import openapi, schemas, selectors, services
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


def _exchange_headers(request: HttpRequest) -> tuple[str, str]:
    client = request.headers.get("X-Road-Client") or request.headers.get("Uxp-Client") or ""
    message_id = request.headers.get("X-Road-Id") or request.headers.get("Uxp-Transaction-Id") or ""
    return client[:255], message_id[:128]


def _respond(request, body: dict, status: int, *, content_type: str, log: dict) -> HttpResponse:
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=content_type)
    exchange_client, exchange_id = _exchange_headers(request)
    for name in ("X-Road-Id", "Uxp-Transaction-Id"):
        if request.headers.get(name):
            response[name] = exchange_id
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
    if not RateLimit("agency-api", limit=client.rate_limit_per_minute, window_seconds=60).hit(client.code):
        raise Refused(Code.RATE_LIMITED)
    return client


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


def _header(*, action: str, receiver: str) -> dict:
    from django.conf import settings

    return {"version": "1.0.0", "message_id": str(uuid.uuid4()), "message_ts": timezone.now().isoformat(),
            "action": action, "status": "succ", "sender_id": settings.AGENCY_SENDER_ID, "receiver_id": receiver,
            "total_count": 1, "is_msg_encrypted": False}


@csrf_exempt
@require_POST
def search(request: HttpRequest) -> HttpResponse:
    log: dict = {"action": "search"}
    try:
        log["client"] = client = _authenticate(request)
        body = _parse(request, schemas.SearchRequest)
        log["message_id"] = body.header.message_id
        item = body.message.search_request[0]
        purpose = _purpose(client, item.search_criteria.purpose)
        person = _person_for(purpose, item.search_criteria.query)
    except Refused as refused:
        return _problem(request, refused, log)
    record = services.answer_about(client=client, purpose=purpose, person=person)
    now = timezone.now().isoformat()
    answer = {
        "header": _header(action="on-search", receiver=body.header.sender_id),
        "message": {"transaction_id": body.message.transaction_id, "correlation_id": body.header.message_id,
                    "search_response": [{
                        "reference_id": item.reference_id, "timestamp": now, "status": "succ", "locale": "uk",
                        "data": {"version": "1.0.0", "reg_type": selectors.REG_TYPE,
                                 "reg_record_type": "disability-status", "purpose": purpose.code,
                                 "legal_basis": purpose.legal_basis, "reg_records": [record]}}]},
    }
    return _respond(request, answer, 200, content_type="application/json", log={**log, "outcome": "answered"})


@csrf_exempt
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    log: dict = {"action": "subscribe"}
    try:
        log["client"] = client = _authenticate(request)
        body = _parse(request, schemas.SubscribeRequest)
        log["message_id"] = body.header.message_id
        item = body.message.subscribe_request[0]
        purpose = _purpose(client, item.subscribe_criteria.purpose)
        person = _person_for(purpose, item.subscribe_criteria.query)
    except Refused as refused:
        return _problem(request, refused, log)
    subscription = services.subscribe(client=client, purpose=purpose, person=person)
    now = timezone.now().isoformat()
    answer = {
        "header": _header(action="on-subscribe", receiver=body.header.sender_id),
        "message": {"transaction_id": body.message.transaction_id, "correlation_id": body.header.message_id,
                    "subscribe_response": [{
                        "reference_id": item.reference_id, "timestamp": now, "status": "succ",
                        "subscriptions": [{"code": str(subscription.code), "status": "subscribe",
                                           "timestamp": subscription.created_at.isoformat(),
                                           "purpose": purpose.code, "legal_basis": purpose.legal_basis}]}]},
    }
    return _respond(request, answer, 200, content_type="application/json", log={**log, "outcome": "subscribed"})


@require_GET
def openapi_json(request: HttpRequest) -> HttpResponse:
    return HttpResponse(openapi.document_json(), content_type="application/json; charset=utf-8")
