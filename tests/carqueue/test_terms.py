"""Issue #13 (6): each term of Resolution No. 999 lives once, in cbi/carqueue/rules/terms.py,
with its source, and every text says it from there."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from cbi.carqueue.rules import terms
from cbi.carqueue.rules.citations import CITATIONS, RESOLUTION

from .builders import enrolled, facts, merge, run

ROOT = Path(__file__).resolve().parents[2]
HOME = ROOT / "cbi" / "carqueue" / "rules" / "terms.py"

#: A term of Resolution 999 written as a literal (Ukrainian, English, in figures or words).
LITERAL_TERMS = {
    "years (CHILD_MIN_AGE_YEARS, VEHICLE_OPERATION_YEARS, LOOKBACK_YEARS, PURCHASED_CAR_MAX_AGE_YEARS, "
    "CAR_OPERATION_YEARS)": re.compile(
        r"\b(?:5|7|10)[\s\-]*(?:рок|рік|річн|years?\b|year-old)|десятиріч|семиріч|п.ятиріч"
        r"|\b(?:ten|seven|five)[\s\-]+years?\b|age of 5\b|\b(?:turns?|turned|turning|not yet) 5\b",
        re.IGNORECASE),
    "months (REMOVAL_MONTHS)": re.compile(
        r"\b6[\s\-]*(?:місяц|months?\b)|шест\w*\s+місяц|\bsix[\s\-]+months?\b", re.IGNORECASE),
    "days (POST_REFERRAL_DAYS, FORM_088_DAYS, MONTHLY_REGISTRATION_DAYS)": re.compile(
        r"\b(?:3|5|20)[\s\-]*(?:дн|days?\b|денн)|триденн|п.ятиденн|двадцятиденн"
        r"|\b(?:three|five|twenty)[\s\-]+days?\b", re.IGNORECASE),
}

#: Texts that match a pattern but state another term, which has its own home elsewhere.
NOT_RESOLUTION_999 = {
    # EC-REG-2: the e-mail confirmation link works for 3 days (cabinet.accounts.CONFIRM_MAX_AGE).
    "cbi/cabinet/templates/cabinet/confirm_failed.html",
    "cbi/cabinet/templates/cabinet/registered.html",
}


def _python_strings(path: Path):
    """The string literals of a module (f-string parts included), without docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def _user_facing_texts(root: Path):
    for path in sorted((root / "cbi").rglob("*")):
        rel = path.relative_to(root).as_posix()
        if "/migrations/" in rel or path == root / HOME.relative_to(ROOT) or rel in NOT_RESOLUTION_999:
            continue
        if path.suffix == ".py":
            yield from ((rel, line, text) for line, text in _python_strings(path))
        elif path.suffix in {".html", ".txt"} and "/templates/" in rel:
            lines = path.read_text(encoding="utf-8").splitlines()
            yield from ((rel, number, text) for number, text in enumerate(lines, 1))


def literal_terms(root: Path) -> list[str]:
    found = []
    for rel, line, text in _user_facing_texts(root):
        for name, pattern in LITERAL_TERMS.items():
            if match := pattern.search(text):
                found.append(f"{rel}:{line}: {match.group(0)!r} — use terms.py ({name})")
    return found


def test_no_user_facing_text_writes_a_term_that_has_a_home():
    assert literal_terms(ROOT) == []


def test_the_check_finds_a_literal_term_in_a_template_and_in_an_engine_reason(tmp_path):
    templates = tmp_path / "cbi" / "help" / "templates" / "help"
    templates.mkdir(parents=True)
    (templates / "car.html").write_text(
        '{% translate "If you do not renew it within 6 months, you can be removed." %}\n', encoding="utf-8")
    rules = tmp_path / "cbi" / "carqueue" / "rules"
    rules.mkdir(parents=True)
    (rules / "enrollment.py").write_text(
        '"""A docstring may say 10 years."""\n'
        'def reason(day):\n'
        '    """So may this one: six months."""\n'
        '    return f"не раніше закінчення десятирічного строку {day}", f"within 3 days of {day}"\n',
        encoding="utf-8")
    found = literal_terms(tmp_path)
    assert len(found) == 3
    assert found[0].startswith("cbi/carqueue/rules/enrollment.py:4: 'десятиріч'")
    assert found[1].startswith("cbi/carqueue/rules/enrollment.py:4: '3 days'")
    assert found[2].startswith("cbi/help/templates/help/car.html:1: '6 months'")


