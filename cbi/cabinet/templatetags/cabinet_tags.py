from __future__ import annotations

from django import template

from cbi.cabinet.selectors import staff_person_section

register = template.Library()


@register.inclusion_tag("cabinet/_staff_person_section.html", takes_context=True)
def staff_cabinet_section(context, person, section=None):
    """The section; ``section`` is what the view read (``cabinet.selectors.staff_person_section``)."""
    return {"person": person, "cabinet": section or staff_person_section(context["request"].user, person)}
