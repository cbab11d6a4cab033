"""Issue #6 (4): reporting an accessibility barrier, and the administrators' pages."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils.translation import gettext, override

from cbi.help.error_codes import HelpErrorCode
from cbi.help.models import BarrierReport
from cbi.help.services import MAX_REPORTS_PER_HOUR
from tests.conftest import signed_in
from tests.errors import form_error_codes

pytestmark = pytest.mark.django_db

URL = "/help/accessibility/report/"
PROBLEM = ("Екранний читач NVDA не читає назву кнопки «Завантажити» на сторінці документів, "
           "тому я не знаю, що вона робить.")


def uk(msgid: str) -> str:
    with override("uk"):
        return str(gettext(msgid))


@pytest.fixture(autouse=True)
def _clean_rate_limit():
    cache.clear()
    yield
    cache.clear()


def send(client=None, **data):
    client = client or Client()
    payload = {"page": "/cabinet/documents/", "description": PROBLEM, "assistive_technology": "screen_reader",
               "email": "olena.petrenko@example.com"}
    payload.update(data)
    return client.post(URL, payload)


def test_report_is_saved_administrators_get_it_and_the_sender_sees_the_number(administrator, district_officer):
    client = Client()
    response = send(client)
    assert response.status_code == 302
    report = BarrierReport.objects.get()
    assert report.status == BarrierReport.Status.NEW
    assert report.page == "/cabinet/documents/"
    assert report.assistive_technology == "screen_reader"
    assert re.fullmatch(r"ДС-\d{4}-000001", report.reference)

    confirmation = client.get(response["Location"]).content.decode()
    assert report.reference in confirmation
    assert "olena.petrenko@example.com" in confirmation

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["admin.ministry@cbi.example"]  # administrators only, not the district officer
    assert report.reference in message.subject
    assert PROBLEM in message.body and "/cabinet/documents/" in message.body
    assert f"/help/staff/reports/{report.pk}/" in message.body


def test_settings_admins_also_get_the_report(administrator, settings):
    settings.ADMINS = [("Чергова служба", "duty@cbi.example")]
    send()
    assert sorted(mail.outbox[0].to) == ["admin.ministry@cbi.example", "duty@cbi.example"]


def test_inactive_administrator_gets_nothing(administrator, settings):
    administrator.is_active = False
    administrator.save()
    settings.ADMINS = []
    send()
    assert BarrierReport.objects.count() == 1
    assert mail.outbox == []


def test_nothing_personal_is_required():
    response = send(page="", email="", assistive_technology="")
    assert response.status_code == 302
    report = BarrierReport.objects.get()
    assert report.email == "" and report.assistive_technology == ""
    page = Client().get(URL).content.decode()
    assert "(optional)" in page or "(необов" in page


def test_empty_description_shows_the_error_summary_and_saves_nothing(administrator):
    response = send(description="   ")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert uk("Tell us what went wrong: what you tried to do and what stopped you.") in page
    assert "<title>" + uk("Error") + ":" in page
    assert BarrierReport.objects.count() == 0 and mail.outbox == []


def test_invalid_email_is_refused_with_a_message():
    response = send(email="olena.petrenko@")
    assert response.status_code == 200
    assert uk("Enter an e-mail address like olena@example.com, or leave the field empty.") in response.content.decode()
    assert BarrierReport.objects.count() == 0


def page_field(html: str) -> str:
    """The value of the “Address of the page” input ("" when it has none)."""
    tag = re.search(r'<input[^>]*name="page"[^>]*>', html).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return value.group(1) if value else ""


@pytest.mark.parametrize("foreign", ["http://evil.example/cabinet/", "//evil.example/x", "javascript:alert(1)"])
def test_foreign_page_in_the_link_is_dropped(foreign):
    assert page_field(Client().get(URL, {"page": foreign}).content.decode()) == ""


@pytest.mark.parametrize("foreign", ["http://evil.example/cabinet/", "//evil.example/x"])
def test_foreign_page_typed_in_the_form_is_refused(foreign):
    response = send(page=foreign)
    assert response.status_code == 200
    assert uk("Enter the address of a page of this service, for example /cabinet/. "
              "Leave the field empty if you do not know it.") in response.content.decode()
    assert BarrierReport.objects.count() == 0


def test_page_from_the_link_is_prefilled_without_the_query_string():
    page = Client().get(URL, {"page": "/staff/persons/search/?rnokpp=3113201244"}).content.decode()
    assert page_field(page) == "/staff/persons/search/"


def test_full_address_of_this_site_is_kept_as_its_path():
    send(page="http://testserver/help/car/?x=1")
    assert BarrierReport.objects.get().page == "/help/car/"


def test_too_many_reports_from_one_address_are_refused_with_a_clear_message():
    client = Client()
    for _ in range(MAX_REPORTS_PER_HOUR):
        assert send(client).status_code == 302
    response = send(client, description="Ще одна проблема: фокус зникає після закриття вікна.")
    assert response.status_code == 429
    page = response.content.decode()
    assert form_error_codes(response.context["form"]) == {"__all__": [HelpErrorCode.TOO_MANY_REPORTS.value]}
    assert str(MAX_REPORTS_PER_HOUR) in response.context["form"].non_field_errors()[0]  # how many were sent
    assert "Ще одна проблема: фокус зникає після закриття вікна." in page  # kept in the form
    assert BarrierReport.objects.count() == MAX_REPORTS_PER_HOUR
    # Another address is not affected.
    assert Client(REMOTE_ADDR="203.0.113.7").post(URL, {"description": PROBLEM}).status_code == 302


def test_confirmation_page_without_a_report_goes_back_to_the_form():
    response = Client().get("/help/accessibility/report/sent/")
    assert response.status_code == 302 and response["Location"] == URL


# --- Administrators --------------------------------------------------------------------

@pytest.fixture
def reports():
    old = BarrierReport.objects.create(reference="ДС-2026-000001", description="Старе", status="resolved")
    progress = BarrierReport.objects.create(reference="ДС-2026-000002", description="У роботі", status="in_progress")
    new = BarrierReport.objects.create(reference="ДС-2026-000003", description=PROBLEM, page="/cabinet/")
    return old, progress, new


def test_administrator_sees_the_list_new_first(administrator, reports):
    page = signed_in(administrator).get("/help/staff/reports/").content.decode()
    positions = [page.index(ref) for ref in ("ДС-2026-000003", "ДС-2026-000002", "ДС-2026-000001")]
    assert positions == sorted(positions)


def test_district_officer_may_not_see_the_reports(district_officer, reports):
    assert signed_in(district_officer).get("/help/staff/reports/").status_code == 403
    assert signed_in(district_officer).get(f"/help/staff/reports/{reports[2].pk}/").status_code == 403


def test_anonymous_is_sent_to_the_staff_sign_in(reports):
    response = Client().get("/help/staff/reports/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/?next=")


def test_status_change_with_a_note_is_kept_in_the_history(administrator, reports):
    report = reports[2]
    client = signed_in(administrator)
    response = client.post(f"/help/staff/reports/{report.pk}/",
                           {"status": "in_progress", "note": "Відтворено з NVDA 2024.4, передано розробникам."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "in_progress"
    assert "Відтворено з NVDA 2024.4" in report.admin_notes and "Ткаченко" in report.admin_notes
    latest = report.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == administrator
    assert latest.status == "in_progress"
    assert latest.history_change_reason.startswith("Відтворено з NVDA")

    client.post(f"/help/staff/reports/{report.pk}/", {"status": "resolved", "note": "Виправлено."})
    page = client.get(f"/help/staff/reports/{report.pk}/").content.decode()
    assert "Відтворено з NVDA 2024.4" in page and "Виправлено." in page
    assert [h.status for h in report.history.order_by("history_date", "history_id")] == ["new", "in_progress", "resolved"]


def test_saving_without_a_change_or_a_note_is_refused(administrator, reports):
    report = reports[2]
    response = signed_in(administrator).post(f"/help/staff/reports/{report.pk}/", {"status": "new", "note": ""})
    assert response.status_code == 200
    assert form_error_codes(response.context["form"]) == {"note": [HelpErrorCode.NOTHING_CHANGED.value]}
    assert report.history.count() == 1


def test_unknown_report_is_404(administrator):
    assert signed_in(administrator).get("/help/staff/reports/999/").status_code == 404
