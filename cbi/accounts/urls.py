from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.staff_login, name="staff_login"),
    path("login/code/", views.staff_login_code, name="staff_login_code"),
    path("login/setup/", views.staff_totp_setup, name="staff_totp_setup"),
    path("logout/", views.staff_logout, name="staff_logout"),
    path("", views.staff_home, name="staff_home"),
]
