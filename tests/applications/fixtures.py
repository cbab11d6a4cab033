"""Fixtures for assistive-product applications, shared by unit and browser tests.

``cabinet_user_for(person)`` makes a confirmed cabinet account; ``wheelchair`` is one
catalogue product made directly (the full catalogue is the ``catalogue`` fixture);
``advance(application, to, officer=…, person_user=…)`` drives an application through the real
services to any status, so a test starts where it needs to.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cbi.accounts.models import CabinetAccount, Representation, Role
from cbi.applications import services, workflow
from cbi.applications.kinds import SUBJECT_PRODUCT, profile
from cbi.catalogue.models import Product, ProductGroup, Supplier
from cbi.organizations.models import Organization
from cbi.registry.services import ensure_fund_branches
from tests.documents.files import pdf

CABINET_PASSWORD = "Кабінет-пароль-2026"

# A real one-page PDF: the upload check opens what it is given.
PDF = pdf()


def pdf_file(name: str = "kvytantsiia.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def cabinet_user_for(person, username: str, *, represents=()) -> User:
    user = User.objects.create_user(username=username, password=CABINET_PASSWORD, email=f"{username}@example.com",
                                    first_name=person.given_name if person else "", last_name=person.surname if person else "")
    account = CabinetAccount.objects.create(user=user, person=person, registered_via="code",
                                            email_confirmed_at=timezone.now())
    for child in represents:
        Representation.objects.create(account=account, person=child)
    return user


@pytest.fixture
def person_user(person):
    """Олена Петренко's own cabinet account."""
    return cabinet_user_for(person, "olena.petrenko")


@pytest.fixture
def wheelchair(db):
    group, _ = ProductGroup.objects.get_or_create(
        iso_code="12 22", defaults={"name": "Крісла колісні з ручним приводом", "name_en": "Manual wheelchairs"})
    product, _ = Product.objects.get_or_create(
        iso_code="12 22 03", name="Крісло колісне з ручним приводом кімнатне", group=group,
        defaults={"name_en": "Manual wheelchair for indoor use", "service_life_years": Decimal("4"),
                  "description": "Для пересування вдома, коли ходити важко або неможливо."})
    return product


@pytest.fixture
def supplier(wheelchair):
    supplier, _ = Supplier.objects.get_or_create(name="ТОВ «Реабілітаційні технології Поділля»",
                                                 defaults={"kind": Supplier.Kind.BOTH})
    supplier.products.add(wheelchair)
    return supplier


# (kind, target) → the path of (to_status, actor) steps from draft.
_PATH = [
    (workflow.SUBMITTED, "person"), (workflow.REGISTERED, "officer"), (workflow.UNDER_REVIEW, "officer"),
]
_AFTER_REVIEW = {
    workflow.INFORMATION_REQUESTED: [(workflow.INFORMATION_REQUESTED, "officer")],
    workflow.INFORMATION_PROVIDED: [(workflow.INFORMATION_REQUESTED, "officer"),
                                    (workflow.INFORMATION_PROVIDED, "person")],
    workflow.REFUSED: [(workflow.REFUSED, "officer")],
    workflow.APPROVED: [(workflow.APPROVED, "officer")],
}


def _fulfilled_status(kind: str) -> str | None:
    """Where ``kind``'s fulfilment ends, read from the lifecycle (``workflow.TRANSITIONS``); None
    for a kind without fulfilment (a document update is closed once approved)."""
    ends = [to for (start, to), transition in workflow.TRANSITIONS.items()
            if start == workflow.IN_FULFILMENT and to in workflow.FULFILLED_STATUSES and kind in transition.kinds]
    return ends[0] if ends else None


def _fulfilment(kind: str) -> list[tuple[str, str]]:
    done = _fulfilled_status(kind)
    if done is None:
        raise ValueError(f"{kind} has no fulfilment")
    return [(workflow.APPROVED, "officer"), (workflow.IN_FULFILMENT, "officer"), (done, "officer")]


