"""The right to assistive products suspended and ended (AP-RIGHT-1..3; issue #16 §3).

An officer records the event with its document; the person's open applications are cancelled
(right ended) or suspended (right suspended) with a decision letter; nothing is deleted; a
suspension is lifted with its own record and the applications continue where they stopped."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from cbi.applications import right, services, workflow
from cbi.applications.letters import right_letter_context
from cbi.applications.models import ApplicationEvent, ProductApplication, RightEvent
from cbi.letters.registry import render_letter
from cbi.notifications.models import Notification
from tests.conftest import signed_in
from tests.pdfua import pdf_ua_text, structure_roles

from .fixtures import advance, new_application
from .test_cabinet_views import cabinet_client


def uk(msgid: str) -> str:
    with override("uk"):
        return gettext(msgid)


def flat(text: str) -> str:
    return " ".join(str(text).split())


# --- The pure rule ------------------------------------------------------------------------------

def test_ap_right_1_death_ends_the_right_from_its_date():
    on = date(2026, 5, 1)
    assert right.right_state([(right.DEATH, date(2026, 4, 20), False, None)], on).state == right.ENDED
    assert right.right_state([(right.DEATH, date(2026, 5, 2), False, None)], on).state == right.ACTIVE


def test_ap_right_2_suspension_holds_until_lifted_or_its_end_date():
    on = date(2026, 5, 1)
    sold = (right.PRODUCT_DISPOSED, date(2026, 3, 1), False, date(2027, 3, 1))
    assert right.right_state([sold], on) == right.RightState(right.SUSPENDED, "AP-RIGHT-2", date(2026, 3, 1),
                                                               date(2027, 3, 1))
    assert right.right_state([sold], date(2027, 3, 1)).state == right.ACTIVE
    assert right.right_state([(*sold[:2], True, sold[3])], on).state == right.ACTIVE
    # An ended right stays ended whatever was suspended before.
    assert right.right_state([sold, (right.EMIGRATION, date(2026, 4, 1), False, None)], on).state == right.ENDED


# --- Recording an event -------------------------------------------------------------------------

@pytest.fixture
def three(person, person_user, district_officer, wheelchair):
    """Олена's applications: one under review, one approved, one already provided."""
    make = lambda to: advance(new_application(workflow.PROVISION, person=person, person_user=person_user,  # noqa: E731
                                              product=wheelchair), to, officer=district_officer,
                              person_user=person_user)
    return make(workflow.UNDER_REVIEW), make(workflow.APPROVED), make(workflow.PROVIDED)


def test_death_cancels_every_open_application_and_keeps_everything(person, district_officer, three):
    under_review, approved, provided = three
    Notification.objects.all().delete()
    event = services.record_right_event(actor=district_officer, person=person, ground=right.DEATH,
                                        source_document="Свідоцтво про смерть I-БК № 204518",
                                        source_date=timezone.localdate() - timedelta(days=2))
    assert event.decision_number.startswith("ПЗ-")
    for application, before in ((under_review, workflow.UNDER_REVIEW), (approved, workflow.APPROVED)):
        application.refresh_from_db()
        assert application.status == workflow.CANCELLED
        step = application.events.last()
        assert (step.action, step.from_status, step.rule_id, step.right_event) == (
            workflow.CANCEL_RIGHT_ENDED, before, "AP-RIGHT-1", event)
        assert "Свідоцтво про смерть I-БК № 204518" in step.reason
        assert application.history.first().history_change_reason == workflow.CANCEL_RIGHT_ENDED
    provided.refresh_from_db()
    assert provided.status == workflow.PROVIDED  # fulfilled already: nothing to cancel
    assert ProductApplication.objects.filter(person=person).count() == 3  # nothing deleted
    assert Notification.objects.filter(person=person).count() == 2
    assert event.decision_number in Notification.objects.first().body


