"""Reads for the cabinet. ``persons_user_may_act_for`` is the one place that
decides whose data a cabinet user may see: themselves and the persons they
legally represent."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cbi.registry.models import Person

ACTING_FOR_KEY = "cabinet_acting_for"


def cabinet_account(user):
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "cabinet_account", None)


def persons_user_may_act_for(user) -> QuerySet[Person]:
    account = cabinet_account(user)
    if account is None or not user.is_active:
        return Person.objects.none()
    return Person.objects.filter(
        Q(cabinet_account=account)
        | Q(cabinet_representations__account=account, cabinet_representations__ended_at__isnull=True)
    ).distinct().order_by("surname", "given_name")


def acting_for(request) -> Person | None:
    """The person the signed-in user acts for now (chosen in the switcher)."""
    persons = persons_user_may_act_for(request.user)
    chosen = request.session.get(ACTING_FOR_KEY)
    if chosen:
        person = persons.filter(pk=chosen).first()
        if person is not None:
            return person
    account = cabinet_account(request.user)
    return account.person if account and account.person_id else persons.first()


def is_representative_for(user, person) -> bool:
    account = cabinet_account(user)
    return bool(account) and account.person_id != person.pk
