from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "opvangnet.capacity"
    verbose_name = _("Shelter and help")
