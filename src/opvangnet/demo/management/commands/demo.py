from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from opvangnet.accounts.demo import DemoLogin, describe_logins
from opvangnet.accounts.models import User
from opvangnet.core.env import env_str
from opvangnet.core.ports import DEFAULT_BIND, port_in_use, port_in_use_message, with_port
from opvangnet.demo.seeding import database_is_empty, seed_country


class Command(BaseCommand):
    help = "Migrate, load the demo data when the database is empty, print the logins and serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=env_str("OPVANGNET_BIND", DEFAULT_BIND),
            help="address:port to serve on (default: OPVANGNET_BIND, else 127.0.0.1:8000)",
        )
        parser.add_argument("--port", type=int, help="serve on this port (make run PORT=8124)")
        parser.add_argument("--no-serve", action="store_true", help="prepare the database and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo is not for production; use 'opvangnet serve'.")
        if options["port"]:
            options["bind"] = with_port(options["bind"], options["port"])
        # Before migrating and seeding: a second start says at once what is wrong.
        if not options["no_serve"] and port_in_use(options["bind"]):
            raise CommandError(port_in_use_message(options["bind"]))
        call_command("migrate", interactive=False, verbosity=0)
        if database_is_empty():
            self.stdout.write("Empty database: generating the demo country…")
            logins = seed_country().logins
        else:
            logins = self._existing_logins()
        self.stdout.write("\n" + describe_logins(logins))
        if not options["no_serve"]:
            self.stdout.write(f"\nOpvangnet: http://{options['bind']}/\n")
            call_command("serve", bind=options["bind"])

    def _existing_logins(self) -> list[DemoLogin]:
        names = [
            "zorgcoordinator",
            "aanbieder",
            "landelijk",
            "beleidsmaker",
            "beoordelaar",
            "ind",
            "beheerder",
            "beheerder2",
            "ketenpartner",
            "cosm",
            "omm",
            "mannenopvang",
            "gemeente",
            "koepel",
        ]
        users = User.objects.filter(username__in=names).select_related("region", "organisation")
        by_name = {user.username: user for user in users}
        return [
            DemoLogin(
                name,
                by_name[name].role_label,
                str(by_name[name].region or by_name[name].organisation or "landelijk"),
            )
            for name in names
            if name in by_name
        ]