def test_product_handed_over_suspends_and_the_lift_resumes_where_it_stopped(person, district_officer, three):
    under_review, approved, _provided = three
    suspension = services.record_right_event(
        actor=district_officer, person=person, ground=right.PRODUCT_DISPOSED,
        source_document="Акт перевірки управління № 17", source_date=timezone.localdate(),
        suspended_until=timezone.localdate() + timedelta(days=365))
    assert set(ProductApplication.objects.filter(person=person).values_list("status", flat=True)) == {
        workflow.SUSPENDED, workflow.PROVIDED}
    with pytest.raises(workflow.TransitionNotAllowed):  # a suspended application waits
        services.move(actor=district_officer, application=under_review, to=workflow.APPROVED, reason="Так")
    lift = services.lift_right_suspension(actor=district_officer, suspension=suspension,
                                          source_document="Рішення управління № 21", source_date=timezone.localdate())
    assert (lift.ground, lift.lifts) == (right.LIFTED, suspension)
    under_review.refresh_from_db()
    approved.refresh_from_db()
    assert (under_review.status, approved.status) == (workflow.UNDER_REVIEW, workflow.APPROVED)
    assert under_review.events.last().rule_id == "AP-RIGHT-3"
    with pytest.raises(ValidationError) as error:
        services.lift_right_suspension(actor=district_officer, suspension=suspension,
                                       source_document="Рішення № 22", source_date=timezone.localdate())
    assert error.value.code == "right_suspension_not_open"
    assert RightEvent.objects.filter(person=person).count() == 2


def test_submission_is_refused_while_the_right_is_ended_or_suspended(person, person_user, district_officer,
                                                                     wheelchair):
    suspension = services.record_right_event(actor=district_officer, person=person, ground=right.PRODUCT_DISPOSED,
                                             source_document="Акт № 17", source_date=timezone.localdate())
    draft = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    with pytest.raises(ValidationError) as error:
        services.submit(actor=person_user, application=draft)
    assert error.value.code == "right_suspended"
    services.lift_right_suspension(actor=district_officer, suspension=suspension, source_document="Рішення № 21",
                                   source_date=timezone.localdate())
    services.record_right_event(actor=district_officer, person=person, ground=right.EMIGRATION,
                                source_document="Довідка ДМС № 4521", source_date=timezone.localdate())
    with pytest.raises(ValidationError) as error:
        services.submit(actor=person_user, application=draft)
    assert error.value.code == "right_ended"
    assert suspension.decision_number not in error.value.messages[0]
    with pytest.raises(ValidationError) as error:  # nothing more on an ended right
        services.record_right_event(actor=district_officer, person=person, ground=right.DEATH,
                                    source_document="Свідоцтво № 1", source_date=timezone.localdate())
    assert error.value.code == "right_ended"


def test_an_officer_of_another_district_cannot_record_and_a_document_is_required(person, other_district_officer,
                                                                                district_officer):
    with pytest.raises(PermissionDenied):
        services.record_right_event(actor=other_district_officer, person=person, ground=right.DEATH,
                                    source_document="Свідоцтво № 1", source_date=timezone.localdate())
    with pytest.raises(ValidationError) as error:
        services.record_right_event(actor=district_officer, person=person, ground=right.DEATH,
                                    source_document="  ", source_date=timezone.localdate() + timedelta(days=1))
    assert {e.code for errors in error.value.error_dict.values() for e in errors} == {
        "right_document_required", "right_date_future"}
    assert not RightEvent.objects.exists()


# --- The letter ---------------------------------------------------------------------------------

def test_the_cancellation_letter_is_tagged_and_says_why_with_its_source(person, district_officer, three):
    under_review = three[0]
    event = services.record_right_event(actor=district_officer, person=person, ground=right.EMIGRATION,
                                        source_document="Повідомлення ДМС № 4521", source_date=date(2026, 1, 15)
                                        if timezone.localdate() >= date(2026, 1, 15) else timezone.localdate())
    pdf = render_letter(kind="applications.right_decision", subject=under_review)
    text = pdf_ua_text(pdf, title=uk("Decision on the right to assistive products"))
    assert {"H1", "H2", "P"} <= structure_roles(pdf)
    assert "Петренко Олена Іванівна" in text
    assert event.decision_number in text and under_review.reference in text
    assert "Повідомлення ДМС № 4521" in text
    assert flat(uk("leaving Ukraine for permanent residence abroad")) in text
    assert flat(uk("The right to assistive products has ENDED. The application is CANCELLED. "
                   "Nothing is deleted: the application and its history are kept.")) in text
    assert "AP-RIGHT-1" in text and "постановою КМУ № 321" in text
    assert flat(uk("(the item is not verified against the official text)")) in text
    assert flat(uk("How to appeal")) in text