def test_each_term_has_the_value_of_the_law_and_a_source_in_resolution_999():
    # The summary of the Procedure (seed 004) and the domain rules (CQ-*).
    assert terms.values() == {
        "CHILD_MIN_AGE_YEARS": 5, "VEHICLE_OPERATION_YEARS": 10, "LOOKBACK_YEARS": 7,
        "PURCHASED_CAR_MAX_AGE_YEARS": 5, "CAR_OPERATION_YEARS": 10, "REMOVAL_MONTHS": 6,
        "POST_REFERRAL_DAYS": 3, "FORM_088_DAYS": 5, "MONTHLY_REGISTRATION_DAYS": 20,
    }
    for term in terms.TERMS:
        assert getattr(terms, term.name) == term.value
        assert term.source.startswith(RESOLUTION) and term.wording
        assert term.rule_ids and all(rule_id in CITATIONS for rule_id in term.rule_ids)


@pytest.mark.parametrize(("number", "nominative", "genitive"), [
    (1, "1 місяць", "1 місяця"), (2, "2 місяці", "2 місяців"), (4, "4 місяці", "4 місяців"),
    (6, "6 місяців", "6 місяців"), (11, "11 місяців", "11 місяців"), (12, "12 місяців", "12 місяців"),
    (14, "14 місяців", "14 місяців"), (21, "21 місяць", "21 місяця"), (22, "22 місяці", "22 місяців"),
    (111, "111 місяців", "111 місяців"),
])
def test_a_count_takes_the_ukrainian_form_of_its_number(number, nominative, genitive):
    assert terms.uk_count(number, terms.MONTHS_NOM) == nominative
    assert terms.uk_count(number, terms.MONTHS_GEN) == genitive
    assert terms.en_count(1, "month") == "1 month" and terms.en_count(number, "month").startswith(str(number))


def test_replacement_reason_says_10_richnoho_from_the_term():
    data = merge(facts(), {"application": {"kind": "replacement", "previous_car_issued_on": "2014-09-01"}})
    rule = run(data).rule("CQ-DATE-5")
    assert "не раніше закінчення 10-річного строку експлуатації 01.09.2024" in rule.reason_uk
    assert "end of its 10-year operation period 2024-09-01" in rule.reason_en


def test_removal_reason_says_the_months_in_the_case_the_sentence_needs():
    data = merge(enrolled(), {"disability": {"term": "fixed", "valid_until": "2023-11-14"}})
    rule = run(data).rule("CQ-RM-2")
    assert "не поновлено протягом 6 місяців (до 14.05.2024)" in rule.reason_uk
    assert "was not renewed within 6 months (by 2024-05-14)" in rule.reason_en


def test_child_reason_says_the_minimum_age_from_the_term():
    data = merge(facts(), {
        "person": {"full_name": "Коваленко Марко Андрійович", "birth_date": "2019-05-16"},
        "disability": {"group": "child", "cause": "from_childhood"},
        "assessments": [{"kind": "lkk", "assessed_on": "2024-04-02", "indications_for_car": True}],
        "representative": {"full_name": "Коваленко Ірина Петрівна", "kind": "parent"},
    })
    rule = run(data).rule("CQ-ELIG-1")
    assert "дитині ще не виповнилося 5 років (виповниться 16.05.2024)" in rule.reason_uk
    assert date(2024, 5, 16) == rule.data["not_before"]
