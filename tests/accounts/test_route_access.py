"""Every route × every audience against the declared access table (issue #12 §5).

The routes come from the URL configuration (``cbi.web.routes.route_inventory``), the expected
answers from ``cbi.accounts.route_access`` (the table, with the staff roles derived from the
capability table). One small world is built once for the module: the target, Олена Петренко of
Shevchenkivskyi district (Kyiv), with her car application, queue, assistive-product
applications, files, notifications and a request for primary registration sent to her office;
an officer of Pecherskyi district (same region) and a regional officer of Lviv region must not
reach any of it, nor must another person's cabinet. Each route asks with a real object of that
world; a route with parameters and no way to fill them, or with no entry in the table, fails.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from cbi.accounts.models import Role
from cbi.accounts.roles import ROLE_CAPABILITIES, Capability
from cbi.accounts.route_access import ROUTES, Answer, Audience, answer
from cbi.web.routes import route_inventory

ROUTE_NAMES = sorted(route_inventory())


@dataclass(frozen=True)
class Asker:
    audience: Audience
    entitled: bool           # the target's objects are within their reach
    username: str = ""


# The positive controls ("district officer", "regional officer", the target's own cabinet and
# her representative's) must reach her objects; the others must not.
ASKERS = [
    Asker(Audience("anonymous", "anonymous"), entitled=False),
    Asker(Audience("cabinet person", "cabinet"), entitled=True, username="olena.petrenko"),
    Asker(Audience("representative", "cabinet"), entitled=True, username="iryna.petrenko"),
    Asker(Audience("cabinet person of another person", "cabinet"), entitled=False, username="taras.hnatiuk"),
    Asker(Audience("district officer", "staff", Role.DISTRICT_OFFICER), entitled=True,
          username="officer.shevchenkivskyi"),
    Asker(Audience("district officer of another district", "staff", Role.DISTRICT_OFFICER), entitled=False,
          username="officer.pecherskyi"),
    Asker(Audience("regional officer", "staff", Role.REGIONAL_OFFICER), entitled=True, username="regional.kyiv"),
    Asker(Audience("regional officer of another region", "staff", Role.REGIONAL_OFFICER), entitled=False,
          username="regional.lviv"),
    Asker(Audience("auditor", "staff", Role.AUDITOR), entitled=True, username="auditor.ministry"),
    Asker(Audience("administrator", "staff", Role.ADMINISTRATOR), entitled=True, username="admin.ministry"),
    Asker(Audience("ministry officer", "staff", Role.MINISTRY_OFFICER), entitled=True, username="ministry.officer"),
    # The procedure in force (issue #16 §1): the Fund's branch of her region, and the enterprise her
    # referral is addressed to.
    Asker(Audience("Fund branch officer", "staff", Role.FUND_BRANCH_OFFICER), entitled=True, username="fund.kyiv"),
    Asker(Audience("enterprise user", "staff", Role.ENTERPRISE_USER), entitled=True, username="enterprise.podillia"),
]


# Олена Петренко and her neighbours in Shevchenkivskyi district: no page shown to an asker who
# is not entitled to them may name them (lists and search results are scoped too).
TARGET_SURNAMES = ["Петренко", "Зінченко", "Савчук", "Литвин", "Ткачук"]


@dataclass
class Params:
    kwargs: dict
    has_object: bool = True               # the URL names an object the askers may or may not reach
    gate_roles: frozenset | None = None   # for a gated route: the staff roles that pass the gate
    query: str = ""                       # a query string the page needs
    # Entitled askers this object is still out of reach of (a complaint addressed to another body).
    out_of_reach: frozenset = frozenset()


@dataclass
class World:
    sessions: dict = field(default_factory=dict)    # username -> session key
    objects: dict = field(default_factory=dict)


# --- The world ---------------------------------------------------------------------------------

def _build() -> World:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cbi.cabinet import code_delivery
    from cbi.applications import workflow as product_workflow
    from cbi.cabinet import services as cabinet_services
    from cbi.cabinet.staff_views import RECEIPT_KEY
    from cbi.carqueue.decisions import services as queue_decisions
    from cbi.carqueue.models import QueueEntry
    from cbi.catalogue.models import Product, ProductGroup, Supplier
    from cbi.catalogue.services import load_catalogue
    from cbi.documents.models import Document
    from cbi.help import services as help_services
    from cbi.notifications.models import Notification
    from cbi.registry import services as registry_services
    from cbi.registry.demo import make_rnokpp
    from cbi.organizations.models import Organization
    from cbi.registry.models import DisabilityStatus, IdentityDocument
    from tests.applications.fixtures import advance, cabinet_user_for, new_application
    from tests.carqueue.decisions import make_queue_decisions
    from tests.carqueue.test_applications import register, with_assessment
    from tests.carqueue.test_workflow import run_to
    from tests.conftest import LVIV_DISTRICT, PECHERSKYI, SHEVCHENKIVSKYI, make_person, make_staff
    from tests.primary.journey import submit_application

    world = World()
    today = timezone.localdate()
    registry_services.ensure_organizations()
    orgs = {o.code: o for o in Organization.objects.all()}

    staff = {
        "officer.shevchenkivskyi": make_staff(orgs, "officer.shevchenkivskyi", Role.DISTRICT_OFFICER, SHEVCHENKIVSKYI),
        "officer.pecherskyi": make_staff(orgs, "officer.pecherskyi", Role.DISTRICT_OFFICER, PECHERSKYI,
                                         first="Андрій", last="Мельник"),
        "regional.kyiv": make_staff(orgs, "regional.kyiv", Role.REGIONAL_OFFICER, "rd-80",
                                    first="Ірина", last="Бондаренко"),
        "regional.lviv": make_staff(orgs, "regional.lviv", Role.REGIONAL_OFFICER, "rd-46",
                                    first="Богдан", last="Гнатишин"),
        "auditor.ministry": make_staff(orgs, "auditor.ministry", Role.AUDITOR, "ministry",
                                       first="Наталія", last="Кравченко"),
        "admin.ministry": make_staff(orgs, "admin.ministry", Role.ADMINISTRATOR, "ministry",
                                     first="Сергій", last="Ткаченко"),
        "ministry.officer": make_staff(orgs, "ministry.officer", Role.MINISTRY_OFFICER, "ministry",
                                       first="Оксана", last="Шевчук"),
    }
    officer, regional = staff["officer.shevchenkivskyi"], staff["regional.kyiv"]

    # The target: Олена Петренко of Shevchenkivskyi district, with her own cabinet, and the cabinet of
    # her daughter Ірина, who acts for her by power of attorney; and Тарас Гнатюк of Lviv region
    # with his own cabinet.
    olena = make_person(orgs[SHEVCHENKIVSKYI])
    IdentityDocument.objects.create(person=olena, kind="passport_booklet", series="МК", number="123456",
                                    issued_on=date(2001, 4, 10), issued_by="Шевченківським РУ ГУ МВС України в м. Києві")
    DisabilityStatus.objects.create(person=olena, group="II", cause="general_disease",
                                    established_on=date(2023, 5, 15))
    with_assessment(olena, on=today - timedelta(days=60))
    taras = make_person(orgs[LVIV_DISTRICT], surname="Гнатюк", given_name="Тарас", patronymic="Богданович",
                        date_of_birth=date(1979, 8, 2), sex="male",
                        rnokpp=make_rnokpp(date(1979, 8, 2), 17, True))
    olena_user = cabinet_user_for(olena, "olena.petrenko")
    cabinet_user_for(None, "iryna.petrenko", represents=[olena])
    cabinet_user_for(taras, "taras.hnatiuk")

    # The car queue: her application decided (enrolled), and a neighbour's just registered.
    car = register(officer, olena, received_on=today - timedelta(days=40))
    car = run_to("decided", officer, regional, car, start=today - timedelta(days=35))
    neighbours = []
    for serial, (surname, given) in enumerate([("Зінченко", "Микола"), ("Савчук", "Петро"),
                                               ("Литвин", "Василь"), ("Ткачук", "Іван")]):
        born = date(1960 + serial, 3, 11)
        person = make_person(orgs[SHEVCHENKIVSKYI], surname=surname, given_name=given, patronymic="Іванович",
                             date_of_birth=born, sex="male", rnokpp=make_rnokpp(born, 40 + serial, True))
        DisabilityStatus.objects.create(person=person, group="II", cause="general_disease",
                                        established_on=date(2019, 1, 1))
        neighbours.append(person)
    fresh_car = register(officer, with_assessment(neighbours[0]), received_on=today - timedelta(days=2))
    entries = []
    for number, person in enumerate(neighbours[1:], start=501):
        entries.append(QueueEntry.objects.create(person=person, region=orgs["rd-80"], category="general",
                                                 enrollment_date=date(2021, 1, number - 490),
                                                 journal_number=number))
    queue_decisions.renumber(entries[0], cause="route access test")
    queue = make_queue_decisions(regional, [QueueEntry.objects.get(pk=e.pk) for e in entries])
    # Her car-queue decisions she may complain about (shown in her cabinet): an earlier application
    # refused, and a place in the Lviv region's queue she was removed from (made directly: the
    # services that make them are tested in tests/complaints/test_complaints_carqueue.py).
    from cbi.carqueue.models import CarApplication, CarApplicationEvent, QueueDecision
    from cbi.carqueue.rules.citations import citation as rule_citation
    car_refusal = register(officer, olena, received_on=today - timedelta(days=30))
    CarApplication.objects.filter(pk=car_refusal.pk).update(status="refused", decision_sent_on=today - timedelta(days=5))
    CarApplicationEvent.objects.create(application=car_refusal, action="decide", from_status="registered_at_region",
                                       to_status="refused", by=regional, role="regional_officer")
    lviv_entry = QueueEntry.objects.create(person=olena, region=orgs["rd-46"], category="general", status="removed",
                                           enrollment_date=date(2019, 4, 1), journal_number=9001)
    car_removal = QueueDecision.objects.create(
        entry=lviv_entry, kind="removal", status="confirmed", rule_id="CQ-RM-1", citation=rule_citation("CQ-RM-1"),
        reason_uk="Інвалідність більше не встановлена.", effective_on=today - timedelta(days=3),
        decided_by=staff["regional.lviv"])

    # Assistive products: a draft, a submitted one, one waiting for information, one provided.
    load_catalogue()
    products = list(Product.objects.filter(is_active=True).order_by("pk")[:4])
    draft = new_application(product_workflow.PROVISION, person=olena, person_user=olena_user, product=products[0])
    submitted, asked, provided = (
        advance(new_application(product_workflow.PROVISION, person=olena, person_user=olena_user,
                                product=product), status, officer=officer, person_user=olena_user)
        for product, status in zip(products[1:], (product_workflow.SUBMITTED,
                                                  product_workflow.INFORMATION_REQUESTED,
                                                  product_workflow.PROVIDED)))
    # Two refusals: one she may still complain about, one she did, to the Kyiv regional department.
    refused, complained = (
        advance(new_application(product_workflow.PROVISION, person=olena, person_user=olena_user,
                                product=products[0]), product_workflow.REFUSED, officer=officer,
                person_user=olena_user) for _ in range(2))
    from cbi.complaints import services as complaint_services
    from cbi.complaints.subjects import PRODUCT_APPLICATION
    complaint = complaint_services.file_complaint(
        actor=olena_user, kind=PRODUCT_APPLICATION.name, decision=PRODUCT_APPLICATION.decision(complained),
        reasons="Управління не врахувало висновок лікаря від 12.09.2026.")
    complaint = complaint_services.decide_complaint(
        actor=regional, complaint=complaint, upheld=False,
        reasons="Строк користування кріслом не сплив (постанова КМУ № 321, додаток 1).")
    # A compensation draft comes with her purchase receipt: the file the documents route serves.
    new_application(product_workflow.COMPENSATION, person=olena, person_user=olena_user, product=products[0])
    document = Document.objects.filter(person=olena).order_by("uploaded_at").first()
    # Her right suspended (a product handed to others) and lifted: her open applications went to
    # "suspended" and back, each with a decision letter on the right (AP-RIGHT-2, AP-RIGHT-3).
    from cbi.applications import services as product_services

    suspension = product_services.record_right_event(
        actor=officer, person=olena, ground="product_disposed", source_document="Акт перевірки № 17",
        source_date=today - timedelta(days=3))
    product_services.lift_right_suspension(actor=officer, suspension=suspension,
                                           source_document="Рішення управління № 21", source_date=today)
    referrals = _referrals(orgs, officer, olena, olena_user, products[0])

    notification = Notification.objects.create(person=olena, subject="Заяву зареєстровано",
                                               body="Вашу заяву зареєстровано в управлінні.")
    correction = cabinet_services.request_correction(user=olena_user, person=olena,
                                                     text="У моїй адресі помилка: будинок 12, а не 21.")
    barrier = help_services.submit_report(page="/cabinet/", client="route-access",
                                          description="Після помилки фокус не переходить до списку помилок.")
    _client, registration = submit_application()
    import_job = _import_job(staff["admin.ministry"], orgs["ministry"])
    pair, merge = _duplicates(officer, orgs[SHEVCHENKIVSKYI], neighbours[-1])

    from cbi.agencies import demo as agencies_demo
    from cbi.agencies import services as agency_services
    from cbi.agencies.models import AgencyPurpose
    agencies_demo.seed_agency_client()
    consent_purpose = AgencyPurpose.objects.get(code="transport-discount")
    consent = agency_services.grant_consent(user=olena_user, person=olena, purpose=consent_purpose)

    world.objects = {
        "consent": consent, "consent_purpose": consent_purpose,
        "olena": olena, "car": car, "fresh_car": fresh_car, "queue": queue,
        "draft": draft, "submitted": submitted, "asked": asked, "provided": provided, "document": document,
        "notification": notification, "correction": correction, "barrier": barrier,
        "registration": registration, "identity": IdentityDocument.objects.filter(person=olena).first(),
        "product": products[0], "group": ProductGroup.objects.order_by("pk").first(),
        "supplier": Supplier.objects.order_by("pk").first(), "member": officer,
        "import_job": import_job, "pair": pair, "merge": merge, "refused": refused, "complaint": complaint,
        "suspension": suspension, "car_refusal": car_refusal, "car_removal": car_removal, **referrals,
    }

    # An authorization code just issued to her at the office (its receipt is printed once).
    record, plain, _deliveries = code_delivery.issue_and_deliver(
        actor=officer, person=olena, representative=None, channels=["receipt"], email="", phone="",
        cabinet_url="http://testserver/cabinet/register/code/")
    receipt = {"id": record.pk, "code": plain}

    # One signed-in session per asker (staff with a verified second factor, as after the real sign-in).
    from django.contrib.auth import get_user_model

    for asker in ASKERS:
        if not asker.username:
            continue
        user = get_user_model().objects.get(username=asker.username)
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        if asker.audience.kind == "staff":
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
            # As if each had just issued Олена's code: the receipt's 404 for another office
            # then comes from the scope, not from a session without a receipt.
            session[RECEIPT_KEY] = receipt
            session.save()
        world.sessions[asker.username] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return world


@contextmanager
def rolled_back(django_db_blocker, tmp_path_factory, name: str):
    """A module's shared test world: its own media folder, fast hashing, e-mail kept in memory,
    one transaction rolled back at the end (the route access and query budget tests)."""
    media = tmp_path_factory.mktemp(name)
    storages = {**django_settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(media)}}}
    with (django_db_blocker.unblock(),
          override_settings(STORAGES=storages, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")):
        from django.core.cache import cache

        cache.clear()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with rolled_back(django_db_blocker, tmp_path_factory, "route-access-media"):
        yield _build()


def _referrals(orgs, officer, olena, olena_user, product) -> dict:
    """The procedure in force: the Kyiv branch of the Fund and its officer, an enterprise with its
    user; one of her applications forwarded to the branch, one approved by it, one with an open
    referral to the enterprise."""
    from cbi.applications import services as product_services
    from cbi.applications import workflow as product_workflow
    from cbi.catalogue.models import Supplier
    from cbi.organizations.models import Organization
    from cbi.registry.services import ensure_fund_branches
    from tests.applications.fixtures import advance, new_application
    from tests.conftest import make_staff

    ensure_fund_branches()
    branch = Organization.objects.get(code="fb-80")
    fund_officer = make_staff({"fb-80": branch}, "fund.kyiv", Role.FUND_BRANCH_OFFICER, "fb-80",
                              first="Людмила", last="Остапенко")
    organization = Organization.objects.create(code="ent-podillia", name="ТОВ «Реабілітаційні технології Поділля»",
                                               kind=Organization.Kind.ENTERPRISE)
    enterprise = Supplier.objects.create(name=organization.name, kind=Supplier.Kind.BOTH, organization=organization)
    enterprise.products.add(product)
    make_staff({"ent-podillia": organization}, "enterprise.podillia", Role.ENTERPRISE_USER, "ent-podillia",
               first="Віктор", last="Гнатюк")
    made = []
    for _ in range(3):
        application = advance(new_application(product_workflow.PROVISION, person=olena, person_user=olena_user,
                                              product=product), product_workflow.UNDER_REVIEW, officer=officer,
                              person_user=olena_user)
        made.append(product_services.move(actor=officer, application=application, to=product_workflow.FORWARDED))
    forwarded, approved, referred = made
    for application in (approved, referred):
        product_services.decide(actor=fund_officer, application=application, approve=True,
                                reasons="Потребу підтверджено індивідуальною програмою реабілітації.")
    referral = product_services.issue_referral(actor=fund_officer, application=referred, enterprise=enterprise)
    return {"forwarded": forwarded, "approved": approved, "referred": referred, "referral": referral}


def _import_job(admin, organization):
    """A finished registry import of the administrator's organization, with its report."""
    from django.core.files.base import ContentFile

    from cbi.imports.models import ImportJob

    job = ImportJob(created_by=admin, organization=organization, file_name="reestr.csv",
                    status=ImportJob.Status.DONE, total_rows=1, done_rows=1, counts={"imported": 1})
    job.file.save("reestr.csv", ContentFile("Прізвище;Ім’я\n".encode()), save=False)
    job.report.save("reestr.csv.report.csv", ContentFile("\ufeffРядок;Результат\n2;імпортовано\n".encode()),
                    save=False)
    job.save()
    return job


