from __future__ import annotations

from datetime import date

from django import template
from django.utils.translation import gettext as _

register = template.Library()

HIDDEN_FIELDS = {"id", "person"}


@register.filter
def summary_rows(instance) -> list[tuple[str, str]]:
    """Label/value pairs of a record's filled-in fields, in model order."""
    rows = []
    for field in instance._meta.concrete_fields:
        if field.name in HIDDEN_FIELDS:
            continue
        value = getattr(instance, field.name)
        if value in (None, "") and field.get_internal_type() != "BooleanField":
            if field.name == "valid_until" and hasattr(instance, "is_indefinite"):
                rows.append((field.verbose_name, _("indefinitely")))
            continue
        if field.choices:
            value = getattr(instance, f"get_{field.name}_display")()
        elif isinstance(value, bool):
            value = _("yes") if value else _("no")
        elif isinstance(value, date):
            value = value.strftime("%d.%m.%Y")
        rows.append((field.verbose_name, str(value)))
    return rows


@register.simple_tag(takes_context=True)
def record_section(context, section) -> str:
    """Render a section of the person's record that an app above the registry read for the view
    (``cbi.registry.sections``): only renders, never reads. Nothing when the app is not installed."""
    if section is None or section == "":
        return ""
    values = {"person": context.get("person"), "can_edit": context.get("can_edit"), **section.context}
    return context.template.engine.get_template(section.template).render(context.new(values))