def test_after_a_death_the_letter_goes_to_the_heirs(person, district_officer, three):
    services.record_right_event(actor=district_officer, person=person, ground=right.DEATH,
                                source_document="Свідоцтво про смерть I-БК № 204518", source_date=timezone.localdate())
    fields = dict(right_letter_context(three[1])["fields"])
    assert "Петренко Олена Іванівна" in fields[uk("To")]
    assert fields[uk("To")] != "Петренко Олена Іванівна"


def test_the_item_is_configurable(settings, person, district_officer, three):
    settings.ASSISTIVE_RIGHT_ITEM = "31"
    event = services.record_right_event(actor=district_officer, person=person, ground=right.DEATH,
                                        source_document="Свідоцтво № 1", source_date=timezone.localdate())
    assert event.citation.endswith("п. 31")


def test_the_letter_drops_the_unverified_mark_only_for_an_item_a_lawyer_checked(settings, person, district_officer,
                                                                                three):
    """ASSISTIVE_RIGHT_ITEM_VERIFIED (env) counts only with an item: a letter never presents the
    Procedure cited without an item as checked."""
    mark = flat(uk("(the item is not verified against the official text)"))
    title = uk("Decision on the right to assistive products")
    settings.ASSISTIVE_RIGHT_ITEM, settings.ASSISTIVE_RIGHT_ITEM_VERIFIED = "", True
    services.record_right_event(actor=district_officer, person=person, ground=right.PRODUCT_DISPOSED,
                                source_document="Акт перевірки № 14", source_date=timezone.localdate())
    text = pdf_ua_text(render_letter(kind="applications.right_decision", subject=three[0]), title=title)
    assert "постановою КМУ № 321 від 05.04.2012 (зі змінами)" in text and "(зі змінами), п." not in text
    assert mark in text
    settings.ASSISTIVE_RIGHT_ITEM = "31"
    suspension = RightEvent.objects.get()
    services.lift_right_suspension(actor=district_officer, suspension=suspension, source_document="Акт № 31",
                                   source_date=timezone.localdate())
    text = pdf_ua_text(render_letter(kind="applications.right_decision", subject=three[0]), title=title)
    assert "(зі змінами), п. 31" in text and mark not in text
    settings.ASSISTIVE_RIGHT_ITEM_VERIFIED = False
    text = pdf_ua_text(render_letter(kind="applications.right_decision", subject=three[0]), title=title)
    assert "(зі змінами), п. 31" in text and mark in text


# --- The pages ----------------------------------------------------------------------------------

def test_officer_records_with_a_confirmation_and_nothing_is_saved_before(person, district_officer, person_user,
                                                                         three):
    client = signed_in(district_officer)
    url = reverse("applications_staff:right_new", args=[person.pk])
    today = timezone.localdate()
    data = {"ground": right.DEATH, "source_document": "Свідоцтво про смерть I-БК № 204518",
            "source_date_day": today.day, "source_date_month": today.month, "source_date_year": today.year}
    page = client.post(url, data)
    assert page.status_code == 200
    body = page.content.decode()
    assert uk("Check and confirm") in body and three[0].reference in body and three[2].reference not in body
    assert not RightEvent.objects.exists()
    done = client.post(url, {**data, "confirmed": "yes"})
    assert done.status_code == 302
    event = RightEvent.objects.get()
    assert ApplicationEvent.objects.filter(right_event=event).count() == 2
    person_page = client.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    assert event.decision_number in person_page
    detail = client.get(reverse("applications_staff:detail", args=[three[0].pk])).content.decode()
    assert reverse("applications_staff:right_letter_pdf", args=[three[0].pk]) in detail
    # The person's representative (or the person) reads the letter in the cabinet.
    cabinet = cabinet_client(person_user)
    assert cabinet.get(reverse("applications_cabinet:right_letter_pdf", args=[three[0].pk]))["Content-Type"] == \
        "application/pdf"
    assert cabinet.get(reverse("applications_cabinet:right_letter_pdf", args=[three[2].pk])).status_code == 404
    listing = cabinet.get(reverse("applications_cabinet:list")).content.decode()
    assert event.decision_number not in listing and flat(uk("Open applications are cancelled; each has a decision "
                                                               "letter that says why and how to appeal.")) in flat(listing)


def test_the_staff_letter_route_serves_only_moved_applications(person, district_officer, three):
    client = signed_in(district_officer)
    assert client.get(reverse("applications_staff:right_letter_pdf", args=[three[0].pk])).status_code == 404
