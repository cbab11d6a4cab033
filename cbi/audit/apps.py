from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cbi.audit"
    label = "audit"
