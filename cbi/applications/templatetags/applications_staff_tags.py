"""The "Assistive products" section of the person's record in the back office."""

from __future__ import annotations

from django import template


from .. import selectors

register = template.Library()


@register.inclusion_tag("applications/staff/_person_section.html", takes_context=True)
def staff_applications_section(context, person, section=None):
    """The section; ``section`` is what the view read (``applications.selectors.staff_person_section``)."""
    return {"person": person, **(section or selectors.staff_person_section(context["request"].user, person))}
