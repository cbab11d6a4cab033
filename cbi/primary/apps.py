from django.apps import AppConfig


class PrimaryConfig(AppConfig):
    name = "cbi.primary"
    label = "primary"
