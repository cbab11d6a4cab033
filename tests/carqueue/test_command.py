"""`manage.py carqueue_evaluate` prints the decision as the API returns it; the JSON Schema
files in docs/ are the engine's."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cbi.carqueue.rules import RulesConfig, decision_json_schema, evaluate, facts_json_schema
from cbi.carqueue.settings.services import update_rules_settings
from tests.carqueue.builders import base_facts, merge

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def run(*args, stdin: str | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        class Stdin(io.StringIO):
            buffer = io.BytesIO(stdin.encode("utf-8"))

        old, sys.stdin = sys.stdin, Stdin(stdin)
    try:
        call_command("carqueue_evaluate", *args, stdout=out, stderr=err)
    finally:
        if stdin is not None:
            sys.stdin = old
    return out.getvalue(), err.getvalue()


def test_prints_the_decision_as_sorted_indented_json(tmp_path):
    path = tmp_path / "petrenko.json"
    path.write_text(json.dumps(base_facts(), ensure_ascii=False), encoding="utf-8")
    out, _ = run(str(path))
    decision = evaluate(base_facts()).model_dump(mode="json")
    assert out == json.dumps(decision, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert json.loads(out)["enrollment_date"] == "2024-04-02"


def test_reads_standard_input_with_a_dash():
    out, _ = run("-", stdin=json.dumps(base_facts(), ensure_ascii=False))
    assert json.loads(out)["category"] == "general"
    assert "Постанова КМУ № 999" in out  # Ukrainian text is printed as is, not \u-escaped


def test_uses_the_current_settings(tmp_path, administrator):
    work_injury = merge(base_facts(), {"disability": {"cause": "work_injury"}})
    path = tmp_path / "work_injury.json"
    path.write_text(json.dumps(work_injury), encoding="utf-8")
    assert json.loads(run(str(path))[0])["enrollment_date"] == "2024-03-12"  # application date (default)
    config = RulesConfig(work_injury_enrollment_rule="assessment_date")
    update_rules_settings(actor=administrator, config=config, reason="Роз'яснення Мінсоцполітики від 03.06.2024")
    assert json.loads(run(str(path))[0])["enrollment_date"] == "2024-04-02"


def test_invalid_document_exits_2_with_field_paths(tmp_path):
    facts = merge(base_facts(), {"person": {"birth_date": "1975-02-30"}, "application": {"kind": "перша"}})
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("carqueue_evaluate", str(path), stdout=out, stderr=err)
    assert raised.value.returncode == 2
    assert out.getvalue() == ""
    assert "person.birth_date: not a valid calendar date" in err.getvalue()
    assert "application.kind:" in err.getvalue()


def test_missing_file_exits_2(tmp_path):
    with pytest.raises(CommandError, match="Cannot read") as raised:
        run(str(tmp_path / "nemaie.json"))
    assert raised.value.returncode == 2


def test_real_process_exit_codes(tmp_path):
    """The shell sees 2 for a refused document (nothing is read from the database then)."""
    path = tmp_path / "bad.json"
    path.write_text('{"evaluation_date": "2024-05-15"}', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "carqueue_evaluate", str(path)],
        cwd=REPO, capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "person: Field required" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("name, schema", [
    ("carqueue-facts.schema.json", facts_json_schema),
    ("carqueue-decision.schema.json", decision_json_schema),
])
def test_schema_files_in_docs_are_up_to_date(name, schema):
    path = REPO / "docs" / name
    assert path.exists() and json.loads(path.read_text(encoding="utf-8")) == schema(), (
        f"docs/{name} differs from the pydantic models. Regenerate it with: "
        ".venv/bin/python manage.py carqueue_schemas"
    )
