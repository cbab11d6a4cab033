from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cbi.notifications"
    label = "notifications"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the background jobs the services enqueue)
