from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cbi.documents"
    label = "documents"

    def ready(self) -> None:
        from cbi.registry.sections import provide_record_section

        from . import selectors

        # "Scans and photos of documents" on the person's record (cbi/registry/sections.py).
        provide_record_section("documents", "documents/_person_documents.html",
                               lambda user, person: {"files": selectors.documents_with_versions(person)})
