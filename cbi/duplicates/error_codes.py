"""Stable codes of the errors the duplicates services raise (docs/duplicates.md;
docs/architecture.md, "Errors have codes")."""

from enum import Enum


class DuplicatesErrorCode(Enum):
    PAIR_DECIDED = "pair_decided"              # the pair was already merged or dismissed
    SURVIVOR_NOT_IN_PAIR = "survivor_not_in_pair"
    REASON_REQUIRED = "reason_required"
    REVERSAL_REASON_REQUIRED = "reversal_reason_required"
    BOTH_HAVE_CABINETS = "both_have_cabinets"  # two cabinet accounts cannot become one
    MERGE_CONFLICT = "merge_conflict"          # a moved record breaks a rule of the registry
    ALREADY_REVERSED = "already_reversed"
