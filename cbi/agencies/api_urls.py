from django.urls import path

from . import api

app_name = "agencies_api"

urlpatterns = [
    path("registry/sync/search", api.search, name="search"),
    path("registry/subscribe", api.subscribe, name="subscribe"),
    path("openapi.json", api.openapi_json, name="openapi"),
]
