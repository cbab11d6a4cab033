from django.urls import path

from . import views

app_name = "agencies"

urlpatterns = [
    path("", views.consents, name="consents"),
    path("purposes/<int:pk>/consent/", views.grant, name="grant"),
    path("consents/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
