from django.urls import path, re_path

from . import views

app_name = "statistics"
urlpatterns = [
    path("statistics/", views.waiting_times, name="waiting_times"),
    path("statistics/car-queue/", views.car_queue, name="car_queue"),
    path("open-data/", views.open_data, name="open_data"),
    re_path(r"^open-data/(?P<name>[a-z-]+)\.(?P<fmt>csv|json)$", views.dataset, name="dataset"),
]
