from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from cbi.organizations.models import Organization
from cbi.organizations.scope import scope_of

from .roles import staff_profile

User = get_user_model()


def organizations_managed_by(user) -> QuerySet[Organization]:
    """An administrator manages their organization and the organizations in its scope
    (``cbi.organizations.scope``): a national body every one, a regional department itself
    and its offices."""
    scope = scope_of(user)
    below = scope.q(office_field="")
    if below is None:
        return Organization.objects.none()
    if not below:  # the whole country (Q() | Q(pk=...) would narrow it to one)
        return Organization.objects.all()
    return Organization.objects.filter(below | Q(pk=scope.organization.pk))


def staff_managed_by(user) -> QuerySet[User]:
    return (
        User.objects.filter(staff_profile__organization__in=organizations_managed_by(user))
        .select_related("staff_profile__organization")
        .order_by("staff_profile__organization__name", "last_name", "first_name")
    )


# --- cabinet users ------------------------------------------------------------------------
# Whose data a cabinet user may see (themselves and the persons they legally represent) is
# decided once, in ``cbi.registry.selectors.persons_user_may_act_for``: it reads the persons,
# so it lives with them (accounts sits below registry, docs/architecture.md "Layers").


def cabinet_account(user):
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "cabinet_account", None)
