"""The life of an application for an assistive product: ONE table of allowed transitions.

draft → submitted → registered → under_review → (information_requested ⇄ information_provided)
→ approved | refused (a provision or replacement: forwarded_to_branch, then approved | refused by
the Fund's territorial branch only); approved → in_fulfilment → [ready_for_pickup →] provided | compensation_paid
| repaired → closed; a document update is closed once approved; refused → closed; withdrawn by
the person (or by the office on the person's written request) while undecided.

Each row names the action, the roles allowed, the application kinds it applies to, the rule
id it implements and whether a written reason is required. Anything not in the table is
refused. Pure Python (no Django import).
"""

from __future__ import annotations

from dataclasses import dataclass

from cbi.statemachine import TransitionNotAllowed  # noqa: F401  (raised here; callers catch it from here)

# Kinds of application (EC-APP-1..4).
PROVISION = "provision"
COMPENSATION = "compensation"
REPLACEMENT = "replacement"
REPAIR = "repair"
DOCUMENT_UPDATE = "document_update"
KINDS = (PROVISION, COMPENSATION, REPLACEMENT, REPAIR, DOCUMENT_UPDATE)
#: Kinds that end with a product handed to the person (an IssuedProduct is recorded).
PRODUCT_KINDS = frozenset({PROVISION, REPLACEMENT})

# Statuses.
DRAFT = "draft"
SUBMITTED = "submitted"
REGISTERED = "registered"
UNDER_REVIEW = "under_review"
INFORMATION_REQUESTED = "information_requested"
INFORMATION_PROVIDED = "information_provided"
APPROVED = "approved"
REFUSED = "refused"
IN_FULFILMENT = "in_fulfilment"
READY_FOR_PICKUP = "ready_for_pickup"
PROVIDED = "provided"
COMPENSATION_PAID = "compensation_paid"
REPAIRED = "repaired"
CLOSED = "closed"
WITHDRAWN = "withdrawn"
#: Forwarded by the office to the territorial branch of the Fund, which decides (AP-PROC-2).
FORWARDED = "forwarded_to_branch"
#: The person's right ended (AP-RIGHT-1): the application is cancelled, nothing deleted.
CANCELLED = "cancelled"
#: The person's right is suspended (AP-RIGHT-2): the application waits until the suspension is lifted.
SUSPENDED = "suspended"

STATUSES = (
    DRAFT, SUBMITTED, REGISTERED, UNDER_REVIEW, INFORMATION_REQUESTED, INFORMATION_PROVIDED, APPROVED, REFUSED,
    IN_FULFILMENT, READY_FOR_PICKUP, PROVIDED, COMPENSATION_PAID, REPAIRED, CLOSED, WITHDRAWN, CANCELLED, SUSPENDED,
    FORWARDED,
)
FINAL_STATUSES = frozenset({CLOSED, WITHDRAWN, CANCELLED})
#: Open: submitted and not yet fulfilled, refused or ended. An event that ends or suspends the
#: person's right cancels or suspends these (AP-RIGHT-1, AP-RIGHT-2).
OPEN_STATUSES = frozenset({SUBMITTED, REGISTERED, UNDER_REVIEW, INFORMATION_REQUESTED, INFORMATION_PROVIDED,
                           FORWARDED, APPROVED, IN_FULFILMENT, READY_FOR_PICKUP})
#: Not yet decided: the person may still withdraw.
UNDECIDED_STATUSES = frozenset({SUBMITTED, REGISTERED, UNDER_REVIEW, INFORMATION_REQUESTED, INFORMATION_PROVIDED,
                                FORWARDED})
#: The office has work to do (the work list's default view).
OFFICE_WORK_STATUSES = frozenset({SUBMITTED, REGISTERED, UNDER_REVIEW, INFORMATION_PROVIDED, APPROVED,
                                  IN_FULFILMENT, READY_FOR_PICKUP, PROVIDED, COMPENSATION_PAID, REPAIRED, REFUSED})
