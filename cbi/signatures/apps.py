from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "cbi.signatures"
    label = "signatures"
