from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    name = "opvangnet.identification"
    verbose_name = _("Victim-status determination")

    def ready(self) -> None:
        from opvangnet.identification.services.placement_links import case_summary
        from opvangnet.placement import links

        links.register(case_summary)
