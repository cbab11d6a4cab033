"""Appeal routes and terms are legal values held once, with their source and whether we checked
them against a stored text of the law; an unverified one follows its setting."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import override

from cbi.letters import appeals
from cbi.letters.checks import weasyprint_available


def test_court_term_is_verified_and_cites_the_article():
    term = appeals.court_term()
    assert (term.value, term.unit, term.verified) == (6, "months", True)
    assert term.source == "Кодекс адміністративного судочинства України, ст. 122, ч. 2"


def test_complaint_term_is_marked_unverified_and_follows_the_setting(settings):
    term = appeals.complaint_term()
    assert (term.value, term.unit, term.verified) == (30, "days", False)
    assert "Про адміністративну процедуру" in term.source and "2073-IX" in term.source
    settings.APPEAL_COMPLAINT_TERM_DAYS = 21
    assert appeals.complaint_term().value == 21
    context = {"appeal": appeals.appeal_context(decided_by="district")}
    with override("uk"):
        sentence = render_to_string("letters/_appeal_complaint.txt", context)
    assert "21" in sentence and "30" not in sentence
    assert appeals.HIGHER_BODY["district"] in sentence


def test_district_decisions_go_to_the_region_and_regional_ones_to_the_ministry():
    assert "обласного" in appeals.appeal_context(decided_by="district")["higher_body"]
    assert "Міністерства соціальної політики" in appeals.appeal_context(decided_by="region")["higher_body"]


def test_weasyprint_loads_here():
    assert weasyprint_available(None) == []
