from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "cbi.applications"
    label = "applications"
