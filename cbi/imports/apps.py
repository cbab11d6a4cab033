from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "cbi.imports"
    label = "imports"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the background import the services enqueue)
