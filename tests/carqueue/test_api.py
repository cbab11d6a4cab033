"""POST /api/v1/car-queue/evaluate: staff only, CSRF, 400 with field paths, OpenAPI schemas,
and the same decisions as the engine and the command for every worked example."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils.crypto import get_random_string

from cbi.carqueue.rules import Decision, Facts, RulesConfig, decision_json_schema, evaluate, facts_json_schema
from cbi.carqueue.rules.examples import load_examples, mismatches
from cbi.carqueue.settings.services import update_rules_settings
from tests.carqueue.builders import base_facts, merge
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

URL = "/api/v1/car-queue/evaluate"
EXAMPLES = load_examples(Path(__file__).resolve().parents[2] / "docs" / "carqueue-worked-examples.md")


class Api:
    """A staff member's browser: session cookie, CSRF cookie and the X-CSRFToken header."""

    def __init__(self, client: Client):
        self.client = client
        self.token = get_random_string(32)
        self.client.cookies["csrftoken"] = self.token

    def post(self, body, *, token: str | None = "same", content_type="application/json"):
        data = body if isinstance(body, (str, bytes)) else json.dumps(body, ensure_ascii=False)
        headers = {} if token is None else {"X-CSRFToken": self.token if token == "same" else token}
        return self.client.post(URL, data=data, content_type=content_type, headers=headers)


def staff_api(user) -> Api:
    client = signed_in(user)
    client.handler.enforce_csrf_checks = True
    return Api(client)


@pytest.fixture
def api(district_officer) -> Api:
    return staff_api(district_officer)


def command_output(facts: dict, tmp_path: Path) -> str:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("carqueue_evaluate", str(path), stdout=out)
    return out.getvalue()


def test_officer_gets_the_decision_for_olena_petrenko(api):
    response = api.post(base_facts())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body == evaluate(base_facts()).model_dump(mode="json")
    assert body["eligible"] is True
    assert body["category"] == "general"
    assert body["enrollment_date"] == "2024-04-02"
    assert [r["rule_id"] for r in body["applied_rules"]][:2] == ["CQ-ELIG-1", "CQ-ELIG-2"]
    assert "Петренко" not in response.content.decode()  # the decision does not echo the person's name


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.title.split(" — ")[0] for e in EXAMPLES])
def test_api_and_command_give_the_same_json_for_every_worked_example(example, api, tmp_path):
    response = api.post(example.facts)
    assert response.status_code == 200, response.content
    printed = command_output(example.facts, tmp_path)
    assert printed == response.content.decode() + "\n"
    decision = json.loads(printed)
    assert mismatches(decision, example.expected) == []
    assert decision == evaluate(example.facts).model_dump(mode="json")


def test_invalid_document_is_a_400_naming_each_field(api):
    facts = merge(base_facts(), {"person": {"birth_date": "27.03.1985", "citizen_of_ukraine": "так"}})
    del facts["application"]
    response = api.post(facts)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "The facts document is not valid."
    paths = {error["path"]: error for error in body["errors"]}
    assert set(paths) == {"person.birth_date", "person.citizen_of_ukraine", "application"}
    assert "YYYY-MM-DD" in paths["person.birth_date"]["message"]
    assert paths["application"]["type"] == "missing"


@pytest.mark.parametrize("body, path", [
    ("{не json", ""),
    ("", ""),
    ("[1, 2]", ""),
    (json.dumps(merge(base_facts(), {"vehicles": [{"kind": "car", "acquired_how": "purchased",
                                                     "registered_on": "2020-01-01"}]})), "vehicles.0.model_year"),
    (json.dumps(merge(base_facts(), {"disability": {"term": "fixed"}})), "disability.valid_until"),
    (json.dumps(merge(base_facts(), {"unknown_key": 1})), "unknown_key"),
])
def test_never_422_nor_500(api, body, path):
    response = api.post(body)
    assert response.status_code == 400
    assert path in [error["path"] for error in response.json()["errors"]]


