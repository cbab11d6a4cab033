from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from .models import CorrectionRequest
from .selectors import is_representative_for, persons_user_may_act_for


@transaction.atomic
def request_correction(*, user, person, text: str) -> CorrectionRequest:
    if not persons_user_may_act_for(user).filter(pk=person.pk).exists():
        raise PermissionError("not allowed to act for this person")
    item = CorrectionRequest(person=person, submitted_by=user, text=text.strip(),
                             by_representative=is_representative_for(user, person))
    item._history_user = user
    item.save()
    return item


@transaction.atomic
def handle_correction(*, actor, item: CorrectionRequest, answer: str) -> CorrectionRequest:
    from django.utils import timezone

    from cbi.notifications.services import notify

    item.status = CorrectionRequest.Status.HANDLED
    item.answer = answer.strip()
    item.handled_by = actor
    item.handled_at = timezone.now()
    item._history_user = actor
    item.save()
    notify(person=item.person, subject=gettext("Answer to your report of an error in your data"), body=item.answer)
    return item


def documents_of(person) -> list:
    """The person's documents, when the documents app provides them."""
    try:
        from cbi.documents.selectors import documents_for_person
    except ImportError:
        return []
    return list(documents_for_person(person))
