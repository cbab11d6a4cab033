"""Every write to the registry.

Keyword-only, atomic, validated with the models' own ``full_clean`` and
recorded in the history as done by ``actor``. Views never save models
themselves.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cbi.accounts.roles import Capability, has_capability
from cbi.common.updates import model_update, save_with_history
from cbi.organizations.models import Organization

from . import selectors
from .signals import disability_status_changed
from .error_codes import RegistryErrorCode
from .models import (
    Address, Assessment, DisabilityStatus, FamilyMember, IdentityDocument, Person,
    Representative, Territory,
)

PART_MODELS = {
    "documents": IdentityDocument,
    "addresses": Address,
    "statuses": DisabilityStatus,
    "assessments": Assessment,
    "representatives": Representative,
    "family": FamilyMember,
}

CRIMEA_CODE = "UA01000000000013043"
SEVASTOPOL_CODE = "UA85000000000065278"
KYIV_CODE = "UA80000000000093317"


def _require(actor, capability: Capability, *, imported: bool = False) -> None:
    """``imported``: the write comes from a registry import (cbi/imports), which needs the
    import capability instead of the officer's one (docs/registry-import.md)."""
    if not has_capability(actor, Capability.IMPORT_REGISTRY if imported else capability):
        raise PermissionDenied


@transaction.atomic
def create_person(*, actor, data: dict[str, Any], imported: bool = False, reason: str = "") -> Person:
    _require(actor, Capability.CREATE_PERSON, imported=imported)
    person = Person(**data)
    if not selectors.offices_visible_to(actor).filter(pk=person.office_id).exists():
        raise ValidationError({"office": ValidationError(_("You can register persons only in your own office."),
                                                         code=RegistryErrorCode.OFFICE_NOT_YOURS.value)})
    save_with_history(instance=person, user=actor, reason=reason)
    return person


@transaction.atomic
def update_person(*, actor, person: Person, data: dict[str, Any], imported: bool = False,
                  reason: str = "") -> Person:
    _require(actor, Capability.EDIT_PERSON, imported=imported)
    # Lock the row so two officers editing at once do not overwrite each other silently.
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not selectors.persons_visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied
    if "office" in data:
        office = data["office"]
        if not selectors.offices_visible_to(actor).filter(pk=getattr(office, "pk", office)).exists():
            raise ValidationError({"office": ValidationError(_("You can move a person only between offices you manage."),
                                                             code=RegistryErrorCode.OFFICE_MOVE_NOT_YOURS.value)})
    person, _updated = model_update(instance=person, fields=list(data), data=data, user=actor, reason=reason)
    return person


@transaction.atomic
def save_person_part(*, actor, person: Person, instance, data: dict[str, Any], imported: bool = False,
                     reason: str = ""):
    """Create or change a document, address, status, assessment, representative or family member."""
    _require(actor, Capability.EDIT_PERSON, imported=imported)
    if not selectors.persons_visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied
    if instance.pk:
        # The stored row, locked: what a form already set on ``instance`` is in ``data``.
        instance = type(instance).objects.select_for_update().get(pk=instance.pk)
        if instance.person_id != person.pk:
            raise PermissionDenied
    instance.person = person
    instance, updated = model_update(instance=instance, fields=list(data), data=data, user=actor, reason=reason)
    if updated and isinstance(instance, DisabilityStatus):
        change = instance.history.order_by("-history_id").values_list("history_id", flat=True).first()
        disability_status_changed.send(sender=DisabilityStatus, person_id=person.pk, status_id=instance.pk,
                                       change_key=f"status-{instance.pk}-{change}")
    return instance


@transaction.atomic
def ensure_organizations() -> dict[str, int]:
    """The national bodies, a regional department for each of the 24 oblasts and
    Kyiv, and a social protection office for each district (Kyiv: city district).

    Crimea and Sevastopol are left out while occupied. Idempotent.
    """
    counts = {"created": 0}

    def upsert(code: str, **fields) -> Organization:
        org, created = Organization.objects.update_or_create(code=code, defaults=fields)
        counts["created"] += int(created)
        return org

    upsert("ministry", name="Міністерство соціальної політики України", kind=Organization.Kind.MINISTRY)
    upsert(
        "fund",
        name="Фонд соціального захисту осіб з інвалідністю",
        kind=Organization.Kind.FUND,
    )
    regions = Territory.objects.filter(
        category__in=[Territory.Category.OBLAST, Territory.Category.SPECIAL_CITY]
    ).exclude(code__in=[CRIMEA_CODE, SEVASTOPOL_CODE])
    for region in regions:
        department = upsert(
            f"rd-{region.code[2:4]}",
            name=f"Структурний підрозділ з питань соціального захисту населення — {region.full_name}",
            kind=Organization.Kind.REGIONAL_DEPARTMENT,
            territory=region,
        )
        if region.code == KYIV_CODE:
            districts = Territory.objects.filter(parent=region, category=Territory.Category.CITY_DISTRICT)
        else:
            districts = Territory.objects.filter(parent=region, category=Territory.Category.DISTRICT)
        for district in districts:
            upsert(
                f"spo-{district.code.lower()}",
                name=f"Орган соціального захисту населення — {district.full_name}",
                kind=Organization.Kind.SOCIAL_PROTECTION_OFFICE,
                parent=department,
                territory=district,
            )
    return counts


@transaction.atomic
def ensure_fund_branches() -> int:
    """A territorial branch of the Fund for each region that has a regional department (code
    ``fb-XX``, the same oblast), under the Fund: the branch decides the assistive-product
    applications of that region's offices and issues electronic referrals (issue #16 §1). Run
    after ``ensure_organizations``; idempotent. The number created."""
    fund = Organization.objects.get(code="fund")
    created = 0
    for department in Organization.objects.filter(kind=Organization.Kind.REGIONAL_DEPARTMENT,
                                                  territory__isnull=False).select_related("territory"):
        _org, new = Organization.objects.update_or_create(
            code=f"fb-{department.code[3:]}",
            defaults={"name": f"Відділення Фонду соціального захисту осіб з інвалідністю — "
                              f"{department.territory.full_name}",
                      "kind": Organization.Kind.FUND_BRANCH, "parent": fund, "territory": department.territory})
        created += int(new)
    return created
