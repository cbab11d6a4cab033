"""The letter with a complaint's outcome, registered with ``cbi.letters`` (docs/letters.md)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cbi.letters import registry
from cbi.letters.appeals import court_term

from .models import Complaint
from .selectors import decision_of


def _d(value) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def decision_letter_context(complaint: Complaint) -> dict:
    if complaint.status == Complaint.Status.FILED:
        raise ValueError("the complaint is not decided yet")
    with override("uk"):
        decision = decision_of(complaint)
        fields = [
            (_("To"), complaint.person.full_name),
            (_("Complaint"), _("%(reference)s, filed on %(date)s") % {
                "reference": complaint.reference, "date": _d(timezone.localtime(complaint.filed_at).date())}),
            # What was decided, in words (None: the field is left out).
            (_("What was decided"), decision.summary if decision is not None else None),
            (_("Decision complained about"), _("%(reference)s of %(date)s") % {
                "reference": complaint.subject_reference, "date": _d(complaint.decided_on)}),
            (_("Reviewed by"), complaint.reviewing_body.name),
            (_("Decided on"), _d(timezone.localtime(complaint.decided_at).date())),
        ]
        return {"title": str(_("Decision on the complaint")), "complaint": complaint, "fields": fields,
                "upheld": complaint.status == Complaint.Status.UPHELD, "court": court_term()}


DECISION = registry.LetterKind(
    name="complaints.decision", template="complaints/letters/decision.html", context=decision_letter_context,
    reference=lambda complaint: complaint.reference,
    routes=("complaints_cabinet:letter", "complaints_staff:letter"),
    description="Decision on a complaint about a decision (administrative appeal)")

KINDS = (DECISION,)
