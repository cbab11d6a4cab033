from django.apps import AppConfig


class CabinetConfig(AppConfig):
    name = "cbi.cabinet"
    label = "cabinet"

    def ready(self) -> None:
        from cbi.letters import registry

        from . import letters

        registry.register(*letters.KINDS)
