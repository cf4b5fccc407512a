from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "opvangnet.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from opvangnet.accounts import schema, signals  # noqa: F401 - audit receivers, OpenAPI schemes
