"""The officers' queue list; included under /staff/car-queue/ (app_name "carqueue",
see ``cbi.carqueue.urls``)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("queue/", views.queue_list, name="queue_list"),
]
