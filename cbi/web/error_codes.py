"""Stable codes of the errors the shared form fields raise: the three-box date
(``cbi.web.forms.DateField``; docs/architecture.md, "Errors have codes")."""

from enum import Enum


class WebErrorCode(Enum):
    DAY_MISSING = "day_missing"
    MONTH_MISSING = "month_missing"
    YEAR_MISSING = "year_missing"
    DAY_MONTH_MISSING = "day_month_missing"
    DAY_YEAR_MISSING = "day_year_missing"
    MONTH_YEAR_MISSING = "month_year_missing"
    DAY_INVALID = "day_invalid"
    MONTH_INVALID = "month_invalid"
    YEAR_INVALID = "year_invalid"
    DAY_NOT_IN_MONTH = "day_not_in_month"
