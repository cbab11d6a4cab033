"""The lifecycle through the services: every kind reaches its end, the table refuses the rest."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from cbi.applications import services, workflow
from cbi.applications.models import IssuedProduct
from cbi.notifications.models import Notification

from .fixtures import advance, cabinet_user_for, new_application


@pytest.fixture
def issued(person, district_officer, wheelchair):
    return services.record_issued_product(actor=district_officer, person=person, product=wheelchair,
                                          issued_on=__import__("datetime").date(2025, 1, 10))


def test_provision_runs_to_closed_and_records_the_product(person, person_user, district_officer, wheelchair,
                                                         django_capture_on_commit_callbacks):
    application = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    with django_capture_on_commit_callbacks(execute=True):
        application = advance(application, workflow.CLOSED, officer=district_officer, person_user=person_user)
    assert application.status == workflow.CLOSED
    assert application.reference.startswith("ЗР-")
    assert application.decision_number == f"Р-{application.reference}"
    issued = IssuedProduct.objects.get(application=application)
    assert issued.replacement_possible_on.year == issued.issued_on.year + 4
    actions = list(application.events.values_list("action", flat=True))
    assert actions[:3] == [workflow.SUBMIT, workflow.REGISTER, workflow.START_REVIEW]
    assert Notification.objects.filter(person=person, subject__contains=application.reference).count() >= 3
    assert any(application.reference in m.subject for m in mail.outbox)


@pytest.mark.parametrize("kind", [workflow.COMPENSATION, workflow.REPLACEMENT, workflow.REPAIR,
                                  workflow.DOCUMENT_UPDATE])
def test_every_kind_reaches_its_end(kind, person, person_user, district_officer, wheelchair, issued):
    related = None
    if kind == workflow.DOCUMENT_UPDATE:
        related = advance(new_application(workflow.PROVISION, person=person, person_user=person_user,
                                          product=wheelchair), workflow.UNDER_REVIEW,
                          officer=district_officer, person_user=person_user)
    application = new_application(kind, person=person, person_user=person_user, product=wheelchair,
                                  issued_product=issued, related=related)
    application = advance(application, workflow.CLOSED, officer=district_officer, person_user=person_user)
    assert application.status == workflow.CLOSED
    if kind == workflow.REPLACEMENT:
        issued.refresh_from_db()
        assert issued.replaced_on is not None


def test_person_cannot_register_and_officer_cannot_skip(person, person_user, district_officer, wheelchair):
    application = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    application = services.submit(actor=person_user, application=application)
    with pytest.raises(workflow.TransitionNotAllowed):
        services.move(actor=person_user, application=application, to=workflow.REGISTERED)
    with pytest.raises(workflow.TransitionNotAllowed):
        services.move(actor=district_officer, application=application, to=workflow.APPROVED, reason="так")


def test_another_office_and_another_person_have_no_business(person, person_user, other_district_officer,
                                                            wheelchair):
    application = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    application = services.submit(actor=person_user, application=application)
    stranger = cabinet_user_for(None, "stranger")
    for actor in (other_district_officer, stranger):
        with pytest.raises(PermissionDenied):
            services.move(actor=actor, application=application, to=workflow.WITHDRAWN)


def test_a_new_version_reaches_the_office_only_when_the_update_is_sent(person, person_user, district_officer,
                                                                       wheelchair):
    from cbi.applications.selectors import files_with_versions
    from cbi.documents.models import Document

    from .fixtures import pdf_file

    original = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    first = services.add_document(actor=person_user, application=original, file=pdf_file("prohrama.pdf"),
                                  kind=Document.Kind.REHABILITATION_PROGRAMME)
    original = advance(original, workflow.UNDER_REVIEW, officer=district_officer, person_user=person_user)
    update = services.start_draft(actor=person_user, person=person, kind=workflow.DOCUMENT_UPDATE,
                                  related_application=original, request_text="Нова програма реабілітації.")
    services.add_document(actor=person_user, application=original, added_with=update, replaces=first.document,
                          file=pdf_file("prohrama-2026.pdf"), kind=Document.Kind.REHABILITATION_PROGRAMME)

    def shown(**kwargs):
        return [(item["current"].document.original_name, [o.document.original_name for o in item["older"]])
                for item in files_with_versions(original, **kwargs)]

    assert shown() == [("prohrama.pdf", [])]
    assert shown(unsent_update=update) == [("prohrama-2026.pdf", ["prohrama.pdf"])]
    services.submit(actor=person_user, application=update)
    assert shown() == [("prohrama-2026.pdf", ["prohrama.pdf"])]
