from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "opvangnet.core"
    verbose_name = "Core"
