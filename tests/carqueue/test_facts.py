"""The facts document: strict validation with exact field paths, and its JSON Schema."""

import json

import pytest
from pydantic import ValidationError

from cbi.carqueue.rules import Facts, facts_json_schema, parse_facts

from .builders import facts, merge


def _errors(data: dict) -> list[tuple[tuple, str]]:
    with pytest.raises(ValidationError) as info:
        Facts.model_validate(data)
    return [(error["loc"], error["msg"]) for error in info.value.errors()]


def test_valid_document_parses() -> None:
    parsed = parse_facts(facts())
    assert parsed.person.full_name == "Петренко Олена Іванівна"
    assert parse_facts(json.dumps(facts())) == parsed


def test_typo_is_refused_with_path() -> None:
    errors = _errors(merge(facts(), {"person": {"citizen_of_ukrane": True}}))
    assert (("person", "citizen_of_ukrane"), "Extra inputs are not permitted") in errors


def test_date_must_be_iso() -> None:
    errors = _errors(merge(facts(), {"application": {"registered_on": "12.03.2024"}}))
    assert errors[0][0] == ("application", "registered_on")
    assert "YYYY-MM-DD" in errors[0][1]


@pytest.mark.parametrize("bad", [1710201600, "2024-03-12T00:00:00", "2024-02-30"])
def test_date_rejects_timestamps_datetimes_and_impossible_dates(bad: object) -> None:
    errors = _errors(merge(facts(), {"application": {"registered_on": bad}}))
    assert errors[0][0] == ("application", "registered_on")


def test_bool_is_strict() -> None:
    errors = _errors(merge(facts(), {"person": {"citizen_of_ukraine": "yes"}}))
    assert errors[0][0] == ("person", "citizen_of_ukraine")


def test_enum_is_closed() -> None:
    errors = _errors(merge(facts(), {"disability": {"cause": "illness"}}))
    assert errors[0][0] == ("disability", "cause")


def test_required_field_missing() -> None:
    data = facts()
    del data["person"]["birth_date"]
    assert (("person", "birth_date"), "Field required") in _errors(data)


def test_fixed_term_needs_valid_until() -> None:
    errors = _errors(merge(facts(), {"disability": {"term": "fixed"}}))
    assert errors[0][0] == ("disability", "valid_until")
    assert "fixed" in errors[0][1]


def test_replacement_needs_previous_issue_date() -> None:
    errors = _errors(merge(facts(), {"application": {"kind": "replacement"}}))
    assert errors[0][0] == ("application", "previous_car_issued_on")


def test_joint_family_needs_dates() -> None:
    errors = _errors(merge(facts(), {"application": {"kind": "joint_family"}}))
    assert errors[0][0] == ("application", "family_enrollment_dates")


def test_vehicle_needs_operation_start() -> None:
    data = facts(vehicles=[{"kind": "car", "acquired_how": "purchased", "registered_on": "2020-01-01"}])
    errors = _errors(data)
    assert errors[0][0] == ("vehicles", 0, "model_year")


def test_chornobyl_cause_needs_status() -> None:
    errors = _errors(merge(facts(), {"disability": {"cause": "chornobyl"}}))
    assert errors[0][0] == ("disability", "chornobyl")


def test_item8_exception_needs_reason() -> None:
    errors = _errors(facts(item8_exception={"code": "x"}))
    assert (("item8_exception", "reason"), "Field required") in errors


def test_application_after_evaluation_date_refused() -> None:
    errors = _errors(merge(facts(), {"application": {"registered_on": "2024-06-01"}}))
    assert errors[0][0] == ("application",)
    assert "registered_on" in errors[0][1]


def test_json_schema_is_strict_document() -> None:
    schema = facts_json_schema()
    assert schema["additionalProperties"] is False
    assert {"evaluation_date", "person", "disability", "application"} <= set(schema["required"])
    json.dumps(schema)
