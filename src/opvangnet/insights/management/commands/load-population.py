from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opvangnet.insights.population import DEFAULT_FILE, PopulationError, load_population


class Command(BaseCommand):
    help = "Load inhabitants per municipality (CSV: cbs_code,year,inhabitants) for requests per 100,000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = load_population(options["file"])
        except (OSError, PopulationError) as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(f"Loaded {count} rows.")
