"""Pure rule functions for assistive-product applications (no Django import).

Every result carries the rule id and its citation, so a decision can quote them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

#: The legal act behind provision, compensation, replacement and repair of assistive products:
#: the short form of the Procedure's official title (the title as amended, "Порядок забезпечення
#: допоміжними засобами реабілітації (технічними та іншими засобами реабілітації) осіб з
#: інвалідністю, дітей з інвалідністю та інших окремих категорій населення і виплати грошової
#: компенсації вартості за самостійно придбані такі засоби", was checked against the stored text of
#: Resolution No. 1306 of 07.12.2023, which quotes it). The item is not cited: no stored copy of the
#: current text showed it (docs/assistive-products-procedure.md, "Verification of the legal values").
CITATION_CABINET = ("Порядок забезпечення допоміжними засобами реабілітації, затверджений постановою "
                    "КМУ № 321 від 05.04.2012")


def add_years(start: date, years: Decimal | float | int) -> date:
    """``start`` plus a service life in years; a fractional year counts in whole months (1.5 → 18)."""
    return add_months(start, int((Decimal(str(years)) * 12).to_integral_value()))


def add_months(start: date, months: int) -> date:
    """``start`` plus a term of use in months; the 31st becomes the last day of a shorter month."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class ReplacementCheck:
    rule_id: str
    citation: str
    possible_on: date
    early: bool
    reason_uk: str
    reason_en: str


def replacement_check(*, issued_on: date, service_life_years: Decimal | float | int | None = None, on: date,
                      term_of_use_months: int | None = None, citation: str = CITATION_CABINET) -> ReplacementCheck:
    """EC-APP-2: a product may be replaced after its service life; earlier only for a stated
    reason (damage, changed needs), which an officer decides.

    The term is the norm's ``term_of_use_months`` when a norm was in force on the application's
    date (with the norm's source as ``citation``), else the catalogue's service life in years."""
    if term_of_use_months is not None:
        possible_on = add_months(issued_on, term_of_use_months)
    else:
        possible_on = add_years(issued_on, service_life_years)
    early = on < possible_on
    when = possible_on.strftime("%d.%m.%Y")
    if early:
        uk = f"Строк користування спливає {when}. Раніше замінити можна лише з поважної причини — її розгляне посадова особа."
        en = f"The service life ends on {when}. An earlier replacement needs a reason, which an officer decides."
    else:
        uk = f"Строк користування сплив {when}: засіб можна замінити."
        en = f"The service life ended on {when}: the product may be replaced."
    return ReplacementCheck("EC-APP-2", citation, possible_on, early, uk, en)
