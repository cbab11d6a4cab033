"""Car-queue API: ``POST /api/v1/car-queue/evaluate`` (see docs/carqueue-api.md).

The body is the facts document (JSON Schema: ``Facts`` in /api/v1/openapi.json and
docs/carqueue-facts.schema.json); the answer is ``Decision.model_dump(mode="json")`` as the
engine returns it, evaluated with the current rules settings, rendered exactly as the
``carqueue_evaluate`` command prints it. A refused document is a 400 listing every error
with its field path — never ninja's 422.

Staff only: a signed-in session with a verified second factor and a staff profile, and the
CSRF token (header ``X-CSRFToken``) as for every unsafe request made with a session.
"""

from __future__ import annotations

import json
from functools import wraps
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Body, Router, Schema
from ninja.decorators import decorate_view
from ninja.security import SessionAuth
from pydantic_core import core_schema

from cbi.accounts.roles import staff_profile
from cbi.web.json_limits import JsonRefused, load_bounded

from .settings import evaluation
from .error_codes import CarqueueErrorCode
from .rules import Decision, Facts

router = Router(tags=["car queue"])


class StaffSessionAuth(SessionAuth):
    """Django session of an active staff member who passed the second factor."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if (user.is_authenticated and user.is_active and getattr(user, "is_verified", lambda: False)()
                and staff_profile(user) is not None):
            return user
        return None


class _FactsDocument:
    """Any JSON value reaches the view unchanged (the view validates it and answers 400 with
    field paths); the OpenAPI schema of the body is the facts document's."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        return core_schema.no_info_plain_validator_function(
            lambda value: value, json_schema_input_schema=handler.generate_schema(Facts)
        )


FactsDocument = Annotated[Any, _FactsDocument]


class FieldError(Schema):
    path: str
    message: str
    type: str


class FactsErrors(Schema):
    detail: str
    errors: list[FieldError]


class Detail(Schema):
    detail: str


_UNPARSEABLE = "_carqueue_unparseable_json"


def _catch_unparseable_json(run):
    """ninja answers a body that is not JSON with its own message (and a body nested too deep
    with a 500); keep our error format by noting the problem and letting the view answer it
    (after authentication and CSRF)."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        if request.body:
            try:
                load_bounded(request.body)
            except JsonRefused as refused:
                setattr(request, _UNPARSEABLE, refused)
                request._body = b""
        return run(request, *args, **kwargs)

    return wrapper


def _json(text: str, status: int = 200) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="application/json; charset=utf-8")


@router.post(
    "/evaluate",
    auth=StaffSessionAuth(),
    response={200: Decision, 400: FactsErrors, 401: Detail, 403: Detail},
    summary="Evaluate a facts document against the car-queue rules",
    description=(
        "Runs every rule of Resolution No. 999 (CQ-…) on the facts document with the current rules settings "
        "and returns the decision: eligibility, category, enrollment date, share and every applied rule with "
        "its citation. Nothing is stored. Staff session with a verified second factor and the CSRF token "
        "(`X-CSRFToken` header) required. A refused document gets 400 with each error's field path."
    ),
    openapi_extra={"requestBody": {"required": True}},
)
@decorate_view(_catch_unparseable_json)
def evaluate_facts(request: HttpRequest, facts: FactsDocument = Body(None)):
    try:
        unparseable = getattr(request, _UNPARSEABLE, None)
        if unparseable is not None:
            raise evaluation.FactsInvalid([{"path": "", "message": str(unparseable), "type": unparseable.code}],
                                        code=CarqueueErrorCode.FACTS_INVALID.value)
        decision = evaluation.evaluate_document(facts)
    except evaluation.FactsInvalid as invalid:
        body = {"detail": "The facts document is not valid.", "errors": invalid.errors}
        return _json(json.dumps(body, ensure_ascii=False, indent=2), status=400)
    return _json(evaluation.decision_json(decision))
