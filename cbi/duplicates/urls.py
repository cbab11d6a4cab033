from django.urls import path

from . import views

app_name = "duplicates"
urlpatterns = [
    path("", views.work_list, name="list"),
    path("<uuid:pk>/", views.pair, name="pair"),
    path("<uuid:pk>/not-duplicate/", views.dismiss, name="dismiss"),
    path("<uuid:pk>/merge/", views.merge, name="merge"),
    path("merges/", views.merges, name="merges"),
    path("merges/<uuid:pk>/", views.merge_detail, name="merge_detail"),
]
