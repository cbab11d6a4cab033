from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "cbi.applications"
    label = "applications"

    def ready(self) -> None:
        from cbi.letters import registry
        from cbi.registry.sections import provide_record_section

        from . import letters, selectors

        registry.register(*letters.KINDS)
        # The "Assistive products" section of the person's record (cbi/registry/sections.py).
        provide_record_section("products", "applications/staff/_person_section.html", selectors.staff_person_section)
