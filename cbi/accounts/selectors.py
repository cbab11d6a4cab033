from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from cbi.organizations.models import Organization
from cbi.organizations.scope import scope_of
from cbi.registry.models import Person

from .models import CabinetAccount, Representation
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
# ``persons_user_may_act_for`` is the one place that decides whose data a cabinet user may
# see: themselves and the persons they legally represent. Every app (the cabinet, documents,
# applications) asks it here.


def cabinet_account(user):
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "cabinet_account", None)


def persons_user_may_act_for(user) -> QuerySet[Person]:
    account = cabinet_account(user)
    if account is None or not user.is_active:
        return Person.objects.none()
    # Two id lists, each read through an index (the account's primary key; the
    # representation's (account, person) constraint), joined with UNION. An OR over the two
    # reverse joins with DISTINCT made PostgreSQL scan the whole person table (issue #14 §2:
    # 169 ms at 200k persons); the persons are then fetched by primary key.
    own = CabinetAccount.objects.filter(pk=account.pk, person__isnull=False).values("person_id")
    represented = Representation.objects.filter(account=account, ended_at__isnull=True).values("person_id")
    return Person.objects.filter(pk__in=own.union(represented)).order_by("surname", "given_name")
