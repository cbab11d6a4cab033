from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "cbi.organizations"
    label = "organizations"
