"""Car applications, their letters and the deadline report; included under
/staff/car-queue/ (app_name "carqueue", see ``cbi.carqueue.urls``)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/<str:pk>/", views.application_detail, name="application_detail"),
    path("applications/<str:pk>/referral-<str:which>.pdf", views.referral_pdf, name="referral_pdf"),
    path("applications/<str:pk>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("applications/<str:pk>/<slug:action>/", views.application_action, name="application_action"),
    path("deadlines/", views.deadline_report, name="deadline_report"),
]
