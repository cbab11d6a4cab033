"""docs/accessibility.md shows the budgets of steps and Tab stops that the browser test holds."""

from pathlib import Path

from tests.browser import budgets


def test_the_accessibility_doc_shows_the_current_budgets():
    doc = (Path(__file__).resolve().parents[2] / "docs/accessibility.md").read_text(encoding="utf-8")
    start, end = doc.index(budgets.DOC_START) + len(budgets.DOC_START), doc.index(budgets.DOC_END)
    assert doc[start:end].strip() == budgets.markdown(), (
        "the table in docs/accessibility.md is out of date: paste tests.browser.budgets.markdown() there")
