from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cbi.notifications"
    label = "notifications"
