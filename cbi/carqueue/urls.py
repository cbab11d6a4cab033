from django.urls import path

from . import views

app_name = "carqueue"
urlpatterns = [
    path("settings/", views.settings_page, name="settings"),
    path("settings/change/", views.settings_edit, name="settings_edit"),
    path("what-if/", views.what_if, name="what_if"),
]
