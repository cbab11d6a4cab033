from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "cbi.catalogue"
    label = "catalogue"
