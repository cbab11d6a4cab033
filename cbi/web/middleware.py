from __future__ import annotations


class SecurityHeadersMiddleware:
    """Headers Django does not set itself. Scripts and styles come only from
    our own static files; no inline script runs."""

    CSP = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class NoStoreMiddleware:
    """Personal pages are never kept by a browser or a proxy (``Cache-Control: no-store``).

    Safe by default: every response gets ``no-store``, except what an anonymous visitor reads
    on the public pages (home, catalogue, help and the accessibility statement), which carry
    nothing personal. Static files are served before this middleware and keep their own
    caching. A response that already says ``no-store`` is left as it is.
    """

    PUBLIC_PREFIXES = ("/catalogue/", "/help/")
    PUBLIC_PATHS = ("/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def is_public(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        path = request.path_info
        return path in self.PUBLIC_PATHS or path.startswith(self.PUBLIC_PREFIXES)

    def __call__(self, request):
        response = self.get_response(request)
        if "no-store" in response.get("Cache-Control", ""):
            return response
        if not self.is_public(request) or response.get("Content-Disposition", "").startswith("attachment"):
            response["Cache-Control"] = "no-store, private"
        return response
