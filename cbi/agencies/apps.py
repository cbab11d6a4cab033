from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "cbi.agencies"
    label = "agencies"
    verbose_name = "Agencies"

    def ready(self) -> None:
        from . import receivers, tasks  # noqa: F401  (status-change receiver; background jobs)
