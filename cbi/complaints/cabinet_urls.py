from django.urls import path

from . import views

app_name = "complaints_cabinet"
urlpatterns = [
    path("new/<slug:kind>/<str:subject_id>/", views.new, name="new"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/letter.pdf", views.letter, name="letter"),
]
