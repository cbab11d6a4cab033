from django.apps import AppConfig


class CarqueueConfig(AppConfig):
    name = "cbi.carqueue"
    label = "carqueue"
    verbose_name = "Car queue (Resolution 999)"
