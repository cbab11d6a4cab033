"""The "Assistive products" section of the person's record in the back office."""

from __future__ import annotations

from django import template

from cbi.accounts.roles import Capability, has_capability

from .. import selectors

register = template.Library()


@register.inclusion_tag("applications/staff/_person_section.html", takes_context=True)
def staff_applications_section(context, person):
    user = context["request"].user
    can_read = has_capability(user, Capability.VIEW_PRODUCT_APPLICATIONS)
    events = list(selectors.right_events_for(person))
    return {
        "person": person,
        "can_read": can_read,
        "can_process": has_capability(user, Capability.PROCESS_PRODUCT_APPLICATION),
        "applications": list(selectors.applications_for_staff(user).filter(person=person)
                             .select_related("related_application__product")[:50]) if can_read else [],
        "issued": list(selectors.issued_products_for(person)),
        "right_events": events,
        "lifted": {e.lifts_id for e in events if e.lifts_id},
        "right_state": selectors.right_state_of(person, events=events),
    }
