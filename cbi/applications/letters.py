"""The written decision on an application for an assistive product (EC-APP-5), as a PDF in
Ukrainian. Served to officers (``applications_staff:decision_pdf``) and to the person in the
cabinet (``applications_cabinet:decision_pdf``)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cbi.web.pdf import Document

from . import rules, workflow
from .models import KIND_LABELS, ProductApplication


def _d(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def _amount(value) -> str:
    return f"{value:,.2f}".replace(",", " ").replace(".", ",") + " грн"


def through_representative(application: ProductApplication) -> bool:
    """A child, or a person with a legal representative on record, is written to through them."""
    person = application.person
    return person.is_child or person.representative_set.exists()


def decision_letter_pdf(application: ProductApplication) -> bytes:
    """The decision (approved or refused) with its reasons, the rules applied and how to appeal."""
    if not application.is_decided:
        raise ValueError("the application has no decision yet")
    person = application.person
    approved = application.events.filter(action=workflow.APPROVE).exists()
    product = application.the_product
    with override("uk"):
        pdf = Document(title=str(_("Decision on the application for an assistive product")))
        to = person.full_name
        if through_representative(application):
            to += " " + str(_("(through the legal representative)"))
        pdf.field(str(_("To")), to)
        pdf.field(str(_("Social protection office")), application.office.name)
        pdf.field(str(_("Decision")), str(_("No. %(number)s of %(date)s")) % {
            "number": application.decision_number, "date": _d(timezone.localtime(application.decided_at).date())})
        pdf.field(str(_("Application")), str(_("%(reference)s, filed on %(date)s")) % {
            "reference": application.reference,
            "date": _d(timezone.localtime(application.submitted_at).date() if application.submitted_at else None)})
        pdf.field(str(_("Kind of application")), str(KIND_LABELS[application.kind]).capitalize())
        if product is not None:
            pdf.field(str(_("Product")), f"{product.iso_code} {product.name}")
        pdf.paragraph(str(_("The application is APPROVED.") if approved else _("The application is REFUSED.")),
                      size=13, bold=True)
        pdf.field(str(_("Reasons")), application.decision_reasons)
        if approved and application.kind == workflow.COMPENSATION and application.approved_amount is not None:
            pdf.field(str(_("Compensation approved")), _amount(application.approved_amount))
            if application.purchase_amount is not None:
                pdf.field(str(_("Amount paid by the person")), _amount(application.purchase_amount))
        pdf.paragraph(str(_("Rules applied")), bold=True)
        pdf.paragraph(f"EC-APP-5 — {rules.CITATION_CABINET}", size=9)
        if application.kind == workflow.REPLACEMENT and application.issued_product_id:
            issued = application.issued_product
            check = rules.replacement_check(issued_on=issued.issued_on, service_life_years=issued.service_life_years,
                                            on=timezone.localtime(application.submitted_at).date()
                                            if application.submitted_at else timezone.localdate())
            text = check.reason_uk
            if check.early:
                text += " " + str(_("Reason given for an earlier replacement: %(reason)s.")) % {
                    "reason": application.get_replacement_reason_display()}
            pdf.paragraph(f"{check.rule_id}: {text}\n{check.citation}", size=9)
        pdf.paragraph(str(_("How to appeal")), bold=True)
        pdf.paragraph(str(_("If you disagree with the decision, you may appeal it to the regional social protection "
                            "department or to an administrative court within the time limits set by law. Keep this "
                            "letter: quote its number in the appeal.")), size=10)
    return pdf.render()
