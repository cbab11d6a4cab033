"""The letters of the car queue (Resolution No. 999), registered with ``cbi.letters`` by
``CarqueueConfig.ready`` (docs/letters.md). Each builds its template's context in Ukrainian:

- ``carqueue.referral``: the referral to the health facility or to the assessment body (CQ-FLOW-1);
- ``carqueue.decision``: the written decision on an application, enrolled or refused (CQ-FLOW-4);
- ``carqueue.queue_decision``: removal from, or restoration in, the queue (CQ-RM-*).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cbi.letters import registry
from cbi.letters.appeals import RESOLUTION_999, appeal_context

from . import workflow
from .models import APPLICATION_STATUS_LABELS, CarApplication, QueueDecision
from .rules import citation, terms


def _d(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


# --- referrals (CQ-FLOW-1) ---------------------------------------------------------------------

REFERRAL_KINDS = ("health", "assessment")


def referral_context(application: CarApplication, *, which: str) -> dict:
    """CQ-FLOW-1: the referral to the health facility (``health``) or to the assessment
    body (``assessment``)."""
    person = application.person
    with override("uk"):
        title = (_("Referral to a health facility for a medical examination") if which == "health"
                 else _("Referral to the medical and social expert commission (expert team)"))
        fields = [
            (_("Person with a disability"), person.full_name),
            (_("Date of birth"), _d(person.date_of_birth)),
            (_("Application"), _("No. %(number)s in the journal of %(office)s, received on %(date)s")
             % {"number": application.office_number, "office": application.office.name,
                "date": _d(application.received_on)}),
            (_("Issued on"), _d(application.referrals_issued_on or timezone.localdate())),
        ]
        rules = [(_("Rule"), f"CQ-FLOW-1 — {citation('CQ-FLOW-1')}")]
        if which == "health":
            rules.append((_("Deadline of the notice"), f"CQ-FLOW-2 — {citation('CQ-FLOW-2')}"))
        return {"title": str(title), "fields": fields, "rules": rules, "legal_basis": RESOLUTION_999,
                "terms": terms.values()}


# --- the decision on an application (CQ-FLOW-4) ------------------------------------------------


def decision_context(application: CarApplication) -> dict:
    """CQ-FLOW-4: the written decision, to the person (or the legal representative) and to
    the social protection office, with every applied rule id and citation; a refusal says
    where and by when it can be appealed."""
    person = application.person
    decision = application.decision or {}
    to_representative = application.legally_incapable or (
        decision.get("report_tags") and "child" in decision.get("report_tags", []))
    with override("uk"):
        fields = [
            (_("To"), person.full_name + (" " + str(_("(through the legal representative)"))
                                          if to_representative else "")),
            (_("Copy to"), application.office.name),
            (_("Application"), _("No. %(number)s in the journal of %(office)s, received on %(date)s")
             % {"number": application.office_number, "office": application.office.name,
                "date": _d(application.received_on)}),
            (_("Number in the regional journal"), str(application.region_number) if application.region_number
             else None),
            (_("Decided on"), _d(application.decision_sent_on)),
            (_("Decision"), str(APPLICATION_STATUS_LABELS[application.status])),
            (_("Enrollment date"), _d(application.enrollment_date) if application.status == workflow.ENROLLED
             else None),
        ]
        return {
            "title": str(_("Decision on the application for a car")), "fields": fields,
            "applied_rules": decision.get("applied_rules", []), "legal_basis": RESOLUTION_999,
            "appeal": appeal_context(decided_by="region") if application.status == workflow.REFUSED else None,
        }


# --- removal from / restoration in the queue (CQ-RM-*) -----------------------------------------


def decision_title(decision: QueueDecision) -> str:
    """The title of a removal or restoration decision (also the subject of its notification),
    in Ukrainian whatever language is active: the letter and the message are Ukrainian."""
    with override("uk"):
        if decision.kind == QueueDecision.Kind.RESTORATION:
            return str(_("Decision on restoration in the car queue"))
        return str(_("Decision on removal from the car queue"))


def queue_decision_context(decision: QueueDecision) -> dict:
    """The written decision for the person (removal or restoration), with the rule id and
    the citation (CQ-RM-*, "Removal is a decision"); a removal says where and by when it can
    be appealed."""
    entry = decision.entry
    with override("uk"):
        fields = [
            (_("To"), entry.person.full_name),
            (_("Queue"), f"{entry.region.name}; {entry.get_category_display()}"),
            (_("Enrollment date"), _d(entry.enrollment_date)),
            (_("Effective from"), _d(decision.effective_on)),
            (_("Decision"), str(decision.get_kind_display())),
            (_("Rule"), f"{decision.rule_id} — {decision.citation}"),
            (_("Reason"), decision.reason_uk),
            (_("Note"), decision.note or None),
            (_("Decided by"), (decision.decided_by.get_full_name() or decision.decided_by.username)
             if decision.decided_by else None),
            (_("Decided on"), _d(timezone.localtime(decision.decided_at).date())),
        ]
        return {"title": decision_title(decision), "fields": fields, "legal_basis": RESOLUTION_999,
                "appeal": appeal_context(decided_by="region") if decision.kind == QueueDecision.Kind.REMOVAL
                else None}


REFERRAL = registry.LetterKind(
    name="carqueue.referral", template="carqueue/letters/referral.html", context=referral_context,
    reference=lambda application, **options: str(application.office_number), routes=("carqueue:referral_pdf",),
    description="Referral to the health facility (which=\"health\") or to the assessment body "
                "(which=\"assessment\"), CQ-FLOW-1")
DECISION = registry.LetterKind(
    name="carqueue.decision", template="carqueue/letters/decision.html", context=decision_context,
    reference=lambda application: str(application.office_number),
    routes=("carqueue:decision_pdf", "cabinet:car_refusal_letter"),
    description="Decision on an application for a car, enrolled or refused (CQ-FLOW-4)")
QUEUE_DECISION = registry.LetterKind(
    name="carqueue.queue_decision", template="carqueue/letters/queue_decision.html",
    context=queue_decision_context, routes=("carqueue:removal_letter", "cabinet:car_removal_letter"),
    description="Decision on removal from, or restoration in, the car queue (CQ-RM-*)")

KINDS = (REFERRAL, DECISION, QUEUE_DECISION)
