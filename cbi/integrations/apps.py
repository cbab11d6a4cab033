from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "cbi.integrations"
    label = "integrations"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the background jobs the services enqueue)