def _duplicates(officer, office, neighbour):
    """Олена's record typed a second time ("Алена", another РНОКПП), found by the
    scan and still to be checked; and a neighbour's second record, already merged into his."""
    from django.db.models import Q

    from cbi.duplicates import services as duplicate_services
    from cbi.duplicates.models import DuplicatePair
    from cbi.registry.demo import make_rnokpp
    from tests.conftest import make_person

    alena = make_person(office, given_name="Алена", rnokpp=make_rnokpp(date(1985, 3, 27), 78, False))
    make_person(office, surname=neighbour.surname, given_name="Иван", patronymic=neighbour.patronymic,
                date_of_birth=neighbour.date_of_birth, sex="male", rnokpp=make_rnokpp(neighbour.date_of_birth, 77, True))
    duplicate_services.scan(organization=office)
    pair = DuplicatePair.objects.get(Q(person_a=alena) | Q(person_b=alena))
    other = DuplicatePair.objects.exclude(pk=pair.pk).get(status="open")
    merge = duplicate_services.merge(actor=officer, pair_id=other.pk, survivor_id=neighbour.pk)
    return pair, merge


# --- How each route's parameters are filled from the world ----------------------------------

def _o(name: str, attr: str = "pk") -> Callable[[World], object]:
    return lambda w: getattr(w.objects[name], attr)


