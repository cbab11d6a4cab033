"""No file ever lost (issue #11, 2.3): every form of the site that takes a file, found by walking
the forms of every app (not a hand list), keeps an accepted file when the page comes back with an
error elsewhere, shows it by name, and saves it on the next valid submit without it being chosen
again.

A form with a file field must be either walked here (``WALKS``: a page it is used on, the error
elsewhere, the fix) or named in ``NOTHING_ELSE`` / ``NEVER_HELD`` with a reason; a new one that is
neither fails ``test_every_form_that_takes_a_file_is_walked``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms as django_forms
from django.test import Client
from django.urls import reverse

import cbi
from cbi.applications import workflow
from cbi.applications.models import ProductApplication
from cbi.documents.models import Document, HeldUpload
from tests.applications.fixtures import (  # noqa: F401 (fixtures)
    advance, cabinet_user_for, new_application, pdf_file, person_user, wheelchair,
)
from tests.conftest import signed_in
from tests.documents.files import jpeg, pdf, png, upload
from tests.primary.journey import BASE as PRIMARY, SELF_ANSWERS, answer

pytestmark = pytest.mark.django_db


def forms_that_take_files() -> set[str]:
    """Every form class in ``cbi`` with a file field ("module.Class")."""
    for module in pkgutil.walk_packages(cbi.__path__, "cbi."):
        leaf = module.name.rsplit(".", 1)[-1]
        if leaf == "forms" or leaf.endswith("_forms"):
            importlib.import_module(module.name)
    found, pending = set(), [django_forms.BaseForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("cbi.") and (_declares_a_file(cls) or _adds_a_file(cls)):
            found.add(f"{cls.__module__}.{cls.__qualname__}")
    return found


def _declares_a_file(cls) -> bool:
    return any(isinstance(f, django_forms.FileField) for f in getattr(cls, "base_fields", {}).values())


def _adds_a_file(cls) -> bool:
    """A form that adds its file fields in ``__init__`` (e.g. one per document a step asks for)."""
    from cbi.documents.forms import DocumentUploadField

    source = inspect.getsource(cls)
    names = {"FileField", DocumentUploadField.__name__}
    return any(f"{name}(" in source for name in names)


# --- The walks: submit with a file and an error elsewhere; the file is kept; fix; it is saved ----

def _paper_application(request):
    """The officer enters a paper application, forgets the product; the programme scan is kept."""
    person, officer, product = (request.getfixturevalue(name) for name in ("person", "district_officer", "wheelchair"))
    client = signed_in(officer)
    url = reverse("applications_staff:paper_new", args=[person.pk])
    response = client.post(url, {"kind": workflow.PROVISION, "request_text": "Прошу крісло колісне кімнатне.",
                                 "programme": upload("ІПР Петренко.pdf", pdf())})
    page = response.content.decode()
    assert response.status_code == 200 and "error-summary" in page
    assert "ІПР Петренко.pdf" in page and 'name="remove" value="programme"' in page
    assert 'type="file" name="programme"' not in page  # not asked again
    assert not ProductApplication.objects.exists()
    response = client.post(url, {"kind": workflow.PROVISION, "product": product.pk,
                                 "request_text": "Прошу крісло колісне кімнатне."})
    application = ProductApplication.objects.get()
    assert response.status_code == 302
    assert [(i.document.original_name, i.document.kind) for i in application.files.select_related("document")] == [
        ("ІПР Петренко.pdf", Document.Kind.REHABILITATION_PROGRAMME)]
    assert not HeldUpload.objects.exists()


def _primary_documents_step(request):
    """A newcomer chooses the passport scan, forgets the others; it is kept by name."""
    request.getfixturevalue("organizations")
    client = Client()
    for step, data in SELF_ANSWERS.items():
        assert answer(client, step, data).status_code == 302
    response = client.post(f"{PRIMARY}documents/", {"identity": upload("паспорт.jpg", jpeg(200_000))})
    page = response.content.decode()
    assert response.status_code == 200 and "error-summary" in page
    assert "паспорт.jpg" in page and 'name="remove" value="identity"' in page
    assert 'type="file" name="identity"' not in page
    response = client.post(f"{PRIMARY}documents/", {"rnokpp": upload("rnokpp.png", png()),
                                                    "right": upload("висновок.pdf", pdf())})
    assert response.status_code == 302 and response["Location"] == f"{PRIMARY}check/"
    assert "паспорт.jpg" in set(Document.objects.values_list("original_name", flat=True))


def _cabinet_documents_step(request):
    """Compensation: the programme is chosen, the receipt forgotten; the programme is kept."""
    person, product = request.getfixturevalue("person"), request.getfixturevalue("wheelchair")
    client = Client()
    client.force_login(request.getfixturevalue("person_user"))
    base = "/cabinet/applications/"
    client.post(f"{base}new/", {"stage": "bought", "bought": "yes"})
    application = ProductApplication.objects.get(kind=workflow.COMPENSATION)
    step = f"{base}{application.pk}/step/"
    client.post(f"{step}office/", {"office": person.office.pk})
    client.post(f"{step}group/", {"group": product.group.pk})
    client.post(f"{step}product/", {"group": product.group.pk, "product": product.pk})
    client.post(f"{step}details/", {"purchase_amount": "9 200,50", "purchase_date": "2026-01-05"})
    response = client.post(f"{step}documents/", {"action": "continue", "kind": "rehabilitation_programme",
                                                 "file": pdf_file("Програма реабілітації.pdf")})
    page = response.content.decode()
    assert response.status_code == 200 and "error-summary" in page
    assert "Програма реабілітації.pdf" in page and 'name="remove"' in page
    response = client.post(f"{step}documents/", {"action": "continue", "kind": "purchase_receipt",
                                                 "file": pdf_file("Чек.pdf")})
    assert response.status_code == 302 and response["Location"].endswith("/check/")
    assert sorted(application.files.values_list("document__original_name", flat=True)) == [
        "Програма реабілітації.pdf", "Чек.pdf"]


def _answer_the_office(request):
    """The answer is too long; the scan sent with it is kept and listed; a shorter answer sends."""
    person_user, officer = request.getfixturevalue("person_user"), request.getfixturevalue("district_officer")
    application = advance(new_application(workflow.PROVISION, person=request.getfixturevalue("person"),
                                          person_user=person_user, product=request.getfixturevalue("wheelchair")),
                          workflow.INFORMATION_REQUESTED, officer=officer, person_user=person_user)
    client = Client()
    client.force_login(person_user)
    url = f"/cabinet/applications/{application.pk}/provide-information/"
    response = client.post(url, {"action": "send", "answer-answer": "Надсилаю рекомендацію. " * 200,
                                 "upload-kind": "rehabilitation_programme",
                                 "upload-file": pdf_file("рекомендація ЛКК.pdf")})
    page = response.content.decode()
    assert response.status_code == 200 and "error-summary" in page
    assert "рекомендація ЛКК.pdf" in page
    response = client.post(url, {"action": "send", "answer-answer": "Надсилаю рекомендацію ЛКК."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == workflow.INFORMATION_PROVIDED
    assert list(application.files.values_list("document__original_name", flat=True)) == ["рекомендація ЛКК.pdf"]


def _complaint(request):
    """A mother complains about a refusal, attaches the doctor's conclusion and forgets the reasons."""
    from cbi.complaints.models import Complaint
    from tests.applications.fixtures import advance, new_application

    person, person_user, officer, product = (request.getfixturevalue(name) for name in (
        "person", "person_user", "district_officer", "wheelchair"))
    refused = advance(new_application(workflow.PROVISION, person=person, person_user=person_user, product=product),
                      workflow.REFUSED, officer=officer, person_user=person_user)
    client = Client()
    client.force_login(person_user)
    url = reverse("complaints_cabinet:new", args=["product_application", refused.pk])
    response = client.post(url, {"reasons": "", "file_1": upload("висновок лікаря.pdf", pdf())})
    page = response.content.decode()
    assert response.status_code == 200 and "error-summary" in page
    assert "висновок лікаря.pdf" in page and 'name="remove" value="file_1"' in page
    assert 'type="file" name="file_1"' not in page
    assert not Complaint.objects.exists()
    response = client.post(url, {"reasons": "Управління не врахувало висновок лікаря від 12.09.2026."})
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert [d.original_name for d in complaint.documents.all()] == ["висновок лікаря.pdf"]
    assert not HeldUpload.objects.exists()


