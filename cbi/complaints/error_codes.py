"""Stable codes of the complaints' errors (docs/architecture.md, "Errors have codes")."""

from enum import Enum


class ComplaintsErrorCode(Enum):
    NOT_COMPLAINABLE = "not_complainable"
    TERM_PASSED = "term_passed"
    ALREADY_FILED = "already_filed"
    REASONS_REQUIRED = "reasons_required"
    ALREADY_DECIDED = "already_decided"
    OUTCOME_REASONS_REQUIRED = "outcome_reasons_required"