def _carqueue_step_roles(w: World, action: str) -> frozenset:
    from cbi.carqueue import workflow
    from cbi.carqueue.intake.views import ACTIONS

    status = w.objects["fresh_car"].status
    return frozenset(role for (frm, to), rule in workflow.TRANSITIONS.items()
                     if frm == status and to in ACTIONS[action]["to"] for role in rule.roles)


PARAMS: dict[str, Callable[[World], Params]] = {
    # No object of anyone's: the same for every asker.
    "primary:step": lambda w: Params({"slug": "who"}, has_object=False),
    "statistics:dataset": lambda w: Params({"name": "waiting-times", "fmt": "csv"}, has_object=False),
    "dashboard:download": lambda w: Params({"slug": "persons", "fmt": "csv"}, has_object=False),
    "primary:reopen": lambda w: Params({"signed": "not-a-real-link"}, has_object=False),
    "cabinet:confirm_email": lambda w: Params({"token": "not-a-real-link"}, has_object=False),
    "cabinet:password_reset_confirm": lambda w: Params({"uidb64": "MTA", "token": "not-a-real-token"},
                                                       has_object=False),
    "catalogue:product_detail": lambda w: Params({"product_id": w.objects["product"].pk}, has_object=False),
    "catalogue_staff:product_edit": lambda w: Params({"pk": w.objects["product"].pk}, has_object=False),
    "catalogue_staff:product_history": lambda w: Params({"pk": w.objects["product"].pk}, has_object=False),
    "catalogue_staff:product_action": lambda w: Params({"pk": w.objects["product"].pk, "action": "deactivate"},
                                                       has_object=False),
    "catalogue_staff:group_edit": lambda w: Params({"pk": w.objects["group"].pk}, has_object=False),
    "catalogue_staff:group_history": lambda w: Params({"pk": w.objects["group"].pk}, has_object=False),
    "catalogue_staff:supplier_edit": lambda w: Params({"pk": w.objects["supplier"].pk}, has_object=False),
    "catalogue_staff:supplier_history": lambda w: Params({"pk": w.objects["supplier"].pk}, has_object=False),
    "catalogue_staff:supplier_action": lambda w: Params({"pk": w.objects["supplier"].pk, "action": "deactivate"},
                                                        has_object=False),
    "help:staff_report_detail": lambda w: Params({"pk": w.objects["barrier"].pk}, has_object=False),
    # The ministry administrator's import (the only administrator asking).
    "imports:job": lambda w: Params({"pk": w.objects["import_job"].pk}),
    "imports:report": lambda w: Params({"pk": w.objects["import_job"].pk}),
    # Олена Петренко's objects.
    "documents:open": lambda w: Params({"document_id": w.objects["document"].pk}),
    "cabinet:notification": lambda w: Params({"pk": w.objects["notification"].pk}),
    "cabinet:issue_code": lambda w: Params({"person_id": w.objects["olena"].pk}),
    "cabinet:receipt_pdf": lambda w: Params({"person_id": w.objects["olena"].pk}),
    "carqueue:application_new": lambda w: Params({}, query=f"person={w.objects['olena'].pk}"),
    "cabinet:handle_correction": lambda w: Params({"pk": w.objects["correction"].pk}),
    "registry:person_detail": lambda w: Params({"person_id": w.objects["olena"].pk}),
    "registry:person_edit": lambda w: Params({"person_id": w.objects["olena"].pk}),
    "registry:person_history": lambda w: Params({"person_id": w.objects["olena"].pk}),
    "registry:person_part_create": lambda w: Params({"person_id": w.objects["olena"].pk, "part": "documents"}),
    "registry:person_part_edit": lambda w: Params({"person_id": w.objects["olena"].pk, "part": "documents",
                                                   "pk": w.objects["identity"].pk}),
    "applications_staff:paper_new": lambda w: Params({"person_id": w.objects["olena"].pk}),
    "applications_staff:record_issued": lambda w: Params({"person_id": w.objects["olena"].pk}),
    "applications_staff:detail": lambda w: Params({"pk": w.objects["submitted"].pk}),
    "applications_staff:act": lambda w: Params({"pk": w.objects["submitted"].pk, "action": "register"}),
    "applications_staff:decision_pdf": lambda w: Params({"pk": w.objects["provided"].pk}),
    "carqueue:settings": lambda w: Params({}, has_object=False, gate_roles=frozenset(
        role for role, capabilities in ROLE_CAPABILITIES.items()
        if {Capability.MANAGE_RULES_SETTINGS, Capability.USE_WHAT_IF} & capabilities)),
    "applications_staff:branch_act": lambda w: Params({"pk": w.objects["forwarded"].pk, "action": "approve"}),
    "applications_staff:referral_new": lambda w: Params({"pk": w.objects["approved"].pk}),
    "applications_staff:referral_cancel": lambda w: Params({"pk": w.objects["referred"].pk,
                                                            "referral_id": w.objects["referral"].pk}),
    "referrals_enterprise:detail": lambda w: Params({"pk": w.objects["referral"].pk}),
    "referrals_enterprise:act": lambda w: Params({"pk": w.objects["referral"].pk, "action": "accept"}),
    "applications_cabinet:enterprise": lambda w: Params({"pk": w.objects["submitted"].pk}),
    "applications_staff:right_letter_pdf": lambda w: Params({"pk": w.objects["submitted"].pk}),
    "applications_staff:right_new": lambda w: Params({"person_id": w.objects["olena"].pk}),
    "applications_staff:right_lift": lambda w: Params({"person_id": w.objects["olena"].pk,
                                                       "event_id": w.objects["suspension"].pk}),
    "applications_cabinet:detail": lambda w: Params({"pk": w.objects["submitted"].pk}),
    "complaints_cabinet:new": lambda w: Params({"kind": "product_application", "subject_id": str(w.objects["refused"].pk)}),
    "complaints_cabinet:detail": lambda w: Params({"pk": w.objects["complaint"].pk}),
    "cabinet:car_refusal": lambda w: Params({"pk": w.objects["car_refusal"].pk}),
    "cabinet:car_refusal_letter": lambda w: Params({"pk": w.objects["car_refusal"].pk}),
    "cabinet:car_removal": lambda w: Params({"pk": w.objects["car_removal"].pk}),
    "cabinet:car_removal_letter": lambda w: Params({"pk": w.objects["car_removal"].pk}),
    "agencies:withdraw": lambda w: Params({"pk": w.objects["consent"].pk}),
    "agencies:grant": lambda w: Params({"pk": w.objects["consent_purpose"].pk}, has_object=False),
    "complaints_cabinet:letter": lambda w: Params({"pk": w.objects["complaint"].pk}),
    # Her complaint about an office's refusal goes to the Kyiv regional department, not the Ministry.
    "complaints_staff:detail": lambda w: Params({"pk": w.objects["complaint"].pk},
                                                out_of_reach=frozenset({"ministry.officer"})),
    "complaints_staff:letter": lambda w: Params({"pk": w.objects["complaint"].pk},
                                                out_of_reach=frozenset({"ministry.officer"})),
    "applications_cabinet:step": lambda w: Params({"pk": w.objects["draft"].pk, "step": "office"}),
    "applications_cabinet:check": lambda w: Params({"pk": w.objects["draft"].pk}),
    "applications_cabinet:discard": lambda w: Params({"pk": w.objects["draft"].pk}),
    "applications_cabinet:submitted": lambda w: Params({"pk": w.objects["submitted"].pk}),
    "applications_cabinet:withdraw": lambda w: Params({"pk": w.objects["submitted"].pk}),
    "applications_cabinet:provide_information": lambda w: Params({"pk": w.objects["asked"].pk}),
    "applications_cabinet:decision_pdf": lambda w: Params({"pk": w.objects["provided"].pk}),
    "applications_cabinet:right_letter_pdf": lambda w: Params({"pk": w.objects["submitted"].pk}),
    "applications_cabinet:survey": lambda w: Params({"pk": w.objects["provided"].pk}),
    "carqueue:application_detail": lambda w: Params({"pk": w.objects["car"].pk}),
    "carqueue:referral_pdf": lambda w: Params({"pk": w.objects["car"].pk, "which": "health"}),
    "carqueue:decision_pdf": lambda w: Params({"pk": w.objects["car"].pk}),
    "carqueue:application_action": lambda w: Params(
        {"pk": w.objects["fresh_car"].pk, "action": "issue-referrals"},
        gate_roles=_carqueue_step_roles(w, "issue-referrals")),
    # Objects of her region's queue (her neighbours in Shevchenkivskyi district).
    "carqueue:removal_confirm": lambda w: Params({"pk": w.objects["queue"].proposed.pk}),
    "carqueue:removal_dismiss": lambda w: Params({"pk": w.objects["queue"].proposed.pk}),
    "carqueue:removal_letter": lambda w: Params({"pk": w.objects["queue"].confirmed.pk}),
    "carqueue:removal_entry": lambda w: Params({"pk": w.objects["queue"].flagged.pk}),
    "carqueue:removal_restore": lambda w: Params({"pk": w.objects["queue"].removed.pk}),
    "carqueue:removal_clear_flag": lambda w: Params({"pk": w.objects["queue"].flagged.pk,
                                                     "code": w.objects["queue"].flag_code}),
    "carqueue:allocation_detail": lambda w: Params({"pk": w.objects["queue"].batch.pk}),
    "carqueue:allocation_answer": lambda w: Params({"pk": w.objects["queue"].batch.offers.first().pk,
                                                    "answer": "decline"}),
    # The request for primary registration sent to her office.
    "primary:review_detail": lambda w: Params({"registration_id": w.objects["registration"].pk}),
    "primary:review_accept": lambda w: Params({"registration_id": w.objects["registration"].pk}),
    "primary:review_return": lambda w: Params({"registration_id": w.objects["registration"].pk}),
    # A staff member of her office, for the administrators.
    "accounts:team_member": lambda w: Params({"member_id": w.objects["member"].pk}),
    "accounts:team_member_action": lambda w: Params({"member_id": w.objects["member"].pk, "action": "unlock"}),
    # Олена's suspected duplicate, and a merge of her neighbour's two records.
    "duplicates:pair": lambda w: Params({"pk": w.objects["pair"].pk}),
    "duplicates:dismiss": lambda w: Params({"pk": w.objects["pair"].pk}),
    "duplicates:merge": lambda w: Params({"pk": w.objects["pair"].pk}),
    "duplicates:merge_detail": lambda w: Params({"pk": w.objects["merge"].pk}),
}


