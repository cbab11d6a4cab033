"""The benchmark server's URLs (bench/settings.py): every URL of cbi/urls.py and a bare view.

The bare view answers a few bytes through the whole middleware stack (sessions, CSRF, OTP,
security headers, the request log and metrics) with no query of its own and no template: what
any page costs before its own work, the yardstick of the issue's "req/s vs bare view".
"""

from django.http import HttpResponse
from django.urls import path

from cbi.urls import urlpatterns as _pages

BARE_PATH = "/bench/bare/"


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path(BARE_PATH.strip("/") + "/", bare, name="bench_bare"), *_pages]

from cbi.urls import handler500  # noqa: E402,F401  (the same error page as production)
