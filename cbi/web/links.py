"""Absolute links for e-mails, built from the configured ``SITE_URL`` (never from the request,
whose Host header a visitor controls). The one helper every e-mail uses."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def absolute_url(path_or_name: str, *args, **kwargs) -> str:
    """``absolute_url("cabinet:home")`` or ``absolute_url("/cabinet/")`` → ``https://…/cabinet/``.

    A string starting with "/" is a path; anything else is a URL name reversed with
    ``args``/``kwargs``. An already absolute address is returned as is."""
    if path_or_name.startswith(("http://", "https://")):
        return path_or_name
    path = path_or_name if path_or_name.startswith("/") else reverse(path_or_name, args=args or None,
                                                                     kwargs=kwargs or None)
    return site_url() + path
