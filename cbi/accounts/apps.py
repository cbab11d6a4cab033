from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cbi.accounts"
    label = "accounts"
