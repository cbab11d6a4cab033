from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def mock_idgovua_not_in_production(app_configs, **kwargs):
    if getattr(settings, "IDGOVUA_MOCK", False) and getattr(settings, "PRODUCTION", False):
        return [checks.Error("IDGOVUA_MOCK is on in production: anyone could sign in as anyone.",
                             hint="Set IDGOVUA_MOCK=False and configure IDGOVUA_CLIENT_ID/SECRET.",
                             id="signatures.E001")]
    return []


@checks.register()
def trust_list_readable(app_configs, **kwargs):
    from pathlib import Path

    from . import trust

    errors = []
    for name, path in (("SIGNATURES_CA_BUNDLE", trust.ca_bundle_path()),
                       ("SIGNATURES_PROVIDERS_FILE", trust.providers_file_path())):
        if not Path(path).is_file():
            errors.append(checks.Error(f"{name}: {path} is not a file", id="signatures.E002"))
    return errors