def _params(name: str, world: World) -> Params:
    if name in PARAMS:
        return PARAMS[name](world)
    return Params({}, has_object=False)


def _got(response, want: str) -> str:
    if want.isdigit():  # a route's own answer (a page, or where it sends on)
        return str(response.status_code)
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(reverse("cabinet:login")):
        return Answer.CABINET_SIGN_IN
    if response.status_code == 302 and location.startswith(reverse("accounts:staff_login")):
        return Answer.STAFF_SIGN_IN
    return str(response.status_code)


def _wanted(access, result: Answer) -> str:
    if result == Answer.OK:
        return str(access.success)
    if result == Answer.POST_ONLY:
        return "405"
    return str(result)


# --- The tests -------------------------------------------------------------------------------

def test_every_route_has_an_entry_and_every_entry_a_route():
    routes = set(ROUTE_NAMES)
    missing = sorted(routes - set(ROUTES))
    stale = sorted(set(ROUTES) - routes)
    assert not missing, ("These routes have no entry in cbi/accounts/route_access.py (ROUTES): say who reaches "
                         "them and with what scope, then run `python manage.py access_rules`:\n  "
                         + "\n  ".join(missing))
    assert not stale, "These entries of ROUTES name routes that no longer exist:\n  " + "\n  ".join(stale)


