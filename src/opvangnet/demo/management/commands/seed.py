from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from opvangnet.accounts.demo import describe_logins
from opvangnet.demo.seeding import seed_country


class Command(BaseCommand):
    help = "Generate a synthetic, realistic country (regions, organisations, locations, users) for demos."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=int, default=1, help="multiply the number of providers (10 for benchmarks)"
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed; the same seed gives the same data"
        )
        parser.add_argument("--replace", action="store_true", help="delete existing demo data first")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Refusing to create demo users with a published password in production.")
        try:
            result = seed_country(scale=options["scale"], seed=options["seed"], replace=options["replace"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        counts = f"{result.organisations} organisations, {result.locations} locations, {result.users} users"
        self.stdout.write(f"Created {counts}.")
        self.stdout.write(describe_logins(result.logins))
