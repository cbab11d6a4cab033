from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "cbi.help"
    label = "help"
