from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "cbi.integrations"
    label = "integrations"
