from django.urls import path

from . import mock_idgovua, views

app_name = "signatures"
urlpatterns = [
    path("kep/", views.kep, name="kep"),
    path("kep/check-file/", views.kep_check_file, name="kep_check_file"),
    path("idgovua/start/", views.idgovua_start, name="idgovua_start"),
    path("idgovua/callback/", views.idgovua_callback, name="idgovua_callback"),
    path("verified/", views.verified, name="verified"),
    # The local mock of id.gov.ua (404 unless IDGOVUA_MOCK is on).
    path("mock-idgovua/authorize/", mock_idgovua.authorize, name="mock_idgovua_authorize"),
    path("mock-idgovua/get-access-token/", mock_idgovua.token, name="mock_idgovua_token"),
    path("mock-idgovua/get-user-info/", mock_idgovua.user_info, name="mock_idgovua_user_info"),
]
