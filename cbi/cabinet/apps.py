from django.apps import AppConfig


class CabinetConfig(AppConfig):
    name = "cbi.cabinet"
    label = "cabinet"

    def ready(self) -> None:
        from cbi.letters import registry
        from cbi.registry.sections import provide_record_section

        from . import letters, selectors

        registry.register(*letters.KINDS)
        # The "Electronic cabinet" section of the person's record (cbi/registry/sections.py).
        provide_record_section("cabinet", "cabinet/_staff_person_section.html",
                               lambda user, person: {"cabinet": selectors.staff_person_section(user, person)})
