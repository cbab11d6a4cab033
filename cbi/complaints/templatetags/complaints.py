"""``{% complaint_box "product_application" application %}``: on a decision's page, the
complaint about it (state and link), or — in the cabinet, for a refusal still within the term —
the way to file one. A tag, so the deciding apps never import this app."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone

from cbi.accounts.roles import Capability, has_capability
from cbi.complaints import selectors, services
from cbi.complaints.subjects import subject

register = template.Library()


@register.inclusion_tag("complaints/_box.html", takes_context=True)
def complaint_box(context, kind: str, record, audience: str = "cabinet"):
    complaint = selectors.complaint_for_subject(kind, record.pk)
    if complaint is not None:
        if audience == "cabinet":
            url = reverse("complaints_cabinet:detail", args=[complaint.pk])
        else:  # the office that decided sees the complaint's state; the reviewing body opens it
            request = context.get("request")
            reviews = (request is not None and has_capability(request.user, Capability.REVIEW_COMPLAINTS)
                       and selectors.complaints_to_review(request.user).filter(pk=complaint.pk).exists())
            url = reverse("complaints_staff:detail", args=[complaint.pk]) if reviews else ""
        return {"complaint": complaint, "complaint_url": url}
    if audience != "cabinet":
        return {}
    decision = subject(kind).decision(record)
    if decision is None or not decision.complainable or decision.reviewing_body is None:
        return {}
    last_day = services.last_day_to_complain(decision)
    if timezone.localdate() > last_day:
        return {}
    return {"may_complain": True, "last_day": last_day, "reviewing_body": decision.reviewing_body.name,
            "new_url": reverse("complaints_cabinet:new", args=[kind, record.pk])}


@register.inclusion_tag("complaints/_deadlines.html", takes_context=True)
def complaint_deadlines(context):
    """``{% complaint_deadlines %}``: in an officers' deadline monitor, the complaints the viewer's
    body must still decide, the nearest first, the overdue ones marked (nothing without the
    capability, or when none is open). A tag, so the monitor's app never imports this one."""
    request = context.get("request")
    if request is None or not has_capability(request.user, Capability.REVIEW_COMPLAINTS):
        return {}
    today = timezone.localdate()
    open_ = list(selectors.open_complaint_deadlines(request.user))
    # Shown only when something is open: the complaints list is in the menu for the rest.
    return {"shown": bool(open_), "overdue": [c for c in open_ if c.due_on < today],
            "due": [c for c in open_ if c.due_on >= today]}
