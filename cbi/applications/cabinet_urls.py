from django.urls import path

from . import cabinet_views as views

app_name = "applications_cabinet"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.new, name="new"),
    path("products/", views.my_products, name="my_products"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/step/<slug:step>/", views.step, name="step"),
    path("<uuid:pk>/check/", views.check, name="check"),
    path("<uuid:pk>/submitted/", views.submitted, name="submitted"),
    path("<uuid:pk>/discard/", views.discard, name="discard"),
    path("<uuid:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:pk>/provide-information/", views.provide_information, name="provide_information"),
    path("<uuid:pk>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("<uuid:pk>/right-decision.pdf", views.right_letter_pdf, name="right_letter_pdf"),
    path("<uuid:pk>/survey/", views.survey, name="survey"),
    path("<uuid:pk>/enterprise/", views.enterprise, name="enterprise"),
]
