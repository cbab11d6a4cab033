"""Template tags every template gets (a builtin, see ``TEMPLATES`` in settings).

``uk``: data from the database — names, addresses, product, office and territory
names, document titles — is Ukrainian whatever the interface language. On an
English page it is wrapped in ``<span lang="uk">`` so that screen readers switch
to a Ukrainian voice (WCAG 3.1.2 Language of Parts). On a Ukrainian page it is
left as it is. Use it in text only, never inside an attribute or ``<title>``.

``capture``: renders its content once, before the place where it is shown, so
the header can know what the page holds (base.html captures the main content to
learn whether it has a form whose typed values the display switches must keep).

``hyphenate``: soft hyphens at the syllables of long words in an HTML fragment
(``cbi.web.hyphenation``); base.html applies it to the main content once.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cbi.web.hyphenation import hyphenate_html

register = template.Library()


@register.filter
def uk(value):
    if value is None or value == "":
        return value
    language = (get_language() or "uk").split("-")[0]
    if language == "uk":
        return value
    return format_html('<span lang="uk">{}</span>', value)


@register.filter
def author(user):
    """Who made a change, named the same way in every history: the full name (or the login),
    marked as Ukrainian, or "the system" when no one did."""
    if not user:
        return _("the system")
    return uk(user.get_full_name() or user.username)


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        context[self.name] = mark_safe(self.nodelist.render(context))
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: render now, show later with ``{{ name }}``."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def localized(obj, field: str):
    """A catalogue entry's ``field`` in the page's language: the English text
    (``<field>_en``) on an English page when there is one, else the Ukrainian text,
    marked ``lang="uk"`` on an English page."""
    if obj is None:
        return ""
    if (get_language() or "uk").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return uk(getattr(obj, field))


@register.filter(is_safe=True)
def hyphenate(value):
    """Soft hyphens in the long words of safe HTML (see ``cbi.web.hyphenation``)."""
    return mark_safe(hyphenate_html(str(value)))
