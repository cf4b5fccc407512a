from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "opvangnet.insights"
    label = "insights"
    verbose_name = "National picture"
