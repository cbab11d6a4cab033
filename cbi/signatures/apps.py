from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "cbi.signatures"
    label = "signatures"

    def ready(self) -> None:
        from . import checks  # noqa: F401 — registers the system checks
