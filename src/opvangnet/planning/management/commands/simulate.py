from typing import Any

from opvangnet.planning.simulate import simulate

from ._planning_io import CoreCommand, Progress


class Command(CoreCommand):
    help = (
        "Simulate the flow of people through shelter pools from a JSON file (no database): waiting, "
        "placement within N days and occupancy, with 95 %% confidence half-widths. See docs/cli.md."
    )
    core_name = "simulate"

    def compute(self, data: Any, progress: Progress | None) -> dict[str, Any]:
        return simulate(data, progress=progress)

    def write_table(self, result: dict[str, Any], options: dict[str, Any]) -> None:
        self.stdout.write(f"{'stream':<28} {'arrivals':>9} {'p_wait':>7} {'mean wait (d)':>14}")
        for name, row in result["streams"].items():
            self.stdout.write(
                f"{name:<28} {row['arrivals']:>9.1f} {row['p_wait']:>7.3f} "
                f"{row['mean_wait_days']:>8.2f} ± {row['mean_wait_days_ci']:.2f}"
            )
        self.stdout.write(f"\n{'pool':<28} {'places':>7} {'occupancy':>10}")
        for name, row in result["pools"].items():
            self.stdout.write(f"{name:<28} {row['capacity']:>7} {row['occupancy']:>10.3f}")