#: The territorial branch of the Fund has work to do (its work list's default view): decide, then
#: issue the electronic referral.
BRANCH_WORK_STATUSES = frozenset({FORWARDED, APPROVED, IN_FULFILMENT})
#: Fulfilment finished: the person may answer the survey (EC-APP-8).
FULFILLED_STATUSES = frozenset({PROVIDED, COMPENSATION_PAID, REPAIRED})

# Who acts.
PERSON = "person"  # the person or their representative, through the cabinet
DISTRICT_OFFICER = "district_officer"
#: An officer of the territorial branch of the Fund serving the office's region (issue #16 §1).
FUND_BRANCH = "fund_branch_officer"
#: A user of the enterprise an open electronic referral for the application is addressed to.
ENTERPRISE = "enterprise_user"
#: The body that reviews a complaint about the office's refusal (the office's regional department,
#: docs/complaints.md): an upheld complaint sends the refusal back to review. Taken only by
#: ``services.reopen_on_complaint`` (called by the complaints app), never from a step list.
COMPLAINT_BODY = "complaint_body"

# Actions.
SUBMIT = "submit"
REGISTER = "register"
START_REVIEW = "start_review"
FORWARD = "forward_to_branch"
REQUEST_INFORMATION = "request_information"
PROVIDE_INFORMATION = "provide_information"
APPROVE = "approve"
REFUSE = "refuse"
START_FULFILMENT = "start_fulfilment"
MARK_READY = "mark_ready_for_pickup"
MARK_PROVIDED = "mark_provided"
MARK_PAID = "mark_compensation_paid"
MARK_REPAIRED = "mark_repaired"
CLOSE = "close"
WITHDRAW = "withdraw"
CANCEL_RIGHT_ENDED = "cancel_right_ended"
SUSPEND_RIGHT = "suspend_right"
RESUME_RIGHT = "resume_right"
#: An upheld complaint cancels the refusal: the application is reviewed again.
REOPEN_ON_COMPLAINT = "reopen_on_complaint"
#: Steps taken only by ``services.record_right_event`` / ``lift_right_suspension`` (with a
#: confirmation and a letter), never from the application's own step list.
RIGHT_ACTIONS = frozenset({CANCEL_RIGHT_ENDED, SUSPEND_RIGHT, RESUME_RIGHT})

#: Actions after which the person must be told (EC-APP-6): something is needed from them,
#: a decision, or the product is ready.
NOTIFY_ACTIONS = frozenset({REQUEST_INFORMATION, FORWARD, APPROVE, REFUSE, MARK_READY, MARK_PAID, MARK_REPAIRED,
                            MARK_PROVIDED, REGISTER, "cancel_right_ended", "suspend_right", "resume_right",
                            REOPEN_ON_COMPLAINT})


@dataclass(frozen=True)
class Transition:
    action: str
    roles: frozenset[str]
    rule_id: str
    kinds: frozenset[str] = frozenset(KINDS)
    reason_required: bool = False


_ALL = frozenset(KINDS)
_OFFICE = frozenset({DISTRICT_OFFICER})
_PERSON = frozenset({PERSON})
_BOTH = frozenset({PERSON, DISTRICT_OFFICER})
_FULFILLED_BY_PRODUCT = frozenset({PROVISION, REPLACEMENT})
#: Kinds decided by the territorial branch of the Fund and fulfilled through an electronic referral
#: to an enterprise (the procedure in force, docs/assistive-products-procedure.md, §1).
REFERRAL_KINDS = _FULFILLED_BY_PRODUCT
#: Kinds the district office decides itself; every other kind only the branch decides (AP-PROC-3).
OFFICE_DECIDES = frozenset(KINDS) - REFERRAL_KINDS
_BRANCH = frozenset({FUND_BRANCH})
_COMPLAINT = frozenset({COMPLAINT_BODY})
_WITH_FULFILMENT = frozenset({PROVISION, COMPENSATION, REPLACEMENT, REPAIR})

