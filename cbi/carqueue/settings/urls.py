"""The rules settings (CQ-CFG) and the what-if page; included under /staff/car-queue/
(app_name "carqueue", see ``cbi.carqueue.urls``)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("settings/", views.settings_page, name="settings"),
    path("settings/change/", views.settings_edit, name="settings_edit"),
    path("what-if/", views.what_if, name="what_if"),
]
