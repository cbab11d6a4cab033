"""Every write of the help app: barrier reports and their handling."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from cbi.accounts.models import Role
from cbi.accounts.roles import Capability, has_capability
from cbi.common.references import next_reference
from cbi.common.updates import model_update
from cbi.web.links import absolute_url

from .error_codes import HelpErrorCode
from .models import BarrierReport

logger = logging.getLogger(__name__)

#: Reference numbers ДС-2026-000012 (cbi.common.references).
REFERENCE_SEQUENCE = "ДС"
# Anonymous reports: at most this many from one client address per hour.
MAX_REPORTS_PER_HOUR = 5
RATE_WINDOW_SECONDS = 60 * 60
TOO_MANY_REPORTS = _("You have sent %(count)s reports from this device in the last hour. "
                     "Please wait an hour, then send this one again. What you wrote is kept below.")


class TooManyReports(Exception):
    """The client sent MAX_REPORTS_PER_HOUR reports within the last hour."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _rate_key(client: str) -> str:
    return f"help:barrier-reports:{client}"


def may_report(client: str) -> bool:
    return cache.get(_rate_key(client), 0) < MAX_REPORTS_PER_HOUR


def _count_report(client: str) -> None:
    key = _rate_key(client)
    if not cache.add(key, 1, RATE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, RATE_WINDOW_SECONDS)


def administrators_emails() -> list[str]:
    """Every active administrator with an e-mail, and settings.ADMINS."""
    users = get_user_model().objects.filter(is_active=True, staff_profile__role=Role.ADMINISTRATOR).exclude(email="")
    emails = {user.email for user in users}
    emails.update(email for _name, email in getattr(settings, "ADMINS", ()) if email)
    return sorted(emails)


def submit_report(*, page: str, description: str, assistive_technology: str = "", email: str = "",
                  language: str = "uk", client: str) -> BarrierReport:
    """Save a report and tell the administrators. Raises TooManyReports when the
    client already sent MAX_REPORTS_PER_HOUR within the hour."""
    if not may_report(client):
        raise TooManyReports(TOO_MANY_REPORTS % {"count": MAX_REPORTS_PER_HOUR}, code=HelpErrorCode.TOO_MANY_REPORTS.value)
    with transaction.atomic():
        report = BarrierReport(
            reference=next_reference(sequence=REFERENCE_SEQUENCE, year=timezone.localdate().year),
            page=page, description=description.strip(), assistive_technology=assistive_technology,
            email=email, language=language,
        )
        report.full_clean()
        report.save()
    _count_report(client)
    _tell_administrators(report)
    return report


def _tell_administrators(report: BarrierReport) -> None:
    recipients = administrators_emails()
    if not recipients:
        logger.warning("barrier report %s: no administrator has an e-mail address", report.reference)
        return
    link = absolute_url("help:staff_report_detail", pk=report.pk)
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(_("Accessibility barrier reported: %(reference)s")) % {"reference": report.reference}
        body = render_to_string("help/email/barrier_report.txt", {"report": report, "link": link})
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # the report is saved and listed; the failure is logged without its text
        logger.exception("could not e-mail barrier report %s", report.reference)


@transaction.atomic
def change_status(*, actor, report: BarrierReport, status: str, note: str = "") -> BarrierReport:
    """An administrator moves the report on (new → in progress → resolved, or back)
    and leaves a note; the history keeps who, when, what and why."""
    if not has_capability(actor, Capability.HANDLE_BARRIER_REPORTS):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    report = BarrierReport.objects.select_for_update().get(pk=report.pk)
    note = note.strip()
    notes = report.admin_notes
    if note:
        stamp = formats.date_format(timezone.localtime(), "d.m.Y H:i")
        name = actor.get_full_name() or actor.get_username()
        entry = f"{stamp}, {name}: {note}"
        notes = f"{notes}\n\n{entry}" if notes else entry
    report, _updated = model_update(instance=report, fields=["status", "admin_notes", "updated_by"],
                                    data={"status": status, "admin_notes": notes, "updated_by": actor},
                                    user=actor, reason=note[:100])
    return report
