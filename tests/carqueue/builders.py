"""Builders of realistic facts documents for the car-queue rule tests."""

from __future__ import annotations

import copy
from typing import Any

from cbi.carqueue.rules import Decision, RulesConfig, evaluate

EVALUATION_DATE = "2024-05-15"


def merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge `changes` into a copy of `base` (dicts merge, other values replace;
    a value of None deletes the key)."""
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def base_facts() -> dict[str, Any]:
    """Петренко Олена Іванівна, group II general disease, applied in person on
    12.03.2024, expert team found indications on 02.04.2024; register checked."""
    return {
        "evaluation_date": EVALUATION_DATE,
        "person": {
            "full_name": "Петренко Олена Іванівна",
            "birth_date": "1975-03-02",
            "citizen_of_ukraine": True,
            "registered_residence_in_ukraine": True,
        },
        "disability": {
            "group": "II",
            "cause": "general_disease",
            "term": "indefinite",
            "established_on": "2020-01-10",
        },
        "assessments": [
            {
                "kind": "expert_team",
                "assessed_on": "2024-04-02",
                "conclusion_number": "ЕК-0412/24",
                "indications_for_car": True,
            }
        ],
        "application": {
            "registered_on": "2024-03-12",
            "received_via": "in_person",
            "journal_number": 117,
            "kind": "first",
        },
        "vehicle_register": {"source": "fake", "fetched_on": "2024-05-10", "covers_from": "2015-01-01"},
    }


def facts(**changes: Any) -> dict[str, Any]:
    return merge(base_facts(), changes)


def vehicle(**changes: Any) -> dict[str, Any]:
    """A Daewoo Lanos bought by the person; override what matters."""
    return merge(
        {
            "ref": "AA1234BC",
            "description": "Daewoo Lanos",
            "kind": "car",
            "acquired_how": "purchased",
            "whose": "person",
            "registered_on": "2019-06-20",
            "in_operation_since": "2016-04-01",
        },
        changes,
    )


def enrolled(on: str = "2021-09-14", **changes: Any) -> dict[str, Any]:
    """Facts of a person enrolled on `on`."""
    return facts(
        queue_entry={"enrolled_on": on, "category": "general", "journal_number": 58},
        application={"registered_on": "2021-08-30"},
        assessments=[
            {"kind": "msek", "assessed_on": on, "conclusion_number": "123", "indications_for_car": True}
        ],
        **changes,
    )


def run(data: dict[str, Any], config: RulesConfig | None = None) -> Decision:
    return evaluate(data, config)


def outcome(decision: Decision, rule_id: str) -> str:
    return decision.rule(rule_id).outcome.value
