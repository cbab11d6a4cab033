"""Letters need WeasyPrint and Debian's Pango: say so at start-up, not at the first letter."""

from __future__ import annotations

from django.core import checks


@checks.register()
def weasyprint_available(app_configs, **kwargs):
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        return [checks.Error(
            f"PDF letters cannot be made: WeasyPrint does not load ({error}).",
            hint="Run scripts/bootstrap.sh (it installs libpango-1.0-0, libpangoft2-1.0-0 and fonts-dejavu-core).",
            id="letters.E001")]
    return []
