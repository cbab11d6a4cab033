from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "cbi.common"
    label = "common"
    verbose_name = "Record keeping"
