"""Stable codes of the errors the help pages and the barrier reports raise (docs/accessibility.md;
docs/architecture.md, "Errors have codes")."""

from enum import Enum


class HelpErrorCode(Enum):
    PAGE_NOT_OF_THIS_SERVICE = "page_not_of_this_service"
    TOO_MANY_REPORTS = "too_many_reports"
    NOTHING_CHANGED = "nothing_changed"
