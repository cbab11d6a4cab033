"""The letters of assistive-product applications, registered with ``cbi.letters`` by
``ApplicationsConfig.ready`` (docs/letters.md).

``applications.decision``: the written decision on an application (EC-APP-5), as a tagged PDF
in Ukrainian (template ``applications/letters/decision.html``). Served to officers
(``applications_staff:decision_pdf``) and to the person in the cabinet
(``applications_cabinet:decision_pdf``)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cbi.letters import registry
from cbi.letters.appeals import appeal_context

from . import kinds, norms, right, rules, selectors, workflow
from .models import ProductApplication


def _d(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def _amount(value) -> str:
    return f"{value:,.2f}".replace(",", " ").replace(".", ",") + " грн"


def through_representative(application: ProductApplication) -> bool:
    """A child, or a person with a legal representative on record, is written to through them."""
    person = application.person
    return person.is_child or person.representative_set.exists()


def decision_letter_context(application: ProductApplication) -> dict:
    """What the decision letter says (in Ukrainian): its facts, outcome, rules and appeal."""
    if not application.is_decided:
        raise ValueError("the application has no decision yet")
    person = application.person
    decision = selectors.decision_event(application)
    approved = decision is not None and decision.action == workflow.APPROVE
    product = application.the_product
    body, body_kind = selectors.deciding_body(application, decision)
    with override("uk"):
        to = person.full_name
        if through_representative(application):
            to += " " + str(_("(through the legal representative)"))
        fields = [
            (_("To"), to),
            (_("Social protection office"), application.office.name),
            # A branch of the Fund decided (AP-PROC-3): the letter names it as the body of the decision.
            *([(_("Decided by"), body.name)] if body_kind == "fund_branch" else []),
            (_("Decision"), _("No. %(number)s of %(date)s") % {
                "number": application.decision_number,
                "date": _d(timezone.localtime(application.decided_at).date())}),
            (_("Application"), _("%(reference)s, filed on %(date)s") % {
                "reference": application.reference,
                "date": _d(timezone.localtime(application.submitted_at).date() if application.submitted_at else None)}),
            (_("Kind of application"), str(application.profile.label).capitalize()),
            (_("Product"), f"{product.iso_code} {product.name}" if product is not None else None),
        ]
        amounts = []
        if approved and application.profile.officer_approves_amount and application.approved_amount is not None:
            amounts.append((_("Compensation approved"), _amount(application.approved_amount)))
            if application.purchase_amount is not None:
                amounts.append((_("Amount paid by the person"), _amount(application.purchase_amount)))
        applied = [{"rule_id": "EC-APP-5", "text": "", "citation": rules.CITATION_CABINET}]
        if application.profile.checks_service_life and application.issued_product_id:
            check = norms.replacement_check_for_application(application)
            text = check.reason_uk
            if check.early:
                text += " " + str(_("Reason given for an earlier replacement: %(reason)s.")) % {
                    "reason": application.get_replacement_reason_display()}
            applied.append({"rule_id": check.rule_id, "text": text, "citation": check.citation})
        norm = norms.norm_for(application)
        if norm is not None:
            applied.append({"rule_id": "EC-APP-2", "citation": norm.source, "text": str(_(
                "Norm in force on %(date)s: %(name)s, term of use %(months)s months, in force from %(from)s%(unverified)s.")) % {
                "date": _d(norms.judged_on(application)), "name": norm.legal_name, "months": norm.term_of_use_months,
                "from": _d(norm.effective_from),
                "unverified": "" if norm.verified else str(_(" (not verified against the official text)"))}})
        return {
            "title": str(_("Decision on the application for an assistive product")),
            "application": application, "approved": approved, "fields": fields, "amounts": amounts,
            "rules": applied, "appeal": appeal_context(decided_by=body_kind),
        }


DECISION = registry.LetterKind(
    name=kinds.DECISION_LETTER, template="applications/letters/decision.html", context=decision_letter_context,
    reference=lambda application: application.decision_number,
    routes=("applications_staff:decision_pdf", "applications_cabinet:decision_pdf"),
    description="Decision on an application for an assistive product, approved or refused (EC-APP-5)")

def right_step(application: ProductApplication):
    """The application's latest step caused by an event on the person's right (AP-RIGHT-1..3)."""
    return (application.events.filter(right_event__isnull=False).select_related("right_event__lifts")
            .order_by("-at", "-id").first())


def right_letter_context(application: ProductApplication) -> dict:
    """What the letter on an application cancelled, suspended or resumed because of an event on
    the person's right says (in Ukrainian): the event, its source, the outcome and the rule."""
    step = right_step(application)
    if step is None:
        raise ValueError("no event on the person's right moved this application")
    event = step.right_event
    person = application.person
    with override("uk"):
        to = person.full_name
        if through_representative(application):
            to += " " + str(_("(through the legal representative)"))
        if event.ground == right.DEATH:
            to = str(_("The heirs or family of %(name)s")) % {"name": person.full_name}
        fields = [
            (_("To"), to),
            (_("Social protection office"), event.office.name),
            (_("Decision"), _("No. %(number)s of %(date)s") % {
                "number": event.decision_number, "date": _d(timezone.localtime(event.recorded_at).date())}),
            (_("Application"), _("%(reference)s, filed on %(date)s") % {
                "reference": application.reference,
                "date": _d(timezone.localtime(application.submitted_at).date() if application.submitted_at else None)}),
            (_("Kind of application"), str(application.profile.label).capitalize()),
            (_("What happened"), event.get_ground_display()),
            (_("Document"), _("%(document)s of %(date)s") % {"document": event.source_document,
                                                             "date": _d(event.source_date)}),
        ]
        if event.lifts_id:
            fields.append((_("Suspension lifted"), event.lifts.decision_number))
        if event.suspended_until:
            fields.append((_("Suspended until"), _d(event.suspended_until)))
        if step.action == workflow.CANCEL_RIGHT_ENDED:
            outcome = _("The right to assistive products has ENDED. The application is CANCELLED. "
                        "Nothing is deleted: the application and its history are kept.")
        elif step.action == workflow.SUSPEND_RIGHT:
            outcome = _("The right to assistive products is SUSPENDED. The application is SUSPENDED until the "
                        "suspension is lifted.")
        else:
            outcome = _("The suspension of the right to assistive products is LIFTED. The application continues "
                        "from where it stopped.")
        citation = event.citation
        if not right.item_verified(settings.ASSISTIVE_RIGHT_ITEM, settings.ASSISTIVE_RIGHT_ITEM_VERIFIED):
            citation += " " + str(_("(the item is not verified against the official text)"))
        return {
            "title": str(_("Decision on the right to assistive products")),
            "application": application, "fields": fields, "outcome": outcome,
            "rules": [{"rule_id": step.rule_id, "citation": citation}],
            "appeal": appeal_context(decided_by="district") if step.action != workflow.RESUME_RIGHT else None,
        }


RIGHT_DECISION = registry.LetterKind(
    name=kinds.RIGHT_LETTER, template="applications/letters/right.html", context=right_letter_context,
    reference=lambda application: right_step(application).right_event.decision_number,
    routes=("applications_staff:right_letter_pdf", "applications_cabinet:right_letter_pdf"),
    description="An application cancelled, suspended or resumed because the person's right to assistive products "
                "ended, was suspended or the suspension was lifted (AP-RIGHT-1..3)")

KINDS = (DECISION, RIGHT_DECISION)


def decision_letter_pdf(application: ProductApplication) -> bytes:
    """The decision (approved or refused) with its reasons, the rules applied and how to appeal."""
    return registry.render_letter(kind=DECISION.name, subject=application)
