from django.urls import path

from . import views

app_name = "primary"
urlpatterns = [
    path("", views.start, name="start"),
    path("check/", views.check, name="check"),
    path("done/", views.done, name="done"),
    path("save/", views.save, name="save"),
    path("continue/", views.resume, name="resume"),
    path("places/", views.places, name="places"),
    path("reopen/<str:signed>/", views.reopen, name="reopen"),
    path("review/", views.review_list, name="review_list"),
    path("review/<uuid:registration_id>/", views.review_detail, name="review_detail"),
    path("review/<uuid:registration_id>/accept/", views.review_accept, name="review_accept"),
    path("review/<uuid:registration_id>/return/", views.review_return, name="review_return"),
    path("<slug:slug>/", views.step, name="step"),
]
