"""The state machine of a car application: ONE table of allowed transitions.

registered_at_office → referrals_issued → facility_notice_received → sent_to_region
→ registered_at_region → enrolled | refused; withdrawn from any non-final state; refused →
registered_at_region when a complaint about the refusal is upheld (docs/complaints.md).

Each transition names the action, the roles allowed to do it, the journal entry it writes
and whether a written reason is required. Anything not in the table is refused.
Pure Python (no Django import), so it is trivially testable.
"""

from __future__ import annotations

from dataclasses import dataclass

from cbi.statemachine import TransitionNotAllowed  # noqa: F401  (raised here; callers catch it from here)

REGISTERED_AT_OFFICE = "registered_at_office"
REFERRALS_ISSUED = "referrals_issued"
FACILITY_NOTICE_RECEIVED = "facility_notice_received"
SENT_TO_REGION = "sent_to_region"
REGISTERED_AT_REGION = "registered_at_region"
ENROLLED = "enrolled"
REFUSED = "refused"
WITHDRAWN = "withdrawn"

STATUSES = (
    REGISTERED_AT_OFFICE, REFERRALS_ISSUED, FACILITY_NOTICE_RECEIVED, SENT_TO_REGION, REGISTERED_AT_REGION,
    ENROLLED, REFUSED, WITHDRAWN,
)
FINAL_STATUSES = frozenset({ENROLLED, REFUSED, WITHDRAWN})
#: Statuses in which the application is with the regional department (its journal).
REGION_STATUSES = frozenset({REGISTERED_AT_REGION, ENROLLED, REFUSED})

DISTRICT_OFFICER = "district_officer"
REGIONAL_OFFICER = "regional_officer"
#: The person (or their representative) through the electronic cabinet.
PERSON = "person"
#: The body that reviews a complaint about the regional department's decision (the Ministry of
#: Social Policy, docs/complaints.md): an upheld complaint sends a refusal back to decision.
COMPLAINT_BODY = "complaint_body"

# Journal entry kinds (JournalEntry.Kind values).
J_REGISTERED = "application_registered"
J_REFERRALS = "referrals_issued"
J_NOTICE = "notice_received"
J_SENT = "sent_to_region"
J_REGION = "registered_at_region"
J_DECISION = "decision"
J_WITHDRAWAL = "withdrawal"
#: A car provided to an enrolled person: under a batch's quota, or a humanitarian car (item 41).
J_CAR_PROVIDED = "car_provided"
#: A refusal cancelled by an upheld complaint: the application is back for a new decision.
J_REOPENED = "reopened_on_complaint"


@dataclass(frozen=True)
class Transition:
    action: str
    roles: frozenset[str]
    journal_kind: str
    rule_id: str
    reason_required: bool = False


_OFFICE = frozenset({DISTRICT_OFFICER})
_REGION = frozenset({REGIONAL_OFFICER})
_WITHDRAW = frozenset({DISTRICT_OFFICER, REGIONAL_OFFICER, PERSON})
_COMPLAINT = frozenset({COMPLAINT_BODY})

#: (from, to) → Transition. The one table of the workflow.
TRANSITIONS: dict[tuple[str, str], Transition] = {
    (REGISTERED_AT_OFFICE, REFERRALS_ISSUED): Transition("issue_referrals", _OFFICE, J_REFERRALS, "CQ-FLOW-1"),
    (REFERRALS_ISSUED, FACILITY_NOTICE_RECEIVED): Transition("record_notice", _OFFICE, J_NOTICE, "CQ-FLOW-2"),
    (FACILITY_NOTICE_RECEIVED, SENT_TO_REGION): Transition("send_to_region", _OFFICE, J_SENT, "CQ-FLOW-3"),
    (SENT_TO_REGION, REGISTERED_AT_REGION): Transition("register_at_region", _REGION, J_REGION, "CQ-FLOW-5"),
    (REGISTERED_AT_REGION, ENROLLED): Transition("decide", _REGION, J_DECISION, "CQ-FLOW-4"),
    (REGISTERED_AT_REGION, REFUSED): Transition("decide", _REGION, J_DECISION, "CQ-FLOW-4"),
    # An upheld complaint cancels the refusal: the regional department decides again.
    (REFUSED, REGISTERED_AT_REGION): Transition("reopen_on_complaint", _COMPLAINT, J_REOPENED, "CQ-FLOW-4",
                                                reason_required=True),
    **{
        (status, WITHDRAWN): Transition("withdraw", _WITHDRAW, J_WITHDRAWAL, "CQ-FLOW-4", reason_required=True)
        for status in STATUSES if status not in FINAL_STATUSES
    },
}

#: The first status (registration is not a transition: it creates the application).
INITIAL = REGISTERED_AT_OFFICE


def check_transition(from_status: str, to_status: str, *, role: str, reason: str = "") -> Transition:
    """The table row for (from, to) if ``role`` may do it; raises otherwise."""
    rule = TRANSITIONS.get((from_status, to_status))
    if rule is None:
        raise TransitionNotAllowed(from_status, to_status)
    if role not in rule.roles:
        raise TransitionNotAllowed(from_status, to_status, role, "role not allowed")
    if rule.reason_required and not (reason or "").strip():
        raise ValueError("a written reason is required")
    return rule


def next_statuses(from_status: str, role: str) -> list[str]:
    """Statuses ``role`` may move an application to from ``from_status``, in table order."""
    return [to for (frm, to), rule in TRANSITIONS.items() if frm == from_status and role in rule.roles]
