"""The electronic referral (електронне направлення) for an assistive product: ONE table of its steps.

Under the procedure in force (Resolution No. 321 of 5 April 2012 as amended; docs/
assistive-products-procedure.md) the territorial branch of the Fund decides a provision or a
replacement and issues an electronic referral to the enterprise the person chose; the enterprise
accepts it (or declines it, with a reason), fits the product where it has to be made or fitted,
and records the delivery (date, serial number, act of delivery). The branch may cancel a referral
that is still open, with a reason; an event that ends or suspends the person's right cancels it too.

issued ─accept→ accepted ─record_fitting→ fitting ─record_delivery→ delivered
issued ─decline (reason)→ declined            accepted ─record_delivery→ delivered
issued | accepted | fitting ─cancel (reason)→ cancelled

Pure Python (no Django import), like ``workflow``.
"""

from __future__ import annotations

from dataclasses import dataclass

from cbi.statemachine import TransitionNotAllowed  # noqa: F401  (raised here; callers catch it from here)

from .workflow import DISTRICT_OFFICER, ENTERPRISE, FUND_BRANCH, ReasonRequired

ISSUED = "issued"
ACCEPTED = "accepted"
DECLINED = "declined"
FITTING = "fitting"
DELIVERED = "delivered"
CANCELLED = "cancelled"
STATUSES = (ISSUED, ACCEPTED, DECLINED, FITTING, DELIVERED, CANCELLED)
#: Open: the enterprise still has to act on it. One open referral per application at a time.
OPEN_STATUSES = frozenset({ISSUED, ACCEPTED, FITTING})

ISSUE = "issue"
ACCEPT = "accept"
DECLINE = "decline"
RECORD_FITTING = "record_fitting"
RECORD_DELIVERY = "record_delivery"
CANCEL = "cancel"
CANCEL_RIGHT_ENDED = "cancel_right_ended"
#: The enterprise's steps, in the order its portal offers them.
ENTERPRISE_ACTIONS = (ACCEPT, DECLINE, RECORD_FITTING, RECORD_DELIVERY)


@dataclass(frozen=True)
class Step:
    action: str
    roles: frozenset[str]
    rule_id: str
    reason_required: bool = False


_ENTERPRISE = frozenset({ENTERPRISE})
_BRANCH = frozenset({FUND_BRANCH})

#: (from, to) → Step. The cancellation because the person's right ended is recorded by the
#: district officer who records the event (``services.record_right_event``), never offered as a step.
TRANSITIONS: dict[tuple[str, str], Step] = {
    (ISSUED, ACCEPTED): Step(ACCEPT, _ENTERPRISE, "AP-REF-2"),
    (ISSUED, DECLINED): Step(DECLINE, _ENTERPRISE, "AP-REF-2", reason_required=True),
    (ACCEPTED, FITTING): Step(RECORD_FITTING, _ENTERPRISE, "AP-REF-3"),
    (ACCEPTED, DELIVERED): Step(RECORD_DELIVERY, _ENTERPRISE, "AP-REF-4"),
    (FITTING, DELIVERED): Step(RECORD_DELIVERY, _ENTERPRISE, "AP-REF-4"),
    **{(status, CANCELLED): Step(CANCEL, _BRANCH | {DISTRICT_OFFICER}, "AP-REF-5", reason_required=True)
       for status in sorted(OPEN_STATUSES)},
}

# The deadline of each open step is in ``settings.REFERRAL_DUE_DAYS`` (not verified; configurable).


def check_step(from_status: str, to_status: str, *, role: str | None, reason: str = "") -> Step:
    """The table row for (from, to) if ``role`` may take it; raises otherwise."""
    step = TRANSITIONS.get((from_status, to_status))
    if step is None:
        raise TransitionNotAllowed(from_status, to_status, why="not in the table")
    if role not in step.roles:
        raise TransitionNotAllowed(from_status, to_status, role, "role not allowed")
    if step.reason_required and not (reason or "").strip():
        raise ReasonRequired("a written reason is required")
    return step


def next_steps(from_status: str, role: str | None) -> dict[str, str]:
    """action → target status that ``role`` may take from ``from_status``, in table order."""
    steps: dict[str, str] = {}
    for (frm, to), step in TRANSITIONS.items():
        if frm == from_status and role in step.roles:
            steps.setdefault(step.action, to)
    return steps
