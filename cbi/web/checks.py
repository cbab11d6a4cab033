"""System checks of the web layer."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def site_url_is_https(app_configs, **kwargs):
    """E-mail links are built from SITE_URL: in production it must be the public https address."""
    parts = urlsplit(getattr(settings, "SITE_URL", "") or "")
    if parts.scheme != "https" or not parts.netloc:
        return [checks.Warning(
            "SITE_URL is not an https:// address; links in e-mails would point to an insecure or wrong site.",
            hint="Set SITE_URL to the public address of the service, e.g. https://cbi.example.gov.ua.",
            id="web.W001")]
    return []
