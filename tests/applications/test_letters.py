"""The decision letter: a PDF in Ukrainian with the number, the reasons and how to appeal."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from pypdf import PdfReader

from cbi.applications import services, workflow
from cbi.applications.letters import decision_letter_pdf
from cbi.registry.demo import make_rnokpp
from tests.conftest import make_person, signed_in

from tests.pdfua import appeal_sentences, pdf_ua_text, structure_roles

from .fixtures import advance, cabinet_user_for, new_application


def uk(msgid: str) -> str:
    with override("uk"):
        return gettext(msgid)


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_refusal_letter_has_number_reasons_and_appeal(person, person_user, district_officer, branch_officer,
                                                      wheelchair):
    application = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    application = advance(application, workflow.REFUSED, officer=district_officer, person_user=person_user,
                          branch_officer=branch_officer)
    pdf = decision_letter_pdf(application)
    text = pdf_ua_text(pdf, title=uk("Decision on the application for an assistive product"))
    assert {"H1", "H2", "P", "Table", "TH", "TD", "L", "LI"} <= structure_roles(pdf)
    # The body that decided is the Fund's branch of the region (AP-PROC-3); the office is named as
    # the one the application was filed with.
    branch = branch_officer.staff_profile.organization
    assert f"{uk('Decided by')} {branch.name}" in text
    assert f"{uk('Social protection office')} {application.office.name}" in text
    # Where and by when: the body above the branch (the Fund) with its term, the court with its
    # term, and their sources.
    assert "Фонду соціального захисту осіб з інвалідністю" in text
    assert "обласного (Київського міського) структурного підрозділу" not in text
    assert all(sentence in text for sentence in appeal_sentences(decided_by="fund_branch"))
    assert "Закон України «Про адміністративну процедуру»" in text
    assert "Кодекс адміністративного судочинства України, ст. 122, ч. 2" in text
    assert "постановою КМУ № 321 від 05.04.2012" in text  # the law, never an internal document name
    assert "seed" not in text
    assert application.decision_number in text
    assert "строк користування не сплив" in text  # the reasons as the officer wrote them
    assert "Петренко Олена Іванівна" in text
    assert "Крісло колісне з ручним приводом кімнатне" in text
    assert "EC-APP-5" in text
    assert " ".join(uk("The application is REFUSED.").split()) in text
    assert " ".join(uk("How to appeal").split()) in text
    assert uk("(through the legal representative)") not in text


def test_an_office_refusal_names_the_office_and_appeals_to_the_regional_department(person, person_user,
                                                                                  district_officer, wheelchair):
    # Compensation is still decided by the office: its letter appeals to the regional department.
    application = new_application(workflow.COMPENSATION, person=person, person_user=person_user, product=wheelchair)
    application = advance(application, workflow.REFUSED, officer=district_officer, person_user=person_user)
    text = pdf_ua_text(decision_letter_pdf(application),
                       title=uk("Decision on the application for an assistive product"))
    assert uk("Decided by") not in text
    assert f"{uk('Social protection office')} {application.office.name}" in text
    assert "обласного (Київського міського) структурного підрозділу" in text
    assert all(sentence in text for sentence in appeal_sentences(decided_by="district"))
    assert "Фонду соціального захисту" not in text


def test_compensation_letter_has_the_approved_amount(person, person_user, district_officer, wheelchair):
    application = new_application(workflow.COMPENSATION, person=person, person_user=person_user, product=wheelchair)
    application = advance(application, workflow.APPROVED, officer=district_officer, person_user=person_user)
    assert application.approved_amount == Decimal("8500.00")
    text = text_of(decision_letter_pdf(application))
    assert "8 500,00 грн" in text and "9 200,00 грн" in text
    assert " ".join(uk("The application is APPROVED.").split()) in text


def test_early_replacement_for_a_child_cites_ec_app_2_and_the_representative(organizations, district_officer,
                                                                            wheelchair):
    born = timezone.localdate() - timedelta(days=9 * 365)
    child = make_person(organizations["spo-ua80000000001078669"], surname="Петренко", given_name="Марко",
                        patronymic="Андрійович", date_of_birth=born, sex="male", rnokpp=make_rnokpp(born, 17, True))
    parent = cabinet_user_for(None, "andrii.petrenko", represents=[child])
    issued = services.record_issued_product(actor=district_officer, person=child, product=wheelchair,
                                            issued_on=timezone.localdate() - timedelta(days=500))
    application = new_application(workflow.REPLACEMENT, person=child, person_user=parent, issued_product=issued)
    application = advance(application, workflow.APPROVED, officer=district_officer, person_user=parent)
    text = text_of(decision_letter_pdf(application))
    assert "EC-APP-2" in text and "EC-APP-5" in text
    assert issued.replacement_possible_on.strftime("%d.%m.%Y") in text
    assert " ".join(uk("(through the legal representative)").split()) in text


def test_staff_route_serves_only_decided_applications(person, person_user, district_officer, wheelchair):
    application = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    application = advance(application, workflow.UNDER_REVIEW, officer=district_officer, person_user=person_user)
    client = signed_in(district_officer)
    url = reverse("applications_staff:decision_pdf", args=[application.pk])
    assert client.get(url).status_code == 404
    with pytest.raises(ValueError):
        decision_letter_pdf(application)
