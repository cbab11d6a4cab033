from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cbi.demo"
    label = "demo"
