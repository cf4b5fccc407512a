from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "opvangnet.demo"
    verbose_name = "Demo data"
