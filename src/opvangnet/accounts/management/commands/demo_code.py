from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from opvangnet.accounts.demo import current_demo_code


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo logins (demo only; refused in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("There are no demo logins in production.")
        self.stdout.write(current_demo_code())
