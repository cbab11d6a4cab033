from __future__ import annotations

from django import template
from django.template.defaultfilters import filesizeformat


register = template.Library()


@register.filter
def file_size(size: int) -> str:
    return filesizeformat(size)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
