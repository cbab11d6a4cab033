"""/staff/car-queue/: one namespace ("carqueue") over the concepts' own routes
(docs/architecture.md, "The car queue")."""

from .decisions import urls as decisions_urls
from .intake import urls as intake_urls
from .queue import urls as queue_urls
from .settings import urls as settings_urls

app_name = "carqueue"
urlpatterns: list = [
    *settings_urls.urlpatterns,
    *intake_urls.urlpatterns,
    *queue_urls.urlpatterns,
    *decisions_urls.urlpatterns,
]
