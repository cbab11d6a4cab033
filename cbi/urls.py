from django.urls import include, path
from django.views.i18n import set_language

from cbi.api.urls import api
from cbi.web.observability import metrics
from cbi.web.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("api/agencies/", include("cbi.agencies.api_urls")),
    path("staff/car-queue/", include("cbi.carqueue.urls")),
    path("signatures/", include("cbi.signatures.urls")),
    path("documents/", include("cbi.documents.urls")),
    path("primary-registration/", include("cbi.primary.urls")),
    path("help/", include("cbi.help.urls")),
    path("catalogue/", include("cbi.catalogue.urls")),
    path("staff/catalogue/", include("cbi.catalogue.staff_urls")),
    path("cabinet/applications/", include("cbi.applications.cabinet_urls")),
    path("staff/applications/", include("cbi.applications.staff_urls")),
    path("enterprise/referrals/", include("cbi.applications.enterprise_urls")),
    path("cabinet/complaints/", include("cbi.complaints.cabinet_urls")),
    path("cabinet/agencies/", include("cbi.agencies.cabinet_urls")),
    path("staff/complaints/", include("cbi.complaints.staff_urls")),
    path("cabinet/", include("cbi.cabinet.urls")),
    path("notifications/", include("cbi.notifications.urls")),
    path("staff/persons/", include("cbi.registry.urls")),
    path("staff/import/", include("cbi.imports.urls")),
    path("staff/duplicates/", include("cbi.duplicates.urls")),
    path("staff/audit/", include("cbi.audit.urls")),
    path("staff/dashboard/", include("cbi.statistics.staff_urls")),
    path("staff/", include("cbi.accounts.urls")),
    path("", include("cbi.statistics.urls")),
    path("", include("cbi.web.urls")),
]

# Every uncaught error; a database that does not answer gives a 503 with Retry-After.
handler500 = "cbi.web.errors.server_error"
