"""Reads for assistive-product applications: who may see which application, work lists,
the person's products and the survey aggregates."""

from __future__ import annotations

from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cbi.accounts.roles import Capability, has_capability, staff_profile
from cbi.registry.selectors import persons_user_may_act_for
from cbi.organizations.scope import scope_of, scope_q

from . import referral_flow, right, workflow
from .models import ApplicationDocument, IssuedProduct, ProductApplication, Referral, RightEvent, Survey


def offices_scope_q(user, field: str = "office",
                    capability: Capability = Capability.VIEW_PRODUCT_APPLICATIONS) -> Q | None:
    """Applications' offices a staff member may read: the scope (``cbi.organizations.scope``).
    None for anyone without ``capability`` or with an empty scope."""
    if not has_capability(user, capability):
        return None
    return scope_q(user, office_field=field)


def applications_for_staff(user) -> QuerySet[ProductApplication]:
    q = offices_scope_q(user)
    if q is None:
        return ProductApplication.objects.none()
    return (ProductApplication.objects.filter(q).exclude(status=workflow.DRAFT)
            .select_related("person", "office", "product", "issued_product__product"))


def applications_for_cabinet(user, person) -> QuerySet[ProductApplication]:
    """The person's applications, if ``user`` may act for them (drafts included)."""
    if not persons_user_may_act_for(user).filter(pk=person.pk).exists():
        return ProductApplication.objects.none()
    return (ProductApplication.objects.filter(person=person)
            .select_related("office", "product", "issued_product__product", "related_application"))


def application_for_cabinet(user, pk) -> ProductApplication:
    application = (ProductApplication.objects.filter(pk=pk, person__in=persons_user_may_act_for(user).values("pk"))
                   .select_related("person", "office", "product", "issued_product__product").first())
    if application is None:
        raise Http404
    return application


def work_statuses_for(user) -> frozenset[str]:
    """The statuses a work list shows by default: the branch of the Fund decides and issues
    referrals; everyone else sees the office's work."""
    profile = staff_profile(user)
    if profile is not None and profile.role == workflow.FUND_BRANCH:
        return workflow.BRANCH_WORK_STATUSES
    return workflow.OFFICE_WORK_STATUSES


def work_list(user, *, status: str = "", kind: str = "", overdue: bool = False, office=None
              ) -> QuerySet[ProductApplication]:
    """The office's work: by default everything the office still has to act on, oldest due first."""
    items = applications_for_staff(user)
    if office is not None:
        items = items.filter(office=office)
    if status:
        items = items.filter(status=status)
    else:
        items = items.filter(status__in=work_statuses_for(user))
    if kind:
        items = items.filter(kind=kind)
    if overdue:
        items = items.filter(due_on__lt=timezone.localdate())
    return items.order_by("due_on", "submitted_at")


def files_with_versions(application: ProductApplication, *, unsent_update=None) -> list[dict]:
    """The application's files, newest version first within each document, old versions kept.

    Versions brought by a document update that is still a draft are left out (the office
    sees them once the update is sent), except those of ``unsent_update``, the draft the
    person is filling in."""
    files = list(ApplicationDocument.objects.filter(application=application)
                 .exclude(Q(added_with__status=workflow.DRAFT) & ~Q(added_with=unsent_update))
                 .select_related("document", "added_by", "added_with").order_by("added_at", "id"))
    replaced = {f.document.replaces_id for f in files if f.document.replaces_id}
    current = [f for f in files if f.document_id not in replaced]
    by_document = {f.document_id: f for f in files}
    result = []
    for item in current:
        older, previous = [], item.document.replaces_id
        while previous and previous in by_document:
            older.append(by_document[previous])
            previous = by_document[previous].document.replaces_id
        result.append({"current": item, "older": older})
    return result


def issued_products_for(person) -> QuerySet[IssuedProduct]:
    return IssuedProduct.objects.filter(person=person).select_related("product", "product__group", "application")


def survey_aggregates(user) -> dict:
    """EC-APP-8: average rating and number of answers per supplier and per office, in scope."""
    q = offices_scope_q(user, "application__office", Capability.VIEW_SURVEY_RESULTS)
    if q is None:
        return {"suppliers": [], "offices": [], "total": 0}
    surveys = Survey.objects.filter(q)
    by_supplier = (surveys.values("application__supplier__name").annotate(answers=Count("id"), average=Avg("rating"))
                   .order_by("application__supplier__name"))
    by_office = (surveys.values("application__office__name").annotate(answers=Count("id"), average=Avg("rating"))
                 .order_by("application__office__name"))
    return {"suppliers": list(by_supplier), "offices": list(by_office), "total": surveys.count()}


