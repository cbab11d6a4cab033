from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuplicatesConfig(AppConfig):
    name = "cbi.duplicates"
    verbose_name = _("suspected duplicates")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the background scan the services enqueue)
