"""The OpenAPI 3.1 description of the agencies' API, generated from ``schemas.py``.

``manage.py agencies_openapi`` writes it to docs/agencies-openapi.json; a test compares the
committed file with a fresh one, so the description and the validation never part."""

from __future__ import annotations

import json

from pydantic.json_schema import models_json_schema

from . import schemas

PROBLEM = {"description": "A problem (RFC 9457)",
           "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}

PROBLEMS = {
    "400": "request_invalid (the body does not match the description) or identifier_invalid",
    "401": "credential_missing, credential_invalid or credential_expired",
    "403": "purpose_not_granted (the client has no such current purpose), exchange_client_mismatch (not "
           "through the registered Трембіта/X-Road subsystem) or client_certificate_mismatch (not with the "
           "registered client certificate)",
    "404": "person_not_found (only for purposes that need no consent) or no_consent (a purpose that needs the "
           "person's consent: no consent in force, or no such person — the same answer)",
    "429": "rate_limited (Retry-After says when)",
}


def _operation(summary: str, description: str, request: str, response: str) -> dict:
    responses = {"200": {"description": "The answer", "content": {
        "application/json": {"schema": {"$ref": f"#/components/schemas/{response}"}}}}}
    for status, text in PROBLEMS.items():
        responses[status] = {**PROBLEM, "description": text}
    return {"post": {
        "summary": summary, "description": description, "security": [{"bearer": []}],
        "parameters": [
            {"name": "X-Road-Client", "in": "header", "required": False, "schema": {"type": "string"},
             "description": "Set by the X-Road / Трембіта security server: the client subsystem "
                            "INSTANCE/CLASS/MEMBER[/SUBSYSTEM] (X-Road Message Protocol for REST, 4.3). Recorded; "
                            "when the client is registered with a subsystem, a request with another or none is "
                            "refused (exchange_client_mismatch)"},
            {"name": "Uxp-Client", "in": "header", "required": False, "schema": {"type": "string"},
             "description": "The same, as Трембіта's UXP security server names it (header name not verified)"},
            {"name": "X-Road-Id", "in": "header", "required": False, "schema": {"type": "string"},
             "description": "The exchange message id; recorded (the security server puts it on the answer)"},
            {"name": "Uxp-Transaction-Id", "in": "header", "required": False, "schema": {"type": "string"},
             "description": "The same, as Трембіта's UXP names it (header name not verified); recorded"},
        ],
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{request}"}}}},
        "responses": responses,
    }}


def document() -> dict:
    _, defs = models_json_schema(
        [(m, "validation") for m in (schemas.SearchRequest, schemas.SearchResponse, schemas.SubscribeRequest,
                                     schemas.SubscribeResponse, schemas.Notify, schemas.Problem)],
        ref_template="#/components/schemas/{model}")
    return {
        "openapi": "3.1.0",
        "info": {"title": "ЦБІ — disability status for other agencies", "version": "1",
                 "description": "DCI disability-registry search and subscribe/notify (docs/agencies-api.md). "
                                "Every answer carries the legal basis of the client's purpose and is logged as "
                                "a read of the person's data."},
        "servers": [{"url": "/api/agencies"}],
        "paths": {
            "/registry/sync/search": _operation(
                "Disability status of one person", "Answers only the fields the purpose allows.",
                "SearchRequest", "SearchResponse"),
            "/registry/subscribe": _operation(
                "Be told when a person's disability status changes",
                "Notifications are POSTed to the client's registered callback as a `Notify` body, signed "
                "with `X-CBI-Signature: sha256=<HMAC-SHA256 of the body>`.",
                "SubscribeRequest", "SubscribeResponse"),
        },
        "components": {
            "schemas": defs["$defs"],
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "`<key id>.<secret>` issued by `manage.py agency_client`"}},
        },
    }


def document_json() -> str:
    return json.dumps(document(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
