from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cbi.documents"
    label = "documents"
