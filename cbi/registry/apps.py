from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "cbi.registry"
    label = "registry"
