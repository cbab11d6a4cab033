from django.urls import path

from . import views

app_name = "carqueue"
urlpatterns = [
    path("settings/", views.settings_page, name="settings"),
    path("settings/change/", views.settings_edit, name="settings_edit"),
    path("what-if/", views.what_if, name="what_if"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/<str:pk>/", views.application_detail, name="application_detail"),
    path("applications/<str:pk>/referral-<str:which>.pdf", views.referral_pdf, name="referral_pdf"),
    path("applications/<str:pk>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("applications/<str:pk>/<slug:action>/", views.application_action, name="application_action"),
    path("deadlines/", views.deadline_report, name="deadline_report"),
]

# The queue itself (numbering, lists, allocation) and its decisions (removals,
# flags, restoration) live in their own modules.
from . import urls_queue, urls_removals  # noqa: E402

urlpatterns += urls_queue.urlpatterns + urls_removals.urlpatterns