def _delivery(request):
    """The enterprise records the delivery, forgets the serial number; the act of delivery is kept."""
    from cbi.applications import referral_flow
    from cbi.applications import services as product_services

    referral, user = request.getfixturevalue("referral"), request.getfixturevalue("enterprise_user")
    product_services.enterprise_step(actor=user, referral=referral, action=referral_flow.ACCEPT)
    client = signed_in(user)
    url = reverse("referrals_enterprise:act", args=[referral.pk, "record_delivery"])
    day = referral.issued_at.astimezone().strftime("%d.%m.%Y")
    response = client.post(url, {"delivered_on": day, "serial_number": "", "act": upload("акт передачі.pdf", pdf())})
    page = response.content.decode()
    assert response.status_code == 200 and "error-summary" in page
    assert "акт передачі.pdf" in page and 'name="remove" value="act"' in page
    assert 'type="file" name="act"' not in page
    response = client.post(url, {"delivered_on": day, "serial_number": "KK-2026-00417"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == referral_flow.DELIVERED and referral.delivery_act.original_name == "акт передачі.pdf"
    assert not HeldUpload.objects.exists()


WALKS = {
    "cbi.applications.staff_forms.DeliveryForm": [_delivery],
    "cbi.complaints.forms.ComplaintForm": [_complaint],
    "cbi.applications.staff_forms.PaperApplicationForm": [_paper_application],
    "cbi.primary.forms.DocumentsStepForm": [_primary_documents_step],
    "cbi.applications.cabinet_forms.UploadForm": [_cabinet_documents_step, _answer_the_office],
}

# Forms whose only fields are files: nothing else on them can be wrong, so a file is never sent
# back for an error elsewhere (asserted below, so a field added later moves the form to WALKS).
NOTHING_ELSE = {
    "cbi.applications.cabinet_forms.NewVersionForm": "a new version of one file, nothing else to fill in",
    "cbi.imports.forms.UploadForm": "the administrator's registry file, nothing else to fill in",
}

# Forms whose files are never held on the server, on purpose.
NEVER_HELD = {
    "cbi.signatures.forms.KepSignatureForm": "a signature over a single-use check: any error issues a new check, "
                                             "so a kept .p7s could never verify (docs/signatures.md)",
}


def test_every_form_that_takes_a_file_is_walked():
    found = forms_that_take_files()
    assert "cbi.applications.staff_forms.PaperApplicationForm" in found  # the walk over the apps works
    known = set(WALKS) | set(NOTHING_ELSE) | set(NEVER_HELD)
    assert found - known == set(), "a form that takes a file: walk it in WALKS"
    assert known - found == set(), "a form listed here takes no file any more"


@pytest.mark.parametrize("name", sorted(NOTHING_ELSE))
def test_a_form_with_only_files_has_nothing_else_to_get_wrong(name):
    module, cls = name.rsplit(".", 1)
    fields = getattr(importlib.import_module(module), cls).base_fields.values()
    assert all(isinstance(field, django_forms.FileField) for field in fields)


@pytest.mark.parametrize("walk", [(form, walk) for form, walks in WALKS.items() for walk in walks],
                         ids=lambda item: f"{item[0].rsplit('.', 1)[-1]}-{item[1].__name__.strip('_')}")
def test_a_file_chosen_with_an_error_elsewhere_is_kept_then_saved(walk, request, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                          "OPTIONS": {"location": str(tmp_path)}}}
    walk[1](request)
