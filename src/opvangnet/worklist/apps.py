from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorklistConfig(AppConfig):
    name = "opvangnet.worklist"
    verbose_name = _("Work list")
