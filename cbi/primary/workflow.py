"""The state machine of an application for primary registration: one table.

draft → submitted → accepted | returned; returned → submitted (after changes).
Nothing else. Pure Python (no Django import) so it is trivially testable.
"""

from __future__ import annotations

DRAFT, SUBMITTED, ACCEPTED, RETURNED = "draft", "submitted", "accepted", "returned"
STATUSES = (DRAFT, SUBMITTED, ACCEPTED, RETURNED)

# (from, to): what the transition is and whether it needs a written reason.
TRANSITIONS: dict[tuple[str, str], dict] = {
    (DRAFT, SUBMITTED): {"action": "submit", "by": "applicant", "reason_required": False},
    (SUBMITTED, ACCEPTED): {"action": "accept", "by": "officer", "reason_required": False},
    (SUBMITTED, RETURNED): {"action": "return", "by": "officer", "reason_required": True},
    (RETURNED, SUBMITTED): {"action": "resubmit", "by": "applicant", "reason_required": False},
}


class TransitionNotAllowed(Exception):
    def __init__(self, from_status: str, to_status: str):
        super().__init__(f"{from_status} → {to_status} is not allowed")
        self.from_status, self.to_status = from_status, to_status


def check_transition(from_status: str, to_status: str, *, reason: str = "") -> dict:
    rule = TRANSITIONS.get((from_status, to_status))
    if rule is None:
        raise TransitionNotAllowed(from_status, to_status)
    if rule["reason_required"] and not reason.strip():
        raise ValueError("reasons are required")
    return rule
