"""The officers' what-if page: typed facts → the engine's decision with the current
settings; errors named at the fields; nothing written to the database."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cbi.carqueue.settings.forms import WhatIfForm
from cbi.carqueue.rules import RULE_IDS, RulesConfig, evaluate
from cbi.carqueue.settings.services import update_rules_settings
from tests.carqueue.builders import base_facts
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

URL = "/staff/car-queue/what-if/"


def petrenko(**changes) -> dict:
    """Олена Петренко: group II, general disease, expert team found indications on 02.04.2024."""
    data = {
        "evaluation_date": "2024-05-15", "birth_date": "1975-03-02",
        "citizen_of_ukraine": "on", "registered_residence_in_ukraine": "on",
        "disability_group": "II", "disability_cause": "general_disease", "disability_term": "indefinite",
        "established_on": "2020-01-10",
        "assessment_kind": "expert_team", "assessed_on": "2024-04-02", "indications_for_car": "on",
        "registered_on": "2024-03-12", "received_via": "in_person", "application_kind": "first",
        "vehicle_whose": "person",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_form_builds_the_same_facts_as_the_document():
    form = WhatIfForm(petrenko())
    assert form.is_valid(), form.errors
    facts = form.facts_document()
    expected = base_facts()
    assert facts["person"]["birth_date"] == expected["person"]["birth_date"]
    decision = evaluate(facts)
    assert (decision.eligible, decision.category, str(decision.enrollment_date)) == (True, "general", "2024-04-02")


def test_empty_page_shows_the_form_without_a_result(officer_client):
    response = officer_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="birth_date_day"' in page and 'name="birth_date_year"' in page and 'type="date"' not in page
    assert 'id="result"' not in page


def test_eligible_person_gets_category_date_share_and_every_rule(officer_client):
    with translation_en(officer_client):
        response = officer_client.post(URL, petrenko())
    page = text(response)
    assert response.status_code == 200
    assert "The person can be enrolled in the car queue." in page
    assert "general queue" in page
    assert "02.04.2024" in page
    assert "free of charge" in page
    for rule_id in RULE_IDS:
        assert f"{rule_id} " in page
    assert "Постанова КМУ № 999, п. 36, абз. 1" in page  # citation
    assert "the expert team" in page.lower() or "assessment" in page  # the English reason


def test_ukrainian_reason_in_ukrainian(officer_client):
    page = text(officer_client.post(URL, petrenko()))
    form = WhatIfForm(petrenko())
    assert form.is_valid()
    decision = evaluate(form.facts_document())
    assert decision.rule("CQ-DATE-1").reason_uk in page
    assert decision.rule("CQ-DATE-1").reason_en not in page


def test_ineligible_person_with_a_recent_car(officer_client):
    with translation_en(officer_client):
        response = officer_client.post(URL, petrenko(
            vehicle_kind="car", vehicle_acquired_how="purchased", vehicle_in_operation_since="2019-06-01",
            vehicle_registered_on="2019-06-10"))
    page = text(response)
    assert "The person cannot be enrolled in the car queue." in page
    assert re.search(r"CQ-ELIG-2 not met", page)


def test_child_under_5_is_not_eligible(officer_client):
    page = text(officer_client.post(URL, petrenko(birth_date="2021-01-15", disability_group="child",
                                                    representative_kind="parent")))
    assert "CQ-ELIG-1" in page
    assert evaluate(base_facts()).eligible  # sanity: the base case is eligible


def test_current_settings_are_used(officer_client, administrator):
    update_rules_settings(actor=administrator, reason="Наказ № 5 від 01.06.2024",
                          config=RulesConfig(work_injury_enrollment_rule="assessment_date"))
    page = text(officer_client.post(URL, petrenko(disability_cause="work_injury")))
    assert "02.04.2024" in page  # the assessment date, not the application date 12.03.2024


def test_invalid_input_names_the_fields(officer_client):
    with translation_en(officer_client):
        response = officer_client.post(URL, petrenko(
            birth_date="", disability_term="fixed", assessed_on="", registered_on="2024-06-01",
            vehicle_kind="car"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in page
    assert "<title>Error: " in page or "<title>Помилка: " in page
    for field in ("birth_date", "valid_until", "assessed_on", "registered_on", "vehicle_acquired_how",
                  "vehicle_registered_on", "vehicle_in_operation_since"):
        # A date's error link goes to its first wrong part: the day box when the date is missing.
        anchor = f"id_{field}" if field == "vehicle_acquired_how" else f"id_{field}_day"
        assert f'href="#{anchor}"' in page, field
    assert 'id="result"' not in page


def test_engine_errors_land_on_a_field():
    form = WhatIfForm(petrenko())
    assert form.is_valid()
    form.add_engine_errors([{"path": "vehicles.0.model_year", "message": "give in_operation_since or model_year",
                             "type": "value_error"}])
    assert "vehicle_in_operation_since" in form.errors


def test_nothing_is_written_to_the_database(officer_client):
    with CaptureQueriesContext(connection) as queries:
        officer_client.post(URL, petrenko())
        officer_client.post(URL, petrenko(birth_date=""))
    writes = [q["sql"] for q in queries.captured_queries
              if re.match(r"\s*(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER)", q["sql"], re.IGNORECASE)]
    assert writes == []


def test_administrators_do_not_handle_cases(administrator):
    assert signed_in(administrator).get(URL).status_code == 403


@pytest.mark.parametrize("role", ["regional_officer", "auditor"])
def test_regional_officers_and_auditors_may_use_it(role, request):
    assert signed_in(request.getfixturevalue(role)).get(URL).status_code == 200


class translation_en:
    """Switch the client's UI language to English via Django's language cookie."""

    def __init__(self, client):
        self.client = client

    def __enter__(self):
        self.client.cookies["django_language"] = "en"

    def __exit__(self, *exc):
        del self.client.cookies["django_language"]
