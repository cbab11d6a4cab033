"""The HTTP API under /api/v1/ (django-ninja; OpenAPI at /api/v1/openapi.json).

Each app keeps its schemas and endpoints in its own ``api.py`` and exposes a
``router``; this module only mounts them.
"""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="ЦБІ API",
    version="1",
    description="Registry, electronic cabinet and car queue of the social protection bodies of Ukraine.",
    urls_namespace="api",
)

from cbi.carqueue.api import router as carqueue_router  # noqa: E402

api.add_router("/car-queue/", carqueue_router)
