from __future__ import annotations

from django import template
from django.template.defaultfilters import filesizeformat

from .. import selectors

register = template.Library()


@register.simple_tag
def person_documents(person) -> list[dict]:
    """The person's current files with their older versions (for the record page and the cabinet)."""
    return selectors.documents_with_versions(person)


@register.filter
def file_size(size: int) -> str:
    return filesizeformat(size)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