def path_to(kind: str, target: str) -> list[tuple[str, str]]:
    if target == workflow.DRAFT:
        return []
    steps = list(_PATH)
    if target in (workflow.SUBMITTED, workflow.REGISTERED, workflow.UNDER_REVIEW):
        return steps[: [s for s, _ in steps].index(target) + 1]
    if target == workflow.WITHDRAWN:
        return steps + [(workflow.WITHDRAWN, "person")]
    if target in _AFTER_REVIEW:
        return steps + _AFTER_REVIEW[target]
    if target == workflow.IN_FULFILMENT:
        return steps + _fulfilment(kind)[:2]
    if target == workflow.READY_FOR_PICKUP:
        return steps + _fulfilment(kind)[:2] + [(workflow.READY_FOR_PICKUP, "officer")]
    if target in workflow.FULFILLED_STATUSES:
        return steps + _fulfilment(kind)
    if target == workflow.CLOSED:
        if _fulfilled_status(kind) is None:
            return steps + [(workflow.APPROVED, "officer"), (workflow.CLOSED, "officer")]
        return steps + _fulfilment(kind) + [(workflow.CLOSED, "officer")]
    raise ValueError(target)


REASONS = {
    workflow.INFORMATION_REQUESTED: "Додайте, будь ласка, рекомендацію лікаря щодо типу крісла.",
    workflow.APPROVED: "Потребу підтверджено індивідуальною програмою реабілітації.",
    workflow.REFUSED: "Засіб цього виду видано менше року тому; строк користування не сплив.",
    workflow.READY_FOR_PICKUP: "Склад управління, вул. Велика Житомирська, 15, пн–пт 9:00–17:00.",
}


def branch_officer_for(office, *, branch_officer=None) -> User:
    """An officer of the Fund's territorial branch whose region holds ``office`` (the one that
    decides its provisions and replacements): ``branch_officer`` if given, else the first of that
    branch, else a new one."""
    if branch_officer is not None:
        return branch_officer
    from cbi.accounts.models import StaffProfile

    ensure_fund_branches()
    # The one scope rule (cbi/organizations/scope.py): a branch serves the offices of its oblast.
    branches = list(Organization.objects.filter(kind=Organization.Kind.FUND_BRANCH,
                                                territory=office.parent.territory_id))
    assert len(branches) == 1, f"no one branch of the Fund serves {office.code}"
    existing = StaffProfile.objects.filter(role=Role.FUND_BRANCH_OFFICER, organization=branches[0],
                                           user__is_active=True).select_related("user").order_by("id").first()
    if existing is not None:
        return existing.user
    return make_staff({branches[0].code: branches[0]}, f"fund.{branches[0].code}", Role.FUND_BRANCH_OFFICER,
                      branches[0].code, first="Людмила", last="Остапенко")


def decide(application, *, approve: bool, officer, reasons: str, branch_officer=None):
    """Approve or refuse as the procedure in force has it: a provision or replacement is forwarded
    by the district office and decided by the Fund's branch of its region (AP-PROC-2, AP-PROC-3);
    any other kind is decided by the office."""
    amount = Decimal("8500.00") if approve and application.profile.officer_approves_amount else None
    application.refresh_from_db()  # its status may have moved in a browser since it was read
    if application.kind in workflow.REFERRAL_KINDS:
        if application.status != workflow.FORWARDED:
            application = services.move(actor=officer, application=application, to=workflow.FORWARDED)
        officer = branch_officer_for(application.office, branch_officer=branch_officer)
    return services.decide(actor=officer, application=application, approve=approve, reasons=reasons,
                           approved_amount=amount)


def advance(application, to: str, *, officer, person_user, branch_officer=None):
    for status, who in path_to(application.kind, to):
        actor = officer if who == "officer" else person_user
        if status in (workflow.APPROVED, workflow.REFUSED):
            application = decide(application, approve=status == workflow.APPROVED, officer=actor,
                                 reasons=REASONS[status], branch_officer=branch_officer)
        else:
            application = services.move(actor=actor, application=application, to=status,
                                        reason=REASONS.get(status, ""))
    return application


