from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "cbi.applications"
    label = "applications"

    def ready(self) -> None:
        from cbi.letters import registry

        from . import letters

        registry.register(*letters.KINDS)
