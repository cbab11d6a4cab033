from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [path("access-log/", views.access_log, name="access_log")]
