from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("display/", views.set_display, name="display"),
    path("display/keep/", views.switch_keeping_values, name="switch"),
]
