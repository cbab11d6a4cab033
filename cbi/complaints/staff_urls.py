from django.urls import path

from . import views

app_name = "complaints_staff"
urlpatterns = [
    path("", views.work_list, name="list"),
    path("<uuid:pk>/", views.staff_detail, name="detail"),
    path("<uuid:pk>/letter.pdf", views.staff_letter, name="letter"),
]