def suppliers_for(application: ProductApplication):
    """Active suppliers of the application's product serving the person's region (the
    office's regional department); all active suppliers of the product when none serves it."""
    from cbi.catalogue.models import Supplier

    product = application.the_product
    if product is None:
        return Supplier.objects.none()
    suppliers = Supplier.objects.filter(is_active=True, products=product).order_by("name")
    department = application.person.office.parent
    in_region = (suppliers.filter(regions=department.territory_id) if department and department.territory_id
                 else suppliers.none())
    return in_region if in_region.exists() else suppliers


# --- Electronic referrals (issue #16 §1) ---------------------------------------------------------

def enterprises_for(application: ProductApplication):
    """The enterprises a referral for the application may go to: active catalogue providers of
    its product connected to the enterprise portal (the person chooses among them)."""
    from cbi.catalogue.models import Supplier

    product = application.the_product
    if product is None:
        return Supplier.objects.none()
    return Supplier.objects.filter(is_active=True, products=product, organization__isnull=False).order_by("name")


def referrals_for_staff(user) -> QuerySet[Referral]:
    """The referrals of the applications ``user`` may read (the one scope rule)."""
    return (Referral.objects.filter(application__in=applications_for_staff(user).values("pk"))
            .select_related("application__person", "application__office", "application__product",
                            "application__issued_product__product", "enterprise", "branch"))


def referrals_for_enterprise(user) -> QuerySet[Referral]:
    """The referrals addressed to the enterprise ``user`` works for; none for anyone else."""
    profile = staff_profile(user)
    enterprise = scope_of(user).enterprise  # the one scope rule (cbi/organizations/scope.py)
    if enterprise is None or profile.role != workflow.ENTERPRISE or not user.is_active:
        return Referral.objects.none()
    return (Referral.objects.filter(enterprise__organization=enterprise)
            .select_related("application__person", "application__product", "application__issued_product__product",
                            "enterprise", "branch"))


def referral_monitor(user, *, overdue: bool = False) -> QuerySet[Referral]:
    """The deadline monitor's referral steps: the open referrals in ``user``'s scope, oldest due first."""
    items = referrals_for_staff(user).filter(status__in=referral_flow.OPEN_STATUSES)
    if overdue:
        items = items.filter(due_on__lt=timezone.localdate())
    return items.order_by("due_on", "issued_at")


# --- The right to assistive products (AP-RIGHT-1..3) ---------------------------------------------

def right_events_for(person) -> QuerySet[RightEvent]:
    """Every event recorded on the person's right, oldest first, with who recorded it."""
    return RightEvent.objects.filter(person=person).select_related("recorded_by", "lifts", "office")


def right_state_of(person, on=None, events=None) -> right.RightState:
    """The state of the person's right on ``on`` (today by default)."""
    events = list(right_events_for(person)) if events is None else events
    lifted = {event.lifts_id for event in events if event.lifts_id}
    return right.right_state([(event.ground, event.source_date, event.pk in lifted, event.suspended_until)
                              for event in events if event.ground != right.LIFTED],
                             on or timezone.localdate())


def open_applications_of(person) -> QuerySet[ProductApplication]:
    """The applications an event on the right would cancel or suspend (AP-RIGHT-1, AP-RIGHT-2)."""
    return (ProductApplication.objects.filter(person=person)
            .filter(status__in=workflow.OPEN_STATUSES | {workflow.SUSPENDED})
            .select_related("office", "product", "issued_product__product", "related_application__product")
            .order_by("submitted_at"))


def staff_person_section(user, person) -> dict:
    """The "Assistive products" section of the person's record in the back office: the
    applications, the products issued and the events on the right, in one read."""
    can_read = has_capability(user, Capability.VIEW_PRODUCT_APPLICATIONS)
    events = list(right_events_for(person))
    return {
        "can_read": can_read,
        "can_process": has_capability(user, Capability.PROCESS_PRODUCT_APPLICATION),
        "applications": list(applications_for_staff(user).filter(person=person)
                             .select_related("related_application__product")[:50]) if can_read else [],
        "issued": list(issued_products_for(person)),
        "right_events": events,
        "lifted": {e.lifts_id for e in events if e.lifts_id},
        "right_state": right_state_of(person, events=events),
    }


def decision_event(application: ProductApplication):
    """The step that decided the application (approve or refuse), or None."""
    return (application.events.filter(action__in=[workflow.APPROVE, workflow.REFUSE])
            .select_related("by__staff_profile__organization").order_by("at", "id").last())


_UNREAD = object()


def deciding_body(application: ProductApplication, event=_UNREAD):
    """(the organization that decided, its kind for the appeal: ``"fund_branch"`` or ``"district"``).

    A provision or replacement is decided by the territorial branch of the Fund whose region holds
    the office (AP-PROC-3): the branch of the officer who took the decision. Any other decision, and
    an undecided application, is the office's."""
    if event is _UNREAD:
        event = decision_event(application)
    if event is not None and event.role == workflow.FUND_BRANCH:
        profile = staff_profile(event.by)
        if profile is not None:
            return profile.organization, "fund_branch"
    return application.office, "district"