#: (from, to) → Transition. The one table of the lifecycle.
TRANSITIONS: dict[tuple[str, str], Transition] = {
    # The person files from the cabinet; an officer files a paper application on their behalf.
    (DRAFT, SUBMITTED): Transition(SUBMIT, _BOTH, "EC-APP-1"),
    (SUBMITTED, REGISTERED): Transition(REGISTER, _OFFICE, "EC-APP-5"),
    (REGISTERED, UNDER_REVIEW): Transition(START_REVIEW, _OFFICE, "EC-APP-5"),
    (UNDER_REVIEW, INFORMATION_REQUESTED): Transition(REQUEST_INFORMATION, _OFFICE, "EC-APP-6",
                                                      reason_required=True),
    # The officer records information brought to the office for a paper application.
    (INFORMATION_REQUESTED, INFORMATION_PROVIDED): Transition(PROVIDE_INFORMATION, _BOTH, "EC-APP-4"),
    (INFORMATION_PROVIDED, INFORMATION_REQUESTED): Transition(REQUEST_INFORMATION, _OFFICE, "EC-APP-6",
                                                              reason_required=True),
    (INFORMATION_PROVIDED, UNDER_REVIEW): Transition(START_REVIEW, _OFFICE, "EC-APP-5"),
    # The procedure in force (AP-PROC-*): the office checks the documents and forwards a provision
    # or replacement to the territorial branch of the Fund, which decides.
    **{
        (status, FORWARDED): Transition(FORWARD, _OFFICE, "AP-PROC-2", kinds=REFERRAL_KINDS)
        for status in (UNDER_REVIEW, INFORMATION_PROVIDED)
    },
    (FORWARDED, APPROVED): Transition(APPROVE, _BRANCH, "AP-PROC-3", kinds=REFERRAL_KINDS, reason_required=True),
    (FORWARDED, REFUSED): Transition(REFUSE, _BRANCH, "AP-PROC-3", kinds=REFERRAL_KINDS, reason_required=True),
    # The office decides only the kinds the branch does not (compensation, repair, document
    # update); a provision or replacement is decided by the branch alone (AP-PROC-3).
    **{
        (status, APPROVED): Transition(APPROVE, _OFFICE, "EC-APP-5", kinds=OFFICE_DECIDES, reason_required=True)
        for status in (UNDER_REVIEW, INFORMATION_PROVIDED)
    },
    **{
        (status, REFUSED): Transition(REFUSE, _OFFICE, "EC-APP-5", kinds=OFFICE_DECIDES, reason_required=True)
        for status in (UNDER_REVIEW, INFORMATION_PROVIDED)
    },
    # The branch's electronic referral starts the fulfilment of a provision or replacement
    # (services.issue_referral; not offered as a step of its own to the branch).
    (APPROVED, IN_FULFILMENT): Transition(START_FULFILMENT, _OFFICE | _BRANCH, "EC-APP-1", kinds=_WITH_FULFILMENT),
    (APPROVED, CLOSED): Transition(CLOSE, _OFFICE, "EC-APP-4", kinds=frozenset({DOCUMENT_UPDATE})),
    (IN_FULFILMENT, READY_FOR_PICKUP): Transition(MARK_READY, _OFFICE, "EC-APP-6",
                                                  kinds=frozenset({PROVISION, REPLACEMENT, REPAIR}),
                                                  reason_required=True),
    # The enterprise's record of delivery on the referral hands the product over (AP-REF-4).
    (IN_FULFILMENT, PROVIDED): Transition(MARK_PROVIDED, _OFFICE | frozenset({ENTERPRISE}), "EC-APP-1",
                                          kinds=_FULFILLED_BY_PRODUCT),
    (READY_FOR_PICKUP, PROVIDED): Transition(MARK_PROVIDED, _OFFICE, "EC-APP-1", kinds=_FULFILLED_BY_PRODUCT),
    (IN_FULFILMENT, COMPENSATION_PAID): Transition(MARK_PAID, _OFFICE, "EC-APP-1",
                                                   kinds=frozenset({COMPENSATION})),
    (IN_FULFILMENT, REPAIRED): Transition(MARK_REPAIRED, _OFFICE, "EC-APP-3", kinds=frozenset({REPAIR})),
    (READY_FOR_PICKUP, REPAIRED): Transition(MARK_REPAIRED, _OFFICE, "EC-APP-3", kinds=frozenset({REPAIR})),
    **{
        (status, CLOSED): Transition(CLOSE, _OFFICE, "EC-APP-5", kinds=_WITH_FULFILMENT)
        for status in (PROVIDED, COMPENSATION_PAID, REPAIRED)
    },
    (REFUSED, CLOSED): Transition(CLOSE, _OFFICE, "EC-APP-5"),
    # An upheld complaint cancels the refusal (Закон «Про адміністративну процедуру», administrative
    # appeal; docs/complaints.md): back to the body that refused — the office's review, or the
    # branch of the Fund for a refusal it made — also when the office had already closed it.
    **{(status, UNDER_REVIEW): Transition(REOPEN_ON_COMPLAINT, _COMPLAINT, "EC-APP-5", reason_required=True)
       for status in (REFUSED, CLOSED)},
    **{(status, FORWARDED): Transition(REOPEN_ON_COMPLAINT, _COMPLAINT, "AP-PROC-3", kinds=REFERRAL_KINDS,
                                       reason_required=True)
       for status in (REFUSED, CLOSED)},
    # Withdrawn while undecided: by the person, or by the office on the person's written request.
    **{
        (status, WITHDRAWN): Transition(WITHDRAW, _BOTH, "EC-APP-5")
        for status in sorted(UNDECIDED_STATUSES)
    },
    # The person's right ended or was suspended (recorded on the person, applied to every open
    # application); a lifted suspension returns the application to where it was.
    **{(status, CANCELLED): Transition(CANCEL_RIGHT_ENDED, _OFFICE, "AP-RIGHT-1", reason_required=True)
       for status in sorted(OPEN_STATUSES | {SUSPENDED})},
    **{(status, SUSPENDED): Transition(SUSPEND_RIGHT, _OFFICE, "AP-RIGHT-2", reason_required=True)
       for status in sorted(OPEN_STATUSES)},
    **{(SUSPENDED, status): Transition(RESUME_RIGHT, _OFFICE, "AP-RIGHT-3", reason_required=True)
       for status in sorted(OPEN_STATUSES)},
}

