"""The URL configuration as a list: every route by name (``namespace:name``; unnamed routes by
their pattern). One walker, read by the accessibility crawler (tests/browser/crawler.py), the
declared access rules (``cbi/accounts/route_access.py``, docs/access-rules.md) and their test:
nothing lists routes by hand, so a new route is either covered or a test names it."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for item in patterns:
        if isinstance(item, URLResolver):
            inner = namespace
            if item.namespace:
                inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
            yield from _walk(item.url_patterns, prefix + str(item.pattern), inner)
        elif isinstance(item, URLPattern):
            route = prefix + str(item.pattern)
            if item.name:
                yield (f"{namespace}:{item.name}" if namespace else item.name), route
            else:
                yield route, route


def route_inventory() -> dict[str, str]:
    """Every route of the URL configuration: {name: pattern}."""
    return dict(_walk(get_resolver().url_patterns))


def route_of(path: str) -> str | None:
    """The name of the route a path resolves to (its pattern when unnamed), or None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name if match.url_name else match.route
