from django.urls import path

from . import enterprise_views as views

app_name = "referrals_enterprise"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
