"""``{% absolute_url "cabinet:confirm_email" token=token %}``: an absolute link for e-mails,
from ``SITE_URL`` (cbi.web.links)."""

from django import template

from cbi.web.links import absolute_url as _absolute_url

register = template.Library()


@register.simple_tag
def absolute_url(path_or_name: str, *args, **kwargs) -> str:
    return _absolute_url(path_or_name, *args, **kwargs)
