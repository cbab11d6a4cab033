from django.apps import AppConfig


class CarqueueConfig(AppConfig):
    name = "cbi.carqueue"
    label = "carqueue"
    verbose_name = "Car queue (Resolution 999)"

    def ready(self):
        from cbi.letters import registry

        from . import checks  # noqa: F401 — registers the system checks
        from . import letters

        registry.register(*letters.KINDS)
