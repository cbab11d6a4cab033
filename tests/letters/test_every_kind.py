"""Every kind of letter the product issues is registered with cbi.letters, comes out as a
tagged PDF/UA-1 in Ukrainian with its title, and is served only by the routes it names."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils.translation import override

from cbi.accounts.route_access import ROUTES
from cbi.letters import registry
from cbi.web.routes import route_inventory
from tests.clock import STORY_NOW
from tests.pdfua import pdf_ua_text

# The car-queue story is dated (October–November 2026): today is just after it.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(STORY_NOW)]

CYRILLIC = re.compile("[А-ЯҐЄІЇа-яґєії]")


def _product_decision(request):
    from cbi.applications import workflow
    from tests.applications.fixtures import advance, new_application

    person, person_user = request.getfixturevalue("person"), request.getfixturevalue("person_user")
    application = new_application(workflow.PROVISION, person=person, person_user=person_user,
                                  product=request.getfixturevalue("wheelchair"))
    application = advance(application, workflow.REFUSED, officer=request.getfixturevalue("district_officer"),
                          person_user=person_user)
    return [(application, {}, ["Петренко Олена Іванівна", application.decision_number])]


def _car_application(request, status: str):
    from tests.carqueue.test_applications import register, with_assessment
    from tests.carqueue.test_workflow import run_to

    officer = request.getfixturevalue("district_officer")
    applicant = with_assessment(request.getfixturevalue("person"), on=date(2026, 10, 1))
    return run_to(status, officer, request.getfixturevalue("regional_officer"),
                  register(officer, applicant, received_on=date(2026, 10, 12)))


def _referrals(request):
    application = _car_application(request, "referrals_issued")
    expected = ["Петренко Олена Іванівна", "CQ-FLOW-1", "12.10.2026"]
    return [(application, {"which": "health"}, [*expected, "CQ-FLOW-2"]),
            (application, {"which": "assessment"}, expected)]


def _car_decision(request):
    application = _car_application(request, "decided")
    return [(application, {}, ["Петренко Олена Іванівна", "CQ-FLOW-4", str(application.office_number)])]


def _queue_decision(request):
    from cbi.carqueue.decisions import services as queue_decisions
    from cbi.carqueue.models import QueueDecision
    from cbi.registry.models import DisabilityStatus
    from tests.carqueue.test_removals import enroll

    person = request.getfixturevalue("person")
    entry = enroll(person, request.getfixturevalue("organizations"), journal_number=41)
    DisabilityStatus.objects.filter(person=person).update(ended_on=date(2024, 2, 20))
    queue_decisions.sweep(on=date(2024, 3, 1))
    decision = queue_decisions.confirm_removal(
        decision=QueueDecision.objects.get(entry=entry, kind="removal", status="proposed"),
        actor=request.getfixturevalue("regional_officer"), note="Довідку МСЕК отримано.")
    return [(decision, {}, ["Петренко Олена Іванівна", "CQ-RM-1", "20.02.2024"])]


def _code_receipt(request):
    from cbi.accounts import codes

    record, plain = codes.issue(actor=request.getfixturevalue("district_officer"),
                                person=request.getfixturevalue("person"))
    return [(record, {"code": plain}, ["Петренко Олена Іванівна", plain])]


def _plain(request):
    return [("Індивідуальна програма реабілітації", {"lines": ["Демонстраційна копія документа."]},
             ["Демонстраційна копія документа."])]


def _complaint_decision(request):
    from cbi.complaints import services
    from cbi.complaints.subjects import PRODUCT_APPLICATION

    [(application, _options, _expected)] = _product_decision(request)
    complaint = services.file_complaint(
        actor=request.getfixturevalue("person_user"), kind=PRODUCT_APPLICATION.name,
        decision=PRODUCT_APPLICATION.decision(application), reasons="Управління не врахувало висновок лікаря.")
    complaint = services.decide_complaint(actor=request.getfixturevalue("regional_officer"), complaint=complaint,
                                          upheld=True, reasons="Висновок лікаря від 12.09.2026 підтверджує потребу.")
    return [(complaint, {}, ["Петренко Олена Іванівна", application.decision_number,
                             "Висновок лікаря від 12.09.2026 підтверджує потребу."])]


def _right_decision(request):
    from django.utils import timezone

    from cbi.applications import services, workflow
    from tests.applications.fixtures import advance, new_application

    person, person_user = request.getfixturevalue("person"), request.getfixturevalue("person_user")
    application = advance(new_application(workflow.PROVISION, person=person, person_user=person_user,
                                          product=request.getfixturevalue("wheelchair")),
                          workflow.UNDER_REVIEW, officer=request.getfixturevalue("district_officer"),
                          person_user=person_user)
    event = services.record_right_event(actor=request.getfixturevalue("district_officer"), person=person,
                                        ground="emigration", source_document="Повідомлення ДМС № 4521",
                                        source_date=timezone.localdate())
    return [(application, {}, ["Петренко Олена Іванівна", event.decision_number, "Повідомлення ДМС № 4521"])]


#: A realistic sample of every kind: a new kind without one fails below.
SAMPLES = {
    "applications.decision": _product_decision,
    "applications.right_decision": _right_decision,
    "carqueue.referral": _referrals,
    "carqueue.decision": _car_decision,
    "carqueue.queue_decision": _queue_decision,
    "cabinet.code_receipt": _code_receipt,
    "letters.plain": _plain,
    "complaints.decision": _complaint_decision,
}


def test_every_registered_kind_has_a_sample_and_every_sample_a_kind():
    assert sorted(SAMPLES) == [kind.name for kind in registry.kinds()]


@pytest.mark.parametrize("name", [kind.name for kind in registry.kinds()])
def test_every_letter_kind_is_a_tagged_pdf_in_ukrainian_with_its_title(name, request):
    assert name in SAMPLES, f"the letter kind {name!r} has no sample in this test"
    for subject, options, expected in SAMPLES[name](request):
        with override("en"):  # the officer's pages may be in English; the letter is not
            letter = registry.issue_letter(kind=name, subject=subject, **options)
        assert CYRILLIC.search(letter.title), letter.title
        text = pdf_ua_text(letter.content, title=letter.title)  # tagged, /Lang uk, the title shown
        # under the service's name, the title is the letter's heading too
        # the title is the letter's heading too, at the top (under the sender's name)
        assert " ".join(letter.title.split()) in text[:len(letter.title) + 80], text[:200]
        for words in expected:
            assert words in text
        if letter.reference:  # the number the letter is known by is printed in it
            assert letter.reference in text


def test_the_same_name_cannot_be_two_kinds():
    kind = registry.get("letters.plain")
    registry.register(kind)  # registering the same kind again (a second ready()) is harmless
    twin = registry.LetterKind(name=kind.name, template=kind.template, context=kind.context, description="twin")
    with pytest.raises(ValueError, match="letters.plain"):
        registry.register(twin)
    assert registry.get("letters.plain") is kind
    with pytest.raises(KeyError, match="AppConfig.ready"):
        registry.get("carqueue.no_such_letter")


def test_who_may_fetch_a_letter_is_declared_for_every_route_that_serves_it():
    routes = route_inventory()
    served = {route for kind in registry.kinds() for route in kind.routes}
    for route in served:
        assert route in routes, f"{route} is not a route"
        assert route in ROUTES, f"{route}: who may fetch the letter is not declared in route_access"
    pdf_routes = {name for name, pattern in routes.items() if pattern.endswith(".pdf")}
    assert pdf_routes == served, "a route serves a PDF that is not a registered letter kind (or the reverse)"
