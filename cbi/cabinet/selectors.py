"""Reads for the cabinet. Whose data a cabinet user may see (themselves and the persons
they legally represent) is decided in one place: ``cbi.registry.selectors.persons_user_may_act_for``."""

from __future__ import annotations

from django.db.models import QuerySet

from cbi.accounts.selectors import cabinet_account
from cbi.registry.selectors import persons_user_may_act_for
from cbi.registry.models import Person

ACTING_FOR_KEY = "cabinet_acting_for"


def acting_for(request, persons: list[Person] | None = None) -> Person | None:
    """The person the signed-in user acts for now (chosen in the switcher). A page that lists
    the persons anyway passes that list (``persons_user_may_act_for``), and no query is made."""
    if persons is not None:
        by_id = {str(p.pk): p for p in persons}
        account = cabinet_account(request.user)
        for wanted in (request.session.get(ACTING_FOR_KEY), account and account.person_id):
            if wanted and str(wanted) in by_id:
                return by_id[str(wanted)]
        return persons[0] if persons else None
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
    """The "Electronic cabinet" section of the person's record in the back office: since when the
    person has an account, until when an unused authorization code is valid (both in one query)
    and the latest correction requests. Read by the record's view (``cbi.registry.sections``),
    not by a template tag while the page renders."""
    from django.db.models import OuterRef, Subquery

    from cbi.accounts import codes
    from cbi.accounts.models import CabinetAccount
    from cbi.accounts.roles import Capability, has_capability

    dates = Person.objects.filter(pk=person.pk).annotate(
        account_since=Subquery(CabinetAccount.objects.filter(person=OuterRef("pk")).order_by("pk")
                               .values("created_at")[:1]),
        code_valid_until=Subquery(codes.active_codes(OuterRef("pk")).order_by("pk").values("expires_at")[:1]),
    ).values("account_since", "code_valid_until").first() or {}
    return {
        "account_since": dates.get("account_since"),
        "code_valid_until": dates.get("code_valid_until"),
        "corrections": list(person.correction_requests.all()[:10]),
        "can_issue": has_capability(user, Capability.ISSUE_AUTHORIZATION_CODE),
    }
