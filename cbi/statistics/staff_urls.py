from django.urls import path, re_path

from . import staff_views

app_name = "dashboard"
urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    re_path(r"^(?P<slug>[a-z-]+)\.(?P<fmt>csv|xlsx)$", staff_views.download, name="download"),
]
