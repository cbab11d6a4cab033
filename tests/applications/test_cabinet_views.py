"""The cabinet's application pages over HTTP: every step's checks in Ukrainian, drafts that
keep their answers, check-your-answers, submission, and what the person can do afterwards."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext, override

from cbi.applications import services, workflow
from cbi.applications.cabinet_forms import parse_amount
from cbi.applications.error_codes import ApplicationsErrorCode
from cbi.applications.models import STATUS_LABELS, ApplicationDocument, ProductApplication, Survey
from cbi.documents.models import Document
from cbi.registry.demo import make_rnokpp
from tests.conftest import SHEVCHENKIVSKYI, make_person
from tests.errors import form_error_codes

from .fixtures import advance, cabinet_user_for, new_application, pdf_file

BASE = "/cabinet/applications/"


def uk(msgid: str, **params) -> str:
    with override("uk"):
        text = str(gettext(msgid))
    return text % params if params else text


def cabinet_client(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def client(person_user):
    return cabinet_client(person_user)


@pytest.fixture
def issued(person, district_officer, wheelchair):
    return services.record_issued_product(actor=district_officer, person=person, product=wheelchair,
                                          issued_on=timezone.localdate() - timedelta(days=400))


def step_url(application, slug):
    return f"{BASE}{application.pk}/step/{slug}/"


def test_empty_list_offers_to_start(client, person):
    response = client.get(BASE)
    assert response.status_code == 200
    assert uk("You have no applications yet.") in text_of(response)
    assert f'href="{BASE}new/"' in response.content.decode()


def test_new_asks_what_then_whether_bought_and_starts_a_compensation_draft(client, person, person_user):
    response = client.post(f"{BASE}new/", {})
    assert uk("Choose what you want to do.") in text_of(response)
    response = client.post(f"{BASE}new/", {"what": "replacement"})
    assert form_error_codes(response.context["form"]) == {"what": [ApplicationsErrorCode.NO_PRODUCT_TO_REPLACE.value]}
    assert not ProductApplication.objects.exists()
    response = client.post(f"{BASE}new/", {"what": "get"})
    assert response.status_code == 302 and response["Location"].endswith("?what=get")
    response = client.post(f"{BASE}new/?what=get", {"stage": "bought"})
    assert uk("Choose whether you have already bought the product.") in text_of(response)
    response = client.post(f"{BASE}new/?what=get", {"stage": "bought", "bought": "yes"})
    application = ProductApplication.objects.get()
    assert application.kind == workflow.COMPENSATION and application.status == workflow.DRAFT
    assert application.office == person.office and application.created_by == person_user
    assert response["Location"] == step_url(application, "office")


def test_provision_through_every_step_to_a_reference(client, person, person_user, wheelchair):
    application = services.start_draft(actor=person_user, person=person, kind=workflow.PROVISION)
    response = client.get(step_url(application, "office"))
    page = response.content.decode()
    assert re.search(rf'<option value="{person.office.pk}" selected>', page)
    assert "<optgroup" in page
    response = client.post(step_url(application, "office"), {"office": ""})
    assert uk("Choose the social protection office.") in text_of(response)
    response = client.post(step_url(application, "office"), {"office": person.office.pk})
    assert response["Location"] == step_url(application, "group")
    response = client.post(step_url(application, "group"), {})
    assert uk("Choose the product group.") in text_of(response)
    response = client.post(step_url(application, "group"), {"group": wheelchair.group.pk})
    assert response["Location"] == step_url(application, "product") + f"?group={wheelchair.group.pk}"
    response = client.get(response["Location"])
    assert wheelchair.description in text_of(response)
    assert f"/catalogue/{wheelchair.pk}/" in response.content.decode()
    response = client.post(step_url(application, "product"), {"group": wheelchair.group.pk})
    assert uk("Choose the product.") in text_of(response)
    client.post(step_url(application, "product"), {"group": wheelchair.group.pk, "product": wheelchair.pk})
    response = client.post(step_url(application, "details"), {"request_text": "Потрібне крісло для дому."})
    assert response["Location"] == step_url(application, "documents")
    response = client.post(step_url(application, "documents"),
                           {"action": "upload", "kind": "rehabilitation_programme", "file": pdf_file("iprr.pdf")})
    assert response.status_code == 302
    client.post(step_url(application, "documents"), {"action": "continue"})
    application.refresh_from_db()
    assert application.draft_step == "check"
    response = client.get(f"{BASE}{application.pk}/check/")
    page = text_of(response)
    assert wheelchair.name in page and "iprr.pdf" in page and "Потрібне крісло для дому." in page
    assert page.count(uk("Change")) >= 5
    response = client.post(f"{BASE}{application.pk}/check/")
    application.refresh_from_db()
    assert application.status == workflow.SUBMITTED
    assert response["Location"] == f"{BASE}{application.pk}/submitted/"
    assert application.reference in text_of(client.get(response["Location"]))
    # A filed application's steps lead to its page.
    assert client.get(step_url(application, "details"))["Location"] == f"{BASE}{application.pk}/"


def test_compensation_details_keep_what_was_right_and_show_the_amount_error(client, person, person_user, wheelchair):
    application = services.start_draft(actor=person_user, person=person, kind=workflow.COMPENSATION,
                                       product=wheelchair)
    response = client.post(step_url(application, "details"), {
        "purchase_amount": "дев'ять тисяч", "purchase_date": "2026-01-05", "seller": "ФОП Гнатюк В. П."})
    assert form_error_codes(response.context["form"]) == {"purchase_amount": [ApplicationsErrorCode.AMOUNT_INVALID.value]}
    application.refresh_from_db()
    assert application.product == wheelchair  # the earlier answer is kept
    assert application.seller == "ФОП Гнатюк В. П." and application.purchase_date == date(2026, 1, 5)
    assert application.purchase_amount is None
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(step_url(application, "details"), {"purchase_amount": "9 200,50", "purchase_date": future})
    assert uk("The date of purchase cannot be in the future.") in text_of(response)
    response = client.post(step_url(application, "details"), {"purchase_amount": "9 200,50",
                                                              "purchase_date": "2026-01-05"})
    application.refresh_from_db()
    assert application.purchase_amount == Decimal("9200.50")
    assert response["Location"] == step_url(application, "documents")
    response = client.get(step_url(application, "details"))
    assert 'value="9200,50"' in response.content.decode()


@pytest.mark.parametrize("typed, amount", [
    ("9 200,50", "9200.50"), ("9200.5", "9200.5"), ("9\u00a0200 грн", "9200"), ("  350 ", "350"), ("1'500,00", "1500.00"),
])
def test_amounts_as_people_write_them(typed, amount):
    assert parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize("typed, code", [
    ("abc", ApplicationsErrorCode.AMOUNT_INVALID), ("0", ApplicationsErrorCode.AMOUNT_NOT_POSITIVE),
    ("0,00", ApplicationsErrorCode.AMOUNT_NOT_POSITIVE), ("-5", ApplicationsErrorCode.AMOUNT_INVALID),
    ("12,345", ApplicationsErrorCode.AMOUNT_INVALID), ("9.200,50", ApplicationsErrorCode.AMOUNT_INVALID),
    ("1e3", ApplicationsErrorCode.AMOUNT_INVALID), ("100 000 000", ApplicationsErrorCode.AMOUNT_TOO_LARGE),
])
def test_amounts_that_are_refused(typed, code):
    with pytest.raises(ValidationError) as refused:
        parse_amount(typed)
    assert refused.value.code == code.value


def test_repair_needs_a_description(client, person, person_user, issued):
    application = services.start_draft(actor=person_user, person=person, kind=workflow.REPAIR, issued_product=issued)
    response = client.post(step_url(application, "details"), {"request_text": "  "})
    assert uk("Describe what is broken.") in text_of(response)
    client.post(step_url(application, "details"), {"request_text": "Не тримає гальмо лівого колеса."})
    application.refresh_from_db()
    assert application.request_text == "Не тримає гальмо лівого колеса."


def test_early_replacement_asks_for_a_reason_and_says_an_officer_decides(client, person, person_user, issued):
    application = services.start_draft(actor=person_user, person=person, kind=workflow.REPLACEMENT,
                                       issued_product=issued)
    response = client.get(step_url(application, "details"))
    page = text_of(response)
    check = services.replacement_check_for(issued)
    assert check.early and check.reason_uk in page
    assert 'value="service_life_ended"' not in page
    response = client.post(step_url(application, "details"), {})
    assert uk("Choose the reason for the replacement.") in text_of(response)
    assert uk("Describe why the product needs replacing now.") in text_of(response)
    client.post(step_url(application, "details"), {"replacement_reason": "damaged",
                                                   "request_text": "Тріснула рама після падіння."})
    application.refresh_from_db()
    assert application.replacement_reason == "damaged"


def test_draft_resumes_where_it_stopped_and_can_be_deleted(client, person, person_user, wheelchair):
    application = services.start_draft(actor=person_user, person=person, kind=workflow.PROVISION)
    client.post(step_url(application, "office"), {"office": person.office.pk})
    response = client.get(BASE)
    page = response.content.decode()
    assert uk("Drafts") in page and f'href="{step_url(application, "group")}"' in page
    response = client.get(f"{BASE}{application.pk}/discard/")
    assert uk("Delete the draft?") in text_of(response)
    assert ProductApplication.objects.filter(pk=application.pk).exists()
    client.post(f"{BASE}{application.pk}/discard/")
    assert not ProductApplication.objects.filter(pk=application.pk).exists()


def test_check_lists_what_is_missing_and_refuses_to_send(client, person, person_user, wheelchair):
    application = services.start_draft(actor=person_user, person=person, kind=workflow.COMPENSATION,
                                       product=wheelchair)
    response = client.get(f"{BASE}{application.pk}/check/")
    assert uk("Add the receipt or invoice for the purchase.") in text_of(response)
    response = client.post(f"{BASE}{application.pk}/check/")
    page = text_of(response)
    assert uk("There is a problem") in page
    assert f'href="{step_url(application, "details")}?change=1"' in page
    assert f'href="{step_url(application, "documents")}?change=1"' in page
    application.refresh_from_db()
    assert application.status == workflow.DRAFT and application.reference is None


def test_a_compensation_with_a_receipt_is_sent(client, person, person_user, wheelchair):
    application = new_application(workflow.COMPENSATION, person=person, person_user=person_user, product=wheelchair)
    response = client.get(f"{BASE}{application.pk}/check/")
    assert "9 200,00" in text_of(response)
    client.post(f"{BASE}{application.pk}/check/")
    application.refresh_from_db()
    assert application.reference.startswith("ЗР-")


@pytest.fixture
def filed_with_programme(person, person_user, district_officer, wheelchair):
    """A provision application under review with one file: the rehabilitation programme of 2025."""
    filed = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    services.add_document(actor=person_user, application=filed, file=pdf_file("iprr-2025.pdf"),
                          kind=Document.Kind.REHABILITATION_PROGRAMME)
    filed = advance(filed, workflow.UNDER_REVIEW, officer=district_officer, person_user=person_user)
    old = filed.files.get().document
    return filed, old


def test_document_update_adds_a_new_version_and_the_old_one_stays(client, filed_with_programme):
    filed, old = filed_with_programme
    client.post(f"{BASE}new/", {"what": "document_update"})
    update = ProductApplication.objects.get(kind=workflow.DOCUMENT_UPDATE)
    client.post(step_url(update, "product"), {"related_application": filed.pk})
    client.post(step_url(update, "details"), {"request_text": "Нова програма реабілітації."})
    response = client.get(step_url(update, "documents") + f"?replaces={old.pk}")
    assert "iprr-2025.pdf" in text_of(response)
    client.post(step_url(update, "documents"), {"action": "upload", "replaces": old.pk,
                                                 "file": pdf_file("iprr-2026.pdf")})
    new = ApplicationDocument.objects.get(added_with=update).document
    assert new.replaces == old and new.version == 2
    client.post(f"{BASE}{update.pk}/check/")
    update.refresh_from_db()
    assert update.status == workflow.SUBMITTED
    page = text_of(client.get(f"{BASE}{filed.pk}/"))
    assert "iprr-2026.pdf" in page and "iprr-2025.pdf" in page
    assert uk("old version, kept") in page


def test_a_plus_without_javascript_on_upload_a_new_version_adds_the_chosen_version(client, filed_with_programme):
    """Issue #11: on "Upload a new version" the header's switches are buttons of the page's form, so
    without JavaScript A+ posts the chosen file to the page, which adds it as the new version and
    returns to the documents step in larger text; the old version stays."""
    filed, old = filed_with_programme
    client.post(f"{BASE}new/", {"what": "document_update"})
    update = ProductApplication.objects.get(kind=workflow.DOCUMENT_UPDATE)
    client.post(step_url(update, "product"), {"related_application": filed.pk})
    client.post(step_url(update, "details"), {"request_text": "Нова програма реабілітації."})
    url = step_url(update, "documents")
    page = client.get(f"{url}?replaces={old.pk}").content.decode()
    assert re.search(r'<form id="page-form"[^>]*data-switch-keeps-files', page)
    assert 'name="cbi_switch" value="larger" form="page-form" formmethod="post"' in page
    response = client.post(f"{url}?replaces={old.pk}", {"action": "upload", "replaces": old.pk,
                                                         "file": pdf_file("iprr-2026.pdf"), "cbi_switch": "larger"})
    assert response.status_code == 302 and response["Location"] == url
    new = ApplicationDocument.objects.get(added_with=update).document
    assert new.replaces == old and new.original_name == "iprr-2026.pdf"
    page = client.get(url).content.decode()
    assert 'class="text-100' not in page and re.search(r'<html[^>]*class="text-1[2-9]\d', page)
    assert "iprr-2026.pdf" in page
    update.refresh_from_db()
    assert update.status == workflow.DRAFT


def test_a_document_update_draft_with_a_new_version_can_be_deleted(client, person, person_user, filed_with_programme):
    filed, old = filed_with_programme
    update = services.start_draft(actor=person_user, person=person, kind=workflow.DOCUMENT_UPDATE,
                                  related_application=filed)
    services.add_document(actor=person_user, application=filed, added_with=update, replaces=old,
                          file=pdf_file("iprr-2026.pdf"), kind="")
    client.post(f"{BASE}{update.pk}/discard/")
    assert not ProductApplication.objects.filter(pk=update.pk).exists()
    assert list(filed.files.values_list("document__original_name", flat=True)) == ["iprr-2025.pdf"]
    assert not Document.objects.filter(replaces=old).exists()


def test_withdraw_only_while_undecided(client, person, person_user, district_officer, wheelchair):
    application = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    application = advance(application, workflow.UNDER_REVIEW, officer=district_officer, person_user=person_user)
    response = client.get(f"{BASE}{application.pk}/withdraw/")
    assert uk("This cannot be undone.") in text_of(response)
    client.post(f"{BASE}{application.pk}/withdraw/", {"reason": "Купили крісло самі."})
    application.refresh_from_db()
    assert application.status == workflow.WITHDRAWN
    assert application.events.last().reason == "Купили крісло самі."
    decided = advance(new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair),
                      workflow.APPROVED, officer=district_officer, person_user=person_user)
    response = client.post(f"{BASE}{decided.pk}/withdraw/", {"reason": "Передумала."})
    assert response.status_code == 302
    decided.refresh_from_db()
    assert decided.status == workflow.APPROVED


def test_decision_is_shown_with_its_letter(client, person, person_user, district_officer, branch_officer,
                                           wheelchair):
    application = advance(new_application(workflow.PROVISION, person=person, person_user=person_user,
                                          product=wheelchair), workflow.UNDER_REVIEW,
                          officer=district_officer, person_user=person_user)
    application = services.move(actor=district_officer, application=application, to=workflow.FORWARDED)
    assert client.get(f"{BASE}{application.pk}/decision.pdf").status_code == 404
    application = services.decide(actor=branch_officer, application=application, approve=True,
                                  reasons="Потребу підтверджено індивідуальною програмою реабілітації.")
    page = text_of(client.get(f"{BASE}{application.pk}/"))
    assert application.decision_number in page
    assert "Потребу підтверджено індивідуальною програмою реабілітації." in page
    assert branch_officer.username not in page and branch_officer.last_name not in page
    # "Decided by" names the Fund's branch that decided, not the office that forwarded it.
    branch = branch_officer.staff_profile.organization
    decided_by = re.search(rf"<dt>{re.escape(uk('Decided by'))}</dt> ?<dd>([^<]*)</dd>", page).group(1)
    assert decided_by == branch.name and decided_by != application.office.name
    # The history, too, says the branch took the decision (and the office the steps before it).
    rows = dict(re.findall(r"<tr> <td>[^<]*</td> <td>([^<]*)</td> <td>([^<]*)</td>", page))
    with override("uk"):
        label = {status: str(STATUS_LABELS[status]) for status in (workflow.REGISTERED, workflow.APPROVED)}
    assert rows[label[workflow.APPROVED][:1].upper() + label[workflow.APPROVED][1:]] == branch.name
    assert rows[label[workflow.REGISTERED][:1].upper() + label[workflow.REGISTERED][1:]] == application.office.name
    response = client.get(f"{BASE}{application.pk}/decision.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "attachment" in response["Content-Disposition"]


def test_answering_a_request_for_information(client, person, person_user, district_officer, wheelchair):
    application = advance(new_application(workflow.PROVISION, person=person, person_user=person_user,
                                          product=wheelchair), workflow.INFORMATION_REQUESTED,
                          officer=district_officer, person_user=person_user)
    page = text_of(client.get(f"{BASE}{application.pk}/"))
    assert "Додайте, будь ласка, рекомендацію лікаря щодо типу крісла." in page
    assert uk("your answer is needed") in text_of(client.get(BASE))
    url = f"{BASE}{application.pk}/provide-information/"
    response = client.post(url, {"action": "send", "answer-answer": ""})
    assert form_error_codes(response.context["answer"]) == {"answer": [ApplicationsErrorCode.ANSWER_EMPTY.value]}
    client.post(url, {"action": "upload", "upload-kind": "rehabilitation_programme",
                      "upload-file": pdf_file("rekomendatsiia.pdf")})
    assert application.files.filter(document__original_name="rekomendatsiia.pdf").exists()
    client.post(url, {"action": "send", "answer-answer": "Додала рекомендацію лікаря."})
    application.refresh_from_db()
    assert application.status == workflow.INFORMATION_PROVIDED
    assert application.events.last().reason == "Додала рекомендацію лікаря."


def test_survey_only_after_fulfilment_and_only_once(client, person, person_user, district_officer, wheelchair):
    application = advance(new_application(workflow.PROVISION, person=person, person_user=person_user,
                                          product=wheelchair), workflow.IN_FULFILMENT,
                          officer=district_officer, person_user=person_user)
    assert client.get(f"{BASE}{application.pk}/survey/").status_code == 404
    application = services.move(actor=district_officer, application=application, to=workflow.PROVIDED)
    url = f"{BASE}{application.pk}/survey/"
    response = client.post(url, {"comment": "Усе добре"})
    assert uk("Choose a rating from 1 to 5.") in text_of(response)
    client.post(url, {"rating": "5", "comment": "Крісло привезли вчасно."})
    survey = Survey.objects.get(application=application)
    assert survey.rating == 5 and survey.comment == "Крісло привезли вчасно."
    response = client.post(url, {"rating": "1"})
    assert response.status_code == 302
    assert Survey.objects.get(application=application).rating == 5


def test_my_products_show_time_left_and_start_a_prefilled_replacement(client, person, issued):
    page = text_of(client.get(f"{BASE}products/"))
    assert issued.product.name in page
    assert issued.replacement_possible_on.strftime("%d.%m.%Y") in page
    assert re.search(r"\b3[45]\b", page)  # months left of a 4-year life received 400 days ago
    response = client.post(f"{BASE}new/", {"prefill": "1", "kind": "replacement", "issued_product": issued.pk})
    application = ProductApplication.objects.get()
    assert application.kind == workflow.REPLACEMENT and application.issued_product == issued
    assert response["Location"] == step_url(application, "office")


def test_a_representative_files_for_a_child_on_behalf(person, wheelchair, organizations):
    child = make_person(organizations[SHEVCHENKIVSKYI], surname="Петренко", given_name="Марко",
                        patronymic="Олегович", date_of_birth=date(2016, 5, 4), sex="male",
                        rnokpp=make_rnokpp(date(2016, 5, 4), 611, True))
    mama = cabinet_user_for(person, "mama", represents=[child])
    client = cabinet_client(mama)
    session = client.session
    session["cabinet_acting_for"] = str(child.pk)
    session.save()
    client.post(f"{BASE}new/", {"what": "get"})
    client.post(f"{BASE}new/?what=get", {"stage": "bought", "bought": "no"})
    application = ProductApplication.objects.get()
    assert application.person == child
    response = client.get(step_url(application, "documents"))
    assert 'value="authority_proof"' in response.content.decode()
    for slug, data in (("office", {"office": child.office.pk}),
                       ("product", {"group": wheelchair.group.pk, "product": wheelchair.pk}),
                       ("details", {"request_text": "Крісло для сина."})):
        client.post(step_url(application, slug), data)
    client.post(f"{BASE}{application.pk}/check/")
    application.refresh_from_db()
    assert application.status == workflow.SUBMITTED
    assert application.events.get().on_behalf is True
    # Olena's own list does not show the child's application.
    olena = cabinet_client(mama)
    assert application.reference not in text_of(olena.get(BASE))


ROUTES = ["", "step/office/", "step/details/", "check/", "submitted/", "discard/", "withdraw/",
          "provide-information/", "decision.pdf", "survey/"]


@pytest.mark.parametrize("suffix", ROUTES)
def test_another_persons_application_is_not_found_on_every_route(suffix, person, person_user, district_officer,
                                                                   wheelchair, organizations):
    draft = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    filed = advance(new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair),
                    workflow.PROVIDED, officer=district_officer, person_user=person_user)
    stranger_person = make_person(organizations[SHEVCHENKIVSKYI], surname="Бойко", given_name="Тарас",
                                  patronymic="Миколайович", date_of_birth=date(1979, 11, 2), sex="male",
                                  rnokpp="2916000373")
    stranger = cabinet_client(cabinet_user_for(stranger_person, "taras.boiko"))
    for application in (draft, filed):
        for method in ("get", "post"):
            response = getattr(stranger, method)(f"{BASE}{application.pk}/{suffix}")
            assert response.status_code == 404, (application.status, method, suffix)
    draft.refresh_from_db()
    filed.refresh_from_db()
    assert draft.status == workflow.DRAFT and filed.status == workflow.PROVIDED
    assert not Survey.objects.exists()


# --- No file ever lost (issue #11) --------------------------------------------------------------

def _compensation_at_documents(client, person, wheelchair):
    client.post(f"{BASE}new/", {"stage": "bought", "bought": "yes"})
    application = ProductApplication.objects.get(kind=workflow.COMPENSATION)
    client.post(step_url(application, "office"), {"office": person.office.pk})
    client.post(step_url(application, "group"), {"group": wheelchair.group.pk})
    client.post(step_url(application, "product"), {"group": wheelchair.group.pk, "product": wheelchair.pk})
    client.post(step_url(application, "details"), {"purchase_amount": "9 200,50", "purchase_date": "2026-01-05"})
    return application


def test_continue_uploads_the_chosen_file_and_keeps_it_when_the_receipt_is_missing(client, person, person_user,
                                                                                    wheelchair):
    application = _compensation_at_documents(client, person, wheelchair)
    response = client.post(step_url(application, "documents"), {
        "action": "continue", "kind": "rehabilitation_programme", "file": pdf_file("Програма.pdf")})
    assert response.status_code == 200
    page = response.content.decode()
    assert form_error_codes(response.context["form"]) == {"file": [ApplicationsErrorCode.INCOMPLETE.value]}
    assert "error-summary" in page and uk("Add the receipt or invoice for the purchase.") in text_of(response)
    assert "Програма.pdf" in page and 'name="swap"' in page and 'name="remove"' in page
    assert application.files.get().document.kind == "rehabilitation_programme"
    # The person adds the receipt and goes on; the programme is not chosen again.
    response = client.post(step_url(application, "documents"), {
        "action": "continue", "kind": "purchase_receipt", "file": pdf_file("Чек.pdf")})
    assert response["Location"] == f"{BASE}{application.pk}/check/"
    assert application.files.count() == 2


def test_a_plus_without_javascript_keeps_the_kind_chosen_on_the_documents_step(client, person, person_user, wheelchair):
    """Issue #11, section 3: the documents step is the page's form, so the header's switches submit it and
    what the person chose comes back after the reload (cbi/web/keep.py), with no error shown."""
    application = _compensation_at_documents(client, person, wheelchair)
    url = step_url(application, "documents")
    page = client.get(url).content.decode()
    # The page takes a file: the switches post the form to the page itself (cbi/web/keep.py, switch_back).
    assert 'id="page-form"' in page and f'name="cbi_switch" value="larger" form="page-form" formmethod="post" formnovalidate formaction="{url}"' in page
    assert re.search(r'value="purchase_receipt"[^>]*checked', page)  # the receipt first, before the switch
    response = client.post(url, {"kind": "rehabilitation_programme", "cbi_switch": "larger"})
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert '<html lang="uk" class="text-125' in page
    assert re.search(r'value="rehabilitation_programme"[^>]*checked', page)
    assert not re.search(r'value="purchase_receipt"[^>]*checked', page)
    assert "error-summary" not in page and not application.files.exists()
    # Enter in a field submits through the unnamed default button (no "action"): that is "Continue".
    client.post(url, {"kind": "rehabilitation_programme", "file": pdf_file("Програма.pdf")})
    response = client.post(url, {"kind": "purchase_receipt", "file": pdf_file("Чек.pdf")})
    assert response["Location"] == f"{BASE}{application.pk}/check/"


def test_replace_swaps_a_draft_file_and_remove_is_a_button_of_the_same_form(client, person, person_user,
                                                                           wheelchair, django_capture_on_commit_callbacks):
    application = _compensation_at_documents(client, person, wheelchair)
    client.post(step_url(application, "documents"), {"action": "upload", "kind": "purchase_receipt",
                                                     "file": pdf_file("чек-нечіткий.pdf")})
    old = application.files.get().document
    # "Replace" also uploads a file chosen at the same time.
    response = client.post(step_url(application, "documents"), {
        "swap": str(old.pk), "kind": "rehabilitation_programme", "file": pdf_file("Програма.pdf")})
    assert response.status_code == 302 and f"swap={old.pk}" in response["Location"]
    assert application.files.count() == 2
    page = text_of(client.get(response["Location"]))
    assert "чек-нечіткий.pdf" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(step_url(application, "documents"), {"action": "continue", "swapping": str(old.pk),
                                                         "file": pdf_file("чек.pdf")})
    kinds = sorted(application.files.values_list("document__kind", "document__original_name"))
    assert kinds == [("purchase_receipt", "чек.pdf"), ("rehabilitation_programme", "Програма.pdf")]
    assert not Document.objects.filter(pk=old.pk).exists()
    programme = application.files.get(document__kind="rehabilitation_programme").document
    response = client.post(step_url(application, "documents"), {"remove": str(programme.pk),
                                                                 "kind": "purchase_receipt"})
    assert response.status_code == 302 and application.files.count() == 1


def test_a_refused_file_on_continue_says_why_and_stores_nothing(client, person, person_user, wheelchair):
    application = _compensation_at_documents(client, person, wheelchair)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(step_url(application, "documents"), {
        "action": "continue", "kind": "purchase_receipt",
        "file": SimpleUploadedFile("чек.docx", b"PK\x03\x04 not a scan", content_type="application/pdf")})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not application.files.exists() and not Document.objects.exists()


def test_sending_the_answer_uploads_the_file_chosen_with_it(client, person, person_user, district_officer,
                                                            wheelchair):
    application = advance(new_application(workflow.PROVISION, person=person, person_user=person_user,
                                          product=wheelchair), workflow.INFORMATION_REQUESTED,
                          officer=district_officer, person_user=person_user)
    url = f"{BASE}{application.pk}/provide-information/"
    response = client.post(url, {"action": "send", "answer-answer": "Надсилаю рекомендацію.",
                                 "upload-kind": "rehabilitation_programme",
                                 "upload-file": pdf_file("рекомендація.pdf")})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == workflow.INFORMATION_PROVIDED
    assert application.files.filter(document__original_name="рекомендація.pdf").exists()


def test_a_plus_without_javascript_adds_the_file_chosen_on_the_documents_step(client, person, person_user, wheelchair):
    """Issue #11, section 3: a file chosen but not yet uploaded is not lost when a switch is pressed
    without JavaScript: the switch posts the step to itself, which adds the file (shown by name and size
    with Замінити/Видалити), keeps the kind chosen, and does not go on to the check."""
    application = _compensation_at_documents(client, person, wheelchair)
    url = step_url(application, "documents")
    response = client.post(url, {"kind": "rehabilitation_programme", "file": pdf_file("Програма реабілітації.pdf"),
                                 "cbi_switch": "contrast"})
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "high-contrast" in page and "error-summary" not in page
    assert re.search(r'class="stored-file".*?Програма реабілітації\.pdf.*?Замінити.*?Видалити', page, re.S)
    assert list(application.files.values_list("document__original_name", flat=True)) == ["Програма реабілітації.pdf"]
    application.refresh_from_db()
    assert application.status == workflow.DRAFT


def test_a_switch_without_javascript_on_answer_the_office_adds_the_file_and_sends_nothing(
        client, person, person_user, district_officer, wheelchair):
    application = advance(new_application(workflow.PROVISION, person=person, person_user=person_user,
                                          product=wheelchair), workflow.INFORMATION_REQUESTED,
                          officer=district_officer, person_user=person_user)
    url = f"{BASE}{application.pk}/provide-information/"
    page = client.get(url).content.decode()
    assert f'name="cbi_language" value="en" form="page-form" formmethod="post" formnovalidate formaction="{url}"' in page
    response = client.post(url, {"answer-answer": "Надсилаю рекомендацію лікаря.",
                                 "upload-kind": "rehabilitation_programme",
                                 "upload-file": pdf_file("рекомендація.pdf"), "cbi_language": "en"})
    assert response.status_code == 302 and response["Location"] == url
    assert response.cookies["django_language"].value == "en"
    application.refresh_from_db()
    assert application.status == workflow.INFORMATION_REQUESTED  # nothing sent
    page = client.get(url).content.decode()
    assert '<html lang="en"' in page and "рекомендація.pdf" in page
    assert "Надсилаю рекомендацію лікаря." in page and "error-summary" not in page