def new_application(kind: str, *, person, person_user, product=None, issued_product=None, related=None):
    """A complete draft of ``kind``, ready to submit: what it asks and needs is read from its
    profile (``cbi/applications/kinds.py``), never from the kind's name."""
    kind_profile = profile(kind)
    fields = {"request_text": "Потрібне крісло для пересування вдома."}
    if kind_profile.subject == SUBJECT_PRODUCT:
        fields["product"] = product
    if kind_profile.starts_from_issued_product:
        fields["issued_product"] = issued_product
        fields["request_text"] = "Зламалася ручка гальма на лівому колесі."
    if kind_profile.asks_replacement_reason:
        fields["replacement_reason"] = "damaged"
    if kind_profile.asks_purchase:
        fields.update(purchase_amount=Decimal("9200.00"), purchase_date=date(2026, 10, 2),
                      seller="ФОП Гнатюк В. П.")
    if kind_profile.updates_documents:
        fields["related_application"] = related
    application = services.start_draft(actor=person_user, person=person, kind=kind, **fields)
    if kind_profile.updates_documents:  # a new version of the related application's document
        services.add_document(actor=person_user, application=related, added_with=application,
                              file=pdf_file("vysnovok.pdf"), kind=kind_profile.main_document)
    elif kind_profile.required_document:
        services.add_document(actor=person_user, application=application, file=pdf_file(),
                              kind=kind_profile.required_document)
    return application


# --- The procedure in force (issue #16 §1): the Fund's branch, enterprises, referrals ---------------

@pytest.fixture
def branches(organizations):
    ensure_fund_branches()
    return {o.code: o for o in Organization.objects.filter(kind=Organization.Kind.FUND_BRANCH)}


def make_staff(*args, **kwargs):
    from tests.conftest import make_staff as make

    return make(*args, **kwargs)


@pytest.fixture
def branch_officer(organizations, branches):
    return make_staff({**organizations, **branches}, "fund.kyiv", Role.FUND_BRANCH_OFFICER, "fb-80",
                      first="Людмила", last="Остапенко")


@pytest.fixture
def lviv_branch_officer(organizations, branches):
    return make_staff({**organizations, **branches}, "fund.lviv", Role.FUND_BRANCH_OFFICER, "fb-46",
                      first="Михайло", last="Дорош")


def make_enterprise(name, code, product):
    """An enterprise that makes or supplies ``product``, in the catalogue and in the referrals portal."""
    org = Organization.objects.create(code=code, name=name, kind=Organization.Kind.ENTERPRISE)
    supplier = Supplier.objects.create(name=name, kind=Supplier.Kind.BOTH, organization=org, phone="+380442001122")
    supplier.products.add(product)
    return supplier


@pytest.fixture
def enterprise(wheelchair):
    return make_enterprise("ТОВ «Реабілітаційні технології Поділля»", "ent-podillia", wheelchair)


@pytest.fixture
def other_enterprise(wheelchair):
    return make_enterprise("ПП «Ортопед-Сервіс Галичина»", "ent-halychyna", wheelchair)


@pytest.fixture
def enterprise_user(organizations, enterprise):
    return make_staff({"ent-podillia": enterprise.organization}, "enterprise.podillia", Role.ENTERPRISE_USER,
                      "ent-podillia", first="Віктор", last="Гнатюк")


@pytest.fixture
def other_enterprise_user(organizations, other_enterprise):
    return make_staff({"ent-halychyna": other_enterprise.organization}, "enterprise.halychyna",
                      Role.ENTERPRISE_USER, "ent-halychyna", first="Оксана", last="Марчук")


@pytest.fixture
def forwarded(person, person_user, district_officer, wheelchair):
    application = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    application = advance(application, workflow.UNDER_REVIEW, officer=district_officer, person_user=person_user)
    return services.move(actor=district_officer, application=application, to=workflow.FORWARDED)


@pytest.fixture
def approved(forwarded, branch_officer):
    return services.decide(actor=branch_officer, application=forwarded, approve=True,
                           reasons="Потребу підтверджено індивідуальною програмою реабілітації.")


@pytest.fixture
def referral(approved, branch_officer, enterprise):
    return services.issue_referral(actor=branch_officer, application=approved, enterprise=enterprise)


