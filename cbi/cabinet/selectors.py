"""Reads for the cabinet. Whose data a cabinet user may see (themselves and the persons
they legally represent) is decided in one place: ``cbi.registry.selectors.persons_user_may_act_for``."""

from __future__ import annotations

from django.db.models import QuerySet

from cbi.accounts.selectors import cabinet_account
from cbi.registry.selectors import persons_user_may_act_for
from cbi.registry.models import Person

ACTING_FOR_KEY = "cabinet_acting_for"


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


def staff_person_section(user, person: Person) -> dict:
    """The "Electronic cabinet" section of the person's record in the back office: the account,
    the active authorization code and the latest correction requests (read here, in the view,
    not by a template tag while the page renders)."""
    from cbi.accounts import codes
    from cbi.accounts.models import CabinetAccount
    from cbi.accounts.roles import Capability, has_capability

    return {
        "account": CabinetAccount.objects.filter(person=person).first(),
        "active_code": codes.active_code(person),
        "corrections": list(person.correction_requests.all()[:10]),
        "can_issue": has_capability(user, Capability.ISSUE_AUTHORIZATION_CODE),
    }