def test_every_route_with_parameters_has_a_way_to_fill_them():
    needs = sorted(name for name, pattern in route_inventory().items() if "<" in pattern and name not in PARAMS)
    assert not needs, ("These routes take parameters the access test cannot fill: add them to PARAMS in "
                       f"{__file__} with an object of the test world:\n  " + "\n  ".join(needs))


def test_the_document_is_current():
    from django.core.management import call_command

    call_command("access_rules", check=True)  # CommandError "Out of date: docs/access-rules.md" otherwise


@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_route_answers_every_audience_as_declared(name, world, db):
    access = ROUTES.get(name)
    assert access is not None, f"{name} has no entry in cbi/accounts/route_access.py (ROUTES)"
    params = _params(name, world)
    url = reverse(name, kwargs=params.kwargs or None) + (f"?{params.query}" if params.query else "")
    wrong = []
    for asker in ASKERS:
        client = Client()
        if asker.username:
            client.cookies[django_settings.SESSION_COOKIE_NAME] = world.sessions[asker.username]
        entitled = (asker.entitled and asker.username not in params.out_of_reach if params.has_object
                    else asker.audience.kind != "anonymous")
        passes_gate = params.gate_roles is None or asker.audience.role in params.gate_roles
        want = _wanted(access, answer(access, asker.audience, entitled=entitled, passes_gate=passes_gate))
        with transaction.atomic():
            response = client.get(url)
            transaction.set_rollback(True)
        got = _got(response, want)
        if got != want:
            wrong.append(f"  {asker.audience.name}: got {got}, the table says {want}")
        elif not asker.entitled and response.status_code == 200 and "html" in response.get("Content-Type", ""):
            shown = [n for n in TARGET_SURNAMES if n in response.content.decode()]
            if shown:
                wrong.append(f"  {asker.audience.name}: the page names persons out of their reach: {shown}")
    assert not wrong, f"{name} ({url}) answers differently from cbi/accounts/route_access.py:\n" + "\n".join(wrong)
