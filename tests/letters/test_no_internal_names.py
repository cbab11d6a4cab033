"""Internal document names (the specification's seed files, the project's Markdown docs) never
reach a person: letters and pages cite the law by its title, number and item."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.test import Client

from cbi.applications import rules as product_rules
from cbi.applications import workflow
from cbi.applications.letters import decision_letter_context, decision_letter_pdf
from cbi.carqueue.rules.citations import CITATIONS
from cbi.letters import appeals
from cbi.letters.pdf import render_html
from tests.applications.fixtures import advance, new_application
from tests.conftest import signed_in
from tests.pdfua import pdf_ua_text

ROOT = Path(__file__).resolve().parents[2]
# The specification's sources ("seed 000", "004_6dad….txt") and any Markdown document name.
INTERNAL = re.compile(r"\bseeds?\b|\b[\w-]+\.md\b|\b00\d_[0-9a-f]{16}\b", re.IGNORECASE)


def internal_names(text: str) -> list[str]:
    return INTERNAL.findall(text)


def test_the_pattern_catches_what_it_must():
    assert internal_names("Кабінет (seed 000)") and internal_names("див. docs/letters.md")
    assert internal_names("004_6dad2b014a7266d7.txt")
    assert not internal_names("Постанова КМУ № 999 від 19.07.2006, п. 34")


def test_legal_citations_held_in_code_name_no_internal_document():
    texts = [*CITATIONS.values(), product_rules.CITATION_CABINET, appeals.RESOLUTION_999,
             appeals.complaint_term().source, appeals.court_term().source, *appeals.HIGHER_BODY.values()]
    assert not [t for t in texts if internal_names(t)]


def test_templates_and_ukrainian_catalogue_name_no_internal_document():
    offenders = []
    for path in (ROOT / "cbi").rglob("templates/**/*"):
        if path.suffix not in {".html", ".txt"}:
            continue
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"{#.*?#}", "", text, flags=re.S)
        text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", text, flags=re.S)
        offenders += [f"{path.relative_to(ROOT)}: {name}" for name in internal_names(text)]
    for entry in polib.pofile(str(ROOT / "locale/uk/LC_MESSAGES/django.po")):
        offenders += [f"msgid {entry.msgid[:60]!r}: {name}"
                      for name in internal_names(entry.msgstr + entry.msgid)]
    assert not offenders


def test_a_refusal_letter_and_its_page_cite_the_law_only(person, person_user, district_officer, wheelchair):
    application = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    application = advance(application, workflow.REFUSED, officer=district_officer, person_user=person_user)
    html = render_html("applications/letters/decision.html", decision_letter_context(application))
    pdf_text = pdf_ua_text(decision_letter_pdf(application), title=decision_letter_context(application)["title"])
    client = Client()
    client.force_login(person_user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"/cabinet/applications/{application.pk}/").content.decode()
    assert "Кодекс адміністративного судочинства України, ст. 122, ч. 2" in page  # how to appeal, on the page too
    for text in (html, pdf_text, page):
        assert not internal_names(text)
    assert "№ 321" in pdf_text


@pytest.mark.parametrize("url", ["/help/", "/cabinet/start/", "/catalogue/", "/primary-registration/"])
def test_public_pages_name_no_internal_document(db, url):
    response = Client().get(url, follow=True)
    assert response.status_code == 200
    assert not internal_names(response.content.decode())


@pytest.mark.parametrize("url", ["/staff/car-queue/settings/", "/staff/car-queue/what-if/"])
def test_car_queue_rule_pages_name_no_internal_document(regional_officer, url):
    response = signed_in(regional_officer).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert not internal_names(page)
