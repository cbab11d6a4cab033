"""What an upheld complaint does to the case, per kind of decision (docs/complaints.md): the case
goes back through the deciding app's own service, which writes its history. Only
``services.decide_complaint`` imports this module (reading complaints — the access helpers, the
selectors — never reaches the deciding apps' services)."""

from __future__ import annotations

from typing import Callable


def _product_application(*, actor, record, complaint) -> None:
    """The refusal is cancelled: the application is reviewed again by the body that refused
    (``applications.services.reopen_on_complaint``)."""
    from cbi.applications.services import reopen_on_complaint

    reopen_on_complaint(actor=actor, application=record, complaint_reference=complaint.reference,
                        reason=f"Скаргу {complaint.reference} задоволено: {complaint.outcome_reasons}")


def _car_refusal(*, actor, record, complaint) -> None:
    """The refusal is cancelled: the application is back with the regional department for a new
    decision (``carqueue.intake.services.reopen_on_complaint``)."""
    from cbi.carqueue.intake.services import reopen_on_complaint

    reopen_on_complaint(actor=actor, application=record, complaint_reference=complaint.reference,
                        reason=f"Скаргу {complaint.reference} задоволено: {complaint.outcome_reasons}")


def _car_removal(*, actor, record, complaint) -> None:
    """The removal is cancelled: the entry is restored through the restoration path, with its
    enrollment date (``carqueue.decisions.services.restore_entry``)."""
    from cbi.carqueue.decisions.services import restore_entry

    restore_entry(entry=record.entry, actor=actor,
                  reason=f"скаргу {complaint.reference} задоволено, рішення про зняття з обліку скасовано")


#: Kind of decision (``subjects.SUBJECTS``) → what upholding a complaint about it does.
REOPEN: dict[str, Callable[..., None]] = {"product_application": _product_application, "car_refusal": _car_refusal, "car_removal": _car_removal}
