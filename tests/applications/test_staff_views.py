"""The officers' pages: scope (another office → 404), who may act, the work list, the steps."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from cbi.accounts.models import Role
from cbi.applications import services, workflow
from cbi.applications.error_codes import ApplicationsErrorCode
from cbi.applications.models import STATUS_LABELS, ProductApplication
from cbi.audit.models import AccessEvent
from tests.conftest import LVIV_DISTRICT, make_person, make_staff, signed_in
from tests.errors import form_error_codes

from .fixtures import advance, new_application


@pytest.fixture
def draft(person, person_user, wheelchair):
    return new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)


@pytest.fixture
def submitted(draft, person_user):
    return services.submit(actor=person_user, application=draft)


def detail_url(application):
    return reverse("applications_staff:detail", args=[application.pk])


def act_url(application, action):
    return reverse("applications_staff:act", args=[application.pk, action])


def test_officer_sees_the_application_and_its_next_step(submitted, district_officer):
    response = signed_in(district_officer).get(detail_url(submitted))
    assert response.status_code == 200
    page = response.content.decode()
    assert submitted.reference in page
    assert "Олена" in page and "Крісло колісне з ручним приводом кімнатне" in page
    assert act_url(submitted, workflow.REGISTER) in page
    assert act_url(submitted, workflow.APPROVE) not in page
    # The opening is in the person's access log.
    assert AccessEvent.objects.filter(user=district_officer, person=submitted.person,
                                      event_type=AccessEvent.EventType.PRODUCT_APPLICATION).exists()


def test_another_office_gets_404_everywhere(draft, person_user, other_district_officer, district_officer):
    decided = advance(draft, workflow.REFUSED, officer=district_officer, person_user=person_user)
    client = signed_in(other_district_officer)
    for url in (detail_url(decided), act_url(decided, workflow.CLOSE),
                reverse("applications_staff:decision_pdf", args=[decided.pk])):
        assert client.get(url).status_code == 404, url
    assert client.post(act_url(decided, workflow.CLOSE), {"reason": ""}).status_code == 404
    decided.refresh_from_db()
    assert decided.status == workflow.REFUSED


def test_auditor_reads_but_may_not_act(submitted, auditor):
    client = signed_in(auditor)
    page = client.get(detail_url(submitted)).content.decode()
    assert submitted.reference in page
    assert act_url(submitted, workflow.REGISTER) not in page
    # Acting needs PROCESS_PRODUCT_APPLICATION: 403 for any application, so it reveals nothing.
    assert client.post(act_url(submitted, workflow.REGISTER)).status_code == 403
    assert client.get(reverse("applications_staff:paper_new", args=[submitted.person.pk])).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == workflow.SUBMITTED


def test_regional_officer_reads_own_region_only(submitted, regional_officer, organizations, wheelchair):
    lviv_officer = make_staff(organizations, "officer.lviv", Role.DISTRICT_OFFICER, LVIV_DISTRICT,
                              first="Марта", last="Гнатів")
    lviv_person = make_person(organizations[LVIV_DISTRICT], surname="Гнатів", given_name="Ярослав",
                              patronymic="Петрович", sex="male", rnokpp="2950402337")
    lviv = services.start_draft(actor=lviv_officer, person=lviv_person, kind=workflow.PROVISION, on_paper=True,
                                product=wheelchair, request_text="Потрібне крісло колісне.")
    lviv = services.submit(actor=lviv_officer, application=lviv)
    client = signed_in(regional_officer)
    assert client.get(detail_url(submitted)).status_code == 200
    assert client.get(detail_url(lviv)).status_code == 404
    page = client.get(reverse("applications_staff:work_list")).content.decode()
    assert submitted.reference in page and lviv.reference not in page
    assert client.post(act_url(submitted, workflow.REGISTER)).status_code == 403


def test_empty_reason_is_refused_and_nothing_changes(draft, district_officer, person_user):
    application = advance(draft, workflow.UNDER_REVIEW, officer=district_officer, person_user=person_user)
    client = signed_in(district_officer)
    response = client.post(act_url(application, workflow.REQUEST_INFORMATION), {"reason": "   "})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    application.refresh_from_db()
    assert application.status == workflow.UNDER_REVIEW
    response = client.post(act_url(application, workflow.REFUSE), {"reason": ""})
    application.refresh_from_db()
    assert application.status == workflow.UNDER_REVIEW and not application.is_decided


def test_step_not_possible_now_is_a_message_not_an_error(submitted, district_officer):
    client = signed_in(district_officer)
    response = client.post(act_url(submitted, workflow.APPROVE), {"reason": "Так"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == detail_url(submitted)
    messages = [str(m) for m in response.context["messages"]]
    with override("uk"):
        assert messages and str(STATUS_LABELS[workflow.SUBMITTED]) in messages[0]
    submitted.refresh_from_db()
    assert submitted.status == workflow.SUBMITTED
    assert client.get(act_url(submitted, "fly-to-the-moon")).status_code == 404


def test_officer_takes_compensation_to_payment(person, person_user, district_officer, wheelchair, supplier):
    application = new_application(workflow.COMPENSATION, person=person, person_user=person_user, product=wheelchair)
    application = advance(application, workflow.UNDER_REVIEW, officer=district_officer, person_user=person_user)
    client = signed_in(district_officer)
    page = client.get(act_url(application, workflow.APPROVE)).content.decode()
    assert 'value="9200.00"' in page  # prefilled with the amount paid
    response = client.post(act_url(application, workflow.APPROVE),
                           {"reason": "Витрати підтверджено квитанцією.", "approved_amount": "8700.00"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == workflow.APPROVED and application.approved_amount == Decimal("8700.00")
    page = client.get(act_url(application, workflow.START_FULFILMENT)).content.decode()
    assert supplier.name in page.replace("&quot;", "\"").replace("&#x27;", "'") or "Поділля" in page
    client.post(act_url(application, workflow.START_FULFILMENT), {"reason": "", "supplier": supplier.pk})
    application.refresh_from_db()
    assert application.status == workflow.IN_FULFILMENT and application.supplier == supplier
    client.post(act_url(application, workflow.MARK_PAID), {"reason": "Платіжне доручення № 118."})
    application.refresh_from_db()
    assert application.status == workflow.COMPENSATION_PAID
    pdf = client.get(reverse("applications_staff:decision_pdf", args=[application.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_early_replacement_shows_the_rule_to_the_officer(person, person_user, district_officer, wheelchair,
                                                          branch_officer):
    issued = services.record_issued_product(actor=district_officer, person=person, product=wheelchair,
                                            issued_on=timezone.localdate() - timedelta(days=400))
    application = new_application(workflow.REPLACEMENT, person=person, person_user=person_user,
                                  issued_product=issued)
    application = advance(application, workflow.UNDER_REVIEW, officer=district_officer, person_user=person_user)
    # The office weighs the term when it forwards; it no longer decides a replacement (AP-PROC-3).
    client = signed_in(district_officer)
    assert client.get(act_url(application, workflow.APPROVE)).status_code != 200
    for url in (detail_url(application), act_url(application, workflow.FORWARD)):
        page = client.get(url).content.decode()
        assert "EC-APP-2" in page
        assert issued.replacement_possible_on.strftime("%d.%m.%Y") in page
    application = services.move(actor=district_officer, application=application, to=workflow.FORWARDED)
    # The branch of the Fund sees the same rule where it decides.
    client = signed_in(branch_officer)
    for url in (detail_url(application), reverse("applications_staff:branch_act", args=[application.pk, "approve"])):
        page = client.get(url).content.decode()
        assert "EC-APP-2" in page
        assert issued.replacement_possible_on.strftime("%d.%m.%Y") in page


def test_work_list_filters_and_overdue_mark(submitted, district_officer, person, person_user, wheelchair):
    repair_product = services.record_issued_product(actor=district_officer, person=person, product=wheelchair,
                                                    issued_on=date(2024, 2, 1))
    repair = services.submit(actor=person_user, application=new_application(
        workflow.REPAIR, person=person, person_user=person_user, issued_product=repair_product))
    ProductApplication.objects.filter(pk=submitted.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    client = signed_in(district_officer)
    url = reverse("applications_staff:work_list")
    page = client.get(url).content.decode()
    assert submitted.reference in page and repair.reference in page
    assert "2" in page and "caption" in page
    overdue = client.get(url, {"overdue": "on"}).content.decode()
    assert submitted.reference in overdue and repair.reference not in overdue
    by_kind = client.get(url, {"kind": workflow.REPAIR}).content.decode()
    assert repair.reference in by_kind and submitted.reference not in by_kind
    nothing = client.get(url, {"status": workflow.CLOSED}).content.decode()
    assert submitted.reference not in nothing and 'name="office"' not in nothing


def test_paper_application_is_submitted_and_marked(person, district_officer, wheelchair):
    client = signed_in(district_officer)
    url = reverse("applications_staff:paper_new", args=[person.pk])
    assert client.get(url).status_code == 200
    # Missing product: nothing saved.
    response = client.post(url, {"kind": workflow.PROVISION, "request_text": "Прошу крісло колісне."})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not ProductApplication.objects.exists()
    response = client.post(url, {"kind": workflow.PROVISION, "product": wheelchair.pk,
                                 "request_text": "Прошу крісло колісне."})
    application = ProductApplication.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(application)
    assert application.status == workflow.SUBMITTED and application.filed_via == "paper"
    assert application.created_by == district_officer
    page = client.get(detail_url(application)).content.decode()
    assert application.reference in page


def test_paper_compensation_without_receipt_leaves_no_half_draft(person, district_officer, wheelchair):
    from .fixtures import pdf_file

    client = signed_in(district_officer)
    url = reverse("applications_staff:paper_new", args=[person.pk])
    response = client.post(url, {"kind": workflow.COMPENSATION, "product": wheelchair.pk,
                                 "purchase_amount": "6100", "purchase_date": "2026-01-12",
                                 "seller": "ФОП Іваненко", "photo": pdf_file("foto.pdf")})
    assert response.status_code == 200
    assert ApplicationsErrorCode.INCOMPLETE.value in sum(form_error_codes(response.context["form"]).values(), [])
    assert not ProductApplication.objects.exists()
    from cbi.documents.models import Document
    assert not Document.objects.exists()


def test_other_office_cannot_file_on_paper_for_the_person(person, other_district_officer):
    client = signed_in(other_district_officer)
    assert client.get(reverse("applications_staff:paper_new", args=[person.pk])).status_code == 404
    assert client.get(reverse("applications_staff:record_issued", args=[person.pk])).status_code == 404


def test_record_issued_product_and_person_page(person, district_officer, wheelchair):
    client = signed_in(district_officer)
    url = reverse("applications_staff:record_issued", args=[person.pk])
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(url, {"product": wheelchair.pk, "issued_on": future})
    assert response.status_code == 200 and not person.issued_products.exists()
    response = client.post(url, {"product": wheelchair.pk, "issued_on": "2022-05-04", "serial_number": "KK-2291"})
    assert response.status_code == 302
    issued = person.issued_products.get()
    assert issued.replacement_possible_on == date(2026, 5, 4)
    page = client.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    assert "KK-2291" in page and reverse("applications_staff:paper_new", args=[person.pk]) in page


def test_surveys_page(person, person_user, district_officer, wheelchair, supplier, administrator):
    application = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    application = advance(application, workflow.APPROVED, officer=district_officer, person_user=person_user)
    application = services.move(actor=district_officer, application=application, to=workflow.IN_FULFILMENT,
                                changes={"supplier": supplier})
    application = services.move(actor=district_officer, application=application, to=workflow.PROVIDED)
    client = signed_in(district_officer)
    page = client.get(reverse("applications_staff:surveys")).content.decode()
    assert "<table" not in page
    services.submit_survey(actor=person_user, application=application, rating=4, comment="Швидко й зручно.")
    page = client.get(reverse("applications_staff:surveys")).content.decode()
    assert "<table" in page and ("4,0" in page or "4.0" in page)
    assert "ТОВ «Реабілітаційні технології Поділля»" in page
    assert signed_in(administrator).get(reverse("applications_staff:surveys")).status_code == 200


def test_reminders_command_and_task_remind_once(person, district_officer, wheelchair):
    from io import StringIO

    from django.core.management import call_command

    from cbi.applications.tasks import applications_reminders
    from cbi.notifications.models import Notification

    services.record_issued_product(actor=district_officer, person=person, product=wheelchair,
                                   issued_on=date(2021, 3, 1))
    out = StringIO()
    call_command("applications_reminders", stdout=out)
    assert "1" in out.getvalue()
    assert Notification.objects.filter(person=person, subject__contains="Крісло колісне").count() == 1
    result = applications_reminders.enqueue()
    assert result.return_value == {"sent": 0}
    assert Notification.objects.filter(person=person, subject__contains="Крісло колісне").count() == 1


def test_a_switch_without_javascript_holds_the_scan_chosen_on_the_paper_application(person, district_officer,
                                                                                    wheelchair):
    """Issue #11, section 3: the officer chose the receipt's scan and pressed A+ (no JavaScript): the scan is
    held as on an error (by name and size with Замінити/Видалити), what was typed comes back, nothing is filed."""
    from .fixtures import pdf_file

    client = signed_in(district_officer)
    url = reverse("applications_staff:paper_new", args=[person.pk])
    response = client.post(url, {"kind": workflow.COMPENSATION, "product": wheelchair.pk, "seller": "ФОП Іваненко",
                                 "receipt": pdf_file("чек Петренко.pdf"), "cbi_switch": "larger"})
    assert response.status_code == 302 and response["Location"] == url
    assert not ProductApplication.objects.exists()
    page = client.get(url).content.decode()
    assert 'class="text-125' in page and "error-summary" not in page
    assert 'id="id_receipt_stored"' in page and "чек Петренко.pdf" in page
    assert 'value="ФОП Іваненко"' in page
