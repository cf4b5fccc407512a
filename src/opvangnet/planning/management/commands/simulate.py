from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opvangnet.planning.simulate import ContractError, simulate

from ._planning_io import BAD_INPUT, add_arguments, progress_bar, read_input, to_json


class Command(BaseCommand):
    help = (
        "Simulate the flow of people through shelter pools from a JSON file (no database): waiting, "
        "placement within N days and occupancy, with 95 %% confidence half-widths. See docs/cli.md."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        data = read_input(options["input"])
        try:
            with progress_bar("simulate", not options["no_progress"]) as progress:
                result = simulate(data, progress=progress)
        except ContractError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from error
        if options["json"]:
            self.stdout.write(to_json(result))
            return
        self.stdout.write(f"{'stream':<28} {'arrivals':>9} {'p_wait':>7} {'mean wait (d)':>14}")
        for name, row in result["streams"].items():
            self.stdout.write(
                f"{name:<28} {row['arrivals']:>9.1f} {row['p_wait']:>7.3f} "
                f"{row['mean_wait_days']:>8.2f} ± {row['mean_wait_days_ci']:.2f}"
            )
        self.stdout.write(f"\n{'pool':<28} {'places':>7} {'occupancy':>10}")
        for name, row in result["pools"].items():
            self.stdout.write(f"{name:<28} {row['capacity']:>7} {row['occupancy']:>10.3f}")
