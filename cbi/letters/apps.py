from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "cbi.letters"
    verbose_name = "Letters"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from . import kinds, registry

        registry.register(*kinds.KINDS)
