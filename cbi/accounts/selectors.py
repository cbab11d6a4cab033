from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from cbi.registry.models import Organization

from .roles import staff_profile

User = get_user_model()


def organizations_managed_by(user) -> QuerySet[Organization]:
    """An administrator of a national body manages every organization; of a
    regional department, the department and its offices."""
    profile = staff_profile(user)
    if profile is None:
        return Organization.objects.none()
    org = profile.organization
    if org.is_national:
        return Organization.objects.all()
    return Organization.objects.filter(Q(pk=org.pk) | Q(parent=org))


def staff_managed_by(user) -> QuerySet[User]:
    return (
        User.objects.filter(staff_profile__organization__in=organizations_managed_by(user))
        .select_related("staff_profile__organization")
        .order_by("staff_profile__organization__name", "last_name", "first_name")
    )
