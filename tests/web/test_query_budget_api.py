"""The query budget of the API's endpoint that takes a body (tests/query_budgets.py:
POST_BUDGETS; method in docs/performance.md). Apart from tests/web/test_query_budgets.py, whose
module-wide world holds the same staff members as the fixtures here."""

from __future__ import annotations

import pytest

from tests.query_budgets import POST_BUDGETS
from tests.querycount import assert_query_count
from tests.agencies.conftest import pfu, pfu_token  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
ROWS = 50


def test_the_evaluation_api_keeps_its_budget_for_a_post(district_officer):
    """POST /api/v1/car-queue/evaluate: facts in, decision out, nothing stored. The count is the
    same for one assessment in the facts and for 50 (rows of the body, never read again): the
    session, the officer, the second factor, the staff profile and the current rules settings."""
    from tests.carqueue.builders import base_facts
    from tests.carqueue.test_api import staff_api

    one = base_facts()
    many = base_facts()
    many["assessments"] += [{"kind": "msek", "assessed_on": f"{2000 + i // 12}-{1 + i % 12:02d}-15",
                             "conclusion_number": f"МСЕК-{i + 1}/{2000 + i // 12}", "indications_for_car": False}
                            for i in range(ROWS - 1)]
    api = staff_api(district_officer)
    api.post(one)  # warm-up
    with assert_query_count(POST_BUDGETS["api:evaluate_facts"]):
        response = api.post(one)
    assert response.status_code == 200 and response.json()["eligible"] is True
    with assert_query_count(POST_BUDGETS["api:evaluate_facts"]):
        response = api.post(many)
    assert response.status_code == 200, response.content


def test_the_agencies_search_keeps_its_budget(client, person, pfu_token):
    """POST /api/agencies/registry/sync/search: key and client, purpose, person, status, car
    queue, the access-log insert, the request record. The same for every answer."""
    from tests.agencies.conftest import post, search_body

    body = search_body({"type": "RNOKPP", "value": "3113201244"})
    post(client, "/api/agencies/registry/sync/search", body, pfu_token)  # warm-up
    with assert_query_count(POST_BUDGETS["agencies_api:search"]):
        response = post(client, "/api/agencies/registry/sync/search", body, pfu_token)
    assert response.status_code == 200