#: Calendar days the office has for a step, counted from entering the status. These are the
#: project's service standards (the sources give no legal terms); docs/assistive-products.md.
DUE_DAYS: dict[str, int] = {
    SUBMITTED: 3,
    REGISTERED: 30,
    UNDER_REVIEW: 30,
    INFORMATION_PROVIDED: 10,
    FORWARDED: 10,  # the branch's term to decide: a project default, not verified (AP-PROC-3)
    APPROVED: 10,
    IN_FULFILMENT: 60,
    READY_FOR_PICKUP: 30,
    REFUSED: 10,
    PROVIDED: 10, COMPENSATION_PAID: 10, REPAIRED: 10,
}
#: Days the person has to answer a request for information (shown to them; not an office deadline).
INFORMATION_DUE_DAYS = 30


class ReasonRequired(ValueError):
    pass


def check_transition(kind: str, from_status: str, to_status: str, *, role: str | None,
                     reason: str = "") -> Transition:
    """The table row for (from, to) if ``role`` may do it for this kind; raises otherwise."""
    rule = TRANSITIONS.get((from_status, to_status))
    if rule is None or kind not in rule.kinds:
        raise TransitionNotAllowed(from_status, to_status, why="not in the table")
    if role not in rule.roles:
        raise TransitionNotAllowed(from_status, to_status, role, "role not allowed")
    if rule.reason_required and not (reason or "").strip():
        raise ReasonRequired("a written reason is required")
    return rule


def next_statuses(kind: str, from_status: str, role: str | None) -> list[str]:
    """Statuses ``role`` may move an application of ``kind`` to, in table order (the steps on the
    right to assistive products are taken from the person's record, not offered here)."""
    return [to for (frm, to), rule in TRANSITIONS.items()
            if frm == from_status and kind in rule.kinds and role in rule.roles and rule.action not in RIGHT_ACTIONS]
