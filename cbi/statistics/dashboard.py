"""What the staff dashboards count (issue #15 §1): the measures, their categories and labels.

One place for these facts: the nightly refresh (``services.refresh_dashboard_figures``) writes
``DashboardFigure`` rows under these names, the selectors and the page read them back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Measures. Stocks (counted on the day of the refresh) have no month; flows are counted by month.
PERSONS = "persons"                    # key: disability group, subkey: age band (stock)
PRIMARY = "primary"                    # key: received / accepted / returned (by month of submission)
APPLICATIONS = "applications"          # key: kind, subkey: status (by month of submission)
APPLICATION_GROUPS = "application_groups"  # key: ISO 9999 code of the product group (by month)
QUEUE_LENGTH = "queue_length"          # key: queue category (stock)
QUEUE_ENROLLED = "queue_enrolled"      # key: queue category (by month of enrollment)
QUEUE_REMOVED = "queue_removed"        # key: rule id of the ground, subkey: citation (by month)
QUEUE_ALLOCATED = "queue_allocated"    # key: "" (cars provided, by month of the decision)
SURVEY = "survey"                      # key: rating 1–5 (by month of the answer)
DEADLINES = "deadlines"                # key: deadline, subkey: met/missed/overdue/pending (by month due)

STOCKS = frozenset({PERSONS, QUEUE_LENGTH})

#: The flows cover the twelve calendar months up to the refresh; the period filter picks the last
#: 1, 3, 6 or 12 of them.
MONTHS_KEPT = 12
PERIODS = (1, 3, 6, 12)

PRIMARY_RECEIVED = "received"
PRIMARY_ACCEPTED = "accepted"
PRIMARY_RETURNED = "returned"
PRIMARY_LABELS = {
    PRIMARY_RECEIVED: _("received"),
    PRIMARY_ACCEPTED: _("accepted: entered into ЦБІ"),
    PRIMARY_RETURNED: _("returned for corrections"),
}


#: Deadlines counted "in time / late" (issue #15 §1): the ones the project already tracks, with
#: their own definitions — the car-application deadlines of Resolution No. 999
#: (``carqueue.models.ApplicationDeadline``: CQ-FLOW-1, -2, -5) and the service standards of the
#: steps of an assistive-product application (``applications.workflow.DUE_DAYS``), and the term
#: to decide a complaint about a decision (``complaints.models.Complaint.due_on``). A primary
#: registration request has no tracked deadline, so none is counted for it.
DEADLINE_CAR_QUEUE = "car_queue"
DEADLINE_APPLICATIONS = "applications"
#: Complaints about decisions (docs/complaints.md): each is due ``COMPLAINT_REVIEW_TERM_DAYS``
#: after filing (``Complaint.due_on``) and done when decided; keyed by the kind of decision.
DEADLINE_COMPLAINTS = "complaints"
#: The outcome of one deadline, as ``carqueue.rules.deadline_status`` names it.
DEADLINE_MET, DEADLINE_MISSED, DEADLINE_OVERDUE, DEADLINE_PENDING = "met", "missed", "overdue", "pending"
DEADLINE_OUTCOMES = (DEADLINE_MET, DEADLINE_MISSED, DEADLINE_OVERDUE, DEADLINE_PENDING)
DEADLINE_LABELS = {
    DEADLINE_MET: _("done in time"),
    DEADLINE_MISSED: _("done late"),
    DEADLINE_OVERDUE: _("not done, overdue"),
    DEADLINE_PENDING: _("not done, not yet due"),
}


def deadline_key(source: str, code: str) -> str:
    """The key of one deadline's figures: ``car_queue:referrals``, ``applications:registered``."""
    return f"{source}:{code}"


@dataclass(frozen=True)
class AgeBand:
    key: str
    label: str
    lowest: int  # age in full years at the end of the refresh's year


#: Age bands of the persons table: children (under 18) as in the law on the protection of
#: childhood, working age and the pension age of 60.
AGE_BANDS = (
    AgeBand("0-17", _("0–17 years"), 0),
    AgeBand("18-34", _("18–34 years"), 18),
    AgeBand("35-59", _("35–59 years"), 35),
    AgeBand("60+", _("60 years and older"), 60),
)


def age_band(age: int) -> str:
    """The band of a person ``age`` years old."""
    band = AGE_BANDS[0].key
    for candidate in AGE_BANDS:
        if age >= candidate.lowest:
            band = candidate.key
    return band
