from django.urls import path

from . import queue_views

urlpatterns: list = [
    path("queue/", queue_views.queue_list, name="queue_list"),
]