def test_form_encoded_body_is_refused_with_400(api):
    response = api.post("person=1", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_decision_uses_the_current_settings(api, administrator):
    war = merge(base_facts(), {"disability": {"cause": "war"}})
    assert api.post(war).json()["share"] == {"kind": "free", "paid_percent": 0, "ground_code": "war_disability"}
    config = RulesConfig().model_dump(mode="json")
    config["category_grounds"][0]["paid_percent"] = 25
    update_rules_settings(actor=administrator, config=config, reason="Наказ Мінсоцполітики № 123 від 01.06.2024")
    assert api.post(war).json()["share"] == {"kind": "paid", "paid_percent": 25, "ground_code": "war_disability"}


def test_anonymous_is_401_json(client):
    response = client.post(URL, data=json.dumps(base_facts()), content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_password_without_second_factor_is_401(district_officer):
    client = Client()
    client.force_login(district_officer, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(URL, data=json.dumps(base_facts()), content_type="application/json")
    assert response.status_code == 401


def test_signed_in_user_without_staff_profile_is_401(db):
    from django.contrib.auth import get_user_model
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.create_user("citizen", password="x")
    device = TOTPDevice.objects.create(user=user, name="t", confirmed=True)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert client.post(URL, data=json.dumps(base_facts()), content_type="application/json").status_code == 401


def test_csrf_token_is_required(api):
    assert api.post(base_facts(), token=None).status_code == 403
    assert api.post(base_facts(), token=get_random_string(32)).status_code == 403
    assert api.post(base_facts()).status_code == 200


def test_every_staff_role_may_evaluate(administrator, auditor, regional_officer):
    for user in (administrator, auditor, regional_officer):
        assert staff_api(user).post(base_facts()).status_code == 200


# --- OpenAPI -------------------------------------------------------------------------------


def _as_components(schema):
    """A standalone JSON Schema as ninja puts it in OpenAPI components: $defs become
    components, and ``"default": null`` is left out (ninja's schema generator omits it)."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if not (k == "default" and v is None)}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    text = json.dumps(schema).replace('"#/$defs/', '"#/components/schemas/')
    return strip(json.loads(text))


def _unwrap_all_of(value):
    """ninja writes a $ref with siblings (e.g. a default) as ``allOf: [{$ref}]``; the same
    schema in JSON Schema 2020-12 terms."""
    if isinstance(value, dict):
        value = {k: _unwrap_all_of(v) for k, v in value.items()}
        all_of = value.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1 and set(all_of[0]) == {"$ref"}:
            value = {**{k: v for k, v in value.items() if k != "allOf"}, **all_of[0]}
        return value
    if isinstance(value, list):
        return [_unwrap_all_of(v) for v in value]
    return value


@pytest.fixture
def openapi(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_documents_the_facts_body_and_the_decision(openapi):
    operation = openapi["paths"]["/api/v1/car-queue/evaluate"]["post"]
    body = operation["requestBody"]
    assert body["required"] is True
    assert "#/components/schemas/Facts" in json.dumps(body["content"]["application/json"]["schema"])
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Decision"}
    assert set(operation["responses"]) >= {"200", "400", "401", "403"}
    assert "FactsErrors" in json.dumps(operation["responses"]["400"])


@pytest.mark.parametrize("model, schema", [(Facts, facts_json_schema), (Decision, decision_json_schema)])
def test_openapi_components_are_the_engines_json_schemas(openapi, model, schema):
    components = _unwrap_all_of(openapi["components"]["schemas"])
    expected = _as_components(schema())
    definitions = expected.pop("$defs", {})
    assert components[model.__name__] == expected
    for name, definition in definitions.items():
        assert components[name] == definition, name


@pytest.mark.parametrize("body,code", [
    ("[" * 20000 + "]" * 20000, "json_too_deep"),
    ('{"person": ' * 40 + "1" + "}" * 40, "json_too_deep"),
    (json.dumps({"note": "Заява " * 60000}, ensure_ascii=False), "json_too_large"),
    ('{"person": "Петренко', "json_invalid"),
])
def test_a_body_too_deep_too_large_or_broken_is_a_400_that_says_which(api, body, code):
    """An outside probe sent deeply nested JSON and got a 500; every such body gets a 400
    with the reason, and the server keeps answering."""
    response = api.post(body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["type"] for e in errors] == [code]
    assert api.post(base_facts()).status_code == 200


def test_nesting_is_counted_outside_strings():
    from cbi.web.json_limits import nesting_depth

    assert nesting_depth('{"a": "[[[[[[", "b": [[1]]}', stop_after=10) == 3
    assert nesting_depth('["\\"[[[[", {"c": []}]', stop_after=10) == 3
