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

from . import team_views  # noqa: E402

urlpatterns += [
    path("team/", team_views.team, name="team"),
    path("team/new/", team_views.team_member_create, name="team_member_create"),
    path("team/<int:member_id>/", team_views.team_member, name="team_member"),
    path("team/<int:member_id>/<slug:action>/", team_views.team_member_action, name="team_member_action"),
]
