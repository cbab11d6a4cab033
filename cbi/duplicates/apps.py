from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuplicatesConfig(AppConfig):
    name = "cbi.duplicates"
    verbose_name = _("suspected duplicates")

    def ready(self) -> None:
        from cbi.registry.marks import provide_merge_marks

        from . import selectors, tasks  # noqa: F401  (tasks registers the background scan the services enqueue)

        # The registry's pages mark a merged person without importing this app (cbi/registry/marks.py).
        provide_merge_marks(selectors.merge_marks)
