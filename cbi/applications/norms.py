"""Which norm judges an application (EC-APP-2, EC-APP-5): the norm version in force on the date
the application was submitted (a draft: today), and, once decided, the version the decision
recorded. A later change of norms adds a version and never moves a past decision.

Kept apart from ``services`` so that the term-of-use check and the decision's record of its norm
read in one place (docs/assistive-products-procedure.md).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from cbi.catalogue.models import Norm
from cbi.catalogue.selectors import norm_in_force

from . import rules
from .models import IssuedProduct, ProductApplication


def judged_on(application: ProductApplication) -> date:
    """The date whose norms judge the application: its submission date (a draft: today)."""
    if application.submitted_at:
        return timezone.localtime(application.submitted_at).date()
    return timezone.localdate()


def norm_for(application: ProductApplication) -> Norm | None:
    """The recorded norm of a decided application; else the norm in force on its date."""
    if application.norm_id:
        return application.norm
    if application.decided_at:
        # Decided before norms were data (or with none in force): it stays judged as it was.
        return None
    return norm_in_force(application.the_product, on=judged_on(application))


def replacement_check(issued: IssuedProduct, *, on: date, norm: Norm | None) -> rules.ReplacementCheck:
    """EC-APP-2 by the norm's term of use when there is one, else by the service life copied
    when the product was issued."""
    if norm is not None:
        return rules.replacement_check(issued_on=issued.issued_on, term_of_use_months=norm.term_of_use_months,
                                       on=on, citation=norm.source)
    return rules.replacement_check(issued_on=issued.issued_on, service_life_years=issued.service_life_years, on=on)


def replacement_check_for_application(application: ProductApplication) -> rules.ReplacementCheck:
    """The replacement application's term check, judged by the norm of its date."""
    return replacement_check(application.issued_product, on=judged_on(application), norm=norm_for(application))
