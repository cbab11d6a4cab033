"""Queue decisions (CQ-RM-1..5) and the allocation of cars (CQ-CAT-3, item 41);
included under /staff/car-queue/ (app_name "carqueue", see ``cbi.carqueue.urls``)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("removals/", views.removal_list, name="removal_list"),
    path("removals/<int:pk>/confirm/", views.removal_confirm, name="removal_confirm"),
    path("removals/<int:pk>/dismiss/", views.removal_dismiss, name="removal_dismiss"),
    path("removals/<int:pk>/letter.pdf", views.removal_letter, name="removal_letter"),
    path("removals/entries/<int:pk>/", views.removal_entry, name="removal_entry"),
    path("removals/entries/<int:pk>/restore/", views.removal_restore, name="removal_restore"),
    path("removals/entries/<int:pk>/flags/<slug:code>/clear/", views.removal_clear_flag, name="removal_clear_flag"),
    path("allocation/", views.allocation_list, name="allocation_list"),
    path("allocation/new/", views.allocation_new, name="allocation_new"),
    path("allocation/humanitarian/", views.allocation_humanitarian, name="allocation_humanitarian"),
    path("allocation/<int:pk>/", views.allocation_detail, name="allocation_detail"),
    path("allocation/offers/<int:pk>/<slug:answer>/", views.allocation_answer, name="allocation_answer"),
]
