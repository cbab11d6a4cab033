from django.apps import AppConfig


class CabinetConfig(AppConfig):
    name = "cbi.cabinet"
    label = "cabinet"
