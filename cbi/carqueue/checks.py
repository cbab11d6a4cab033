from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def journal_key_configured(app_configs, **kwargs):
    """Production must chain the journal with its own key, never the published development key."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    key_id = settings.CBI_JOURNAL_KEY_ID
    if not key_id or key_id not in settings.CBI_JOURNAL_KEYS or key_id.startswith("dev-"):
        return [checks.Error("The car-queue journal has no key of its own in production.",
                             hint="Set CBI_JOURNAL_KEYS (or CBI_JOURNAL_KEY_FILE) and CBI_JOURNAL_KEY_ID; "
                                  "see docs/security.md.", id="carqueue.E001")]
    return []
