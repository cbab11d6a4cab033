from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.person_create, name="person_create"),
    path("territories/", views.territory_suggestions, name="territory_suggestions"),
    path("<uuid:person_id>/", views.person_detail, name="person_detail"),
    path("<uuid:person_id>/edit/", views.person_edit, name="person_edit"),
    path("<uuid:person_id>/history/", views.person_history, name="person_history"),
    path("<uuid:person_id>/<slug:part>/new/", views.person_part, name="person_part_create"),
    path("<uuid:person_id>/<slug:part>/<int:pk>/edit/", views.person_part, name="person_part_edit"),
]
