from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opvangnet.planning.plan import plan
from opvangnet.planning.simulate import ContractError

from ._planning_io import BAD_INPUT, add_arguments, progress_bar, read_input, to_json


class Command(BaseCommand):
    help = (
        "The fewest extra places per pool that meet every waiting-time target, from a JSON file (no "
        "database): Erlang C first, then simulation with common random numbers. See docs/cli.md."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        data = read_input(options["input"])
        try:
            with progress_bar("plan", not options["no_progress"]) as progress:
                result = plan(data, progress=progress)
        except ContractError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from error
        if options["json"]:
            self.stdout.write(to_json(result))
            return
        verdict = "every target met" if result["meets_targets"] else "some targets cannot be met"
        self.stdout.write(f"{sum(result['extra'].values())} extra places; {verdict}")
        for pool, count in result["extra"].items():
            self.stdout.write(f"  {pool:<28} +{count} (Erlang C: +{result['analytic'].get(pool, 0)})")
        for target in result["failed_targets"]:
            self.stdout.write(f"  failed: {target['stream']} within {target['within_days']:g} days")
        if result["cost_per_year"] is not None:
            self.stdout.write(f"cost per year: {result['cost_per_year']:,.0f}")
