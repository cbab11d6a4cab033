from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cbi.web"
    label = "web"
