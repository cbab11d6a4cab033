from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "cbi.complaints"
    verbose_name = "Complaints (reconsideration of decisions)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cbi.letters import registry

        from . import letters

        registry.register(*letters.KINDS)
