from django.urls import path

from . import staff_views as views

app_name = "applications_staff"
urlpatterns = [
    path("", views.work_list, name="work_list"),
    path("surveys/", views.surveys, name="surveys"),
    path("paper/<uuid:person_id>/", views.paper_new, name="paper_new"),
    path("persons/<uuid:person_id>/products/new/", views.record_issued, name="record_issued"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/act/<slug:action>/", views.act, name="act"),
    path("<uuid:pk>/branch/<slug:action>/", views.branch_act, name="branch_act"),
    path("<uuid:pk>/referral/new/", views.referral_new, name="referral_new"),
    path("<uuid:pk>/referral/<int:referral_id>/cancel/", views.referral_cancel, name="referral_cancel"),
    path("referrals/", views.referral_monitor, name="referral_monitor"),
    path("<uuid:pk>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("<uuid:pk>/right-decision.pdf", views.right_letter_pdf, name="right_letter_pdf"),
    path("persons/<uuid:person_id>/right/", views.right_new, name="right_new"),
    path("persons/<uuid:person_id>/right/<int:event_id>/lift/", views.right_lift, name="right_lift"),
]
