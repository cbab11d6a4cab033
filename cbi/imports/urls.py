from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("template/", views.template, name="template"),
    path("<uuid:pk>/", views.job, name="job"),
    path("<uuid:pk>/report/", views.report, name="report"),
]
