from typing import Any

from opvangnet.planning.plan import plan

from ._planning_io import CoreCommand, Progress


class Command(CoreCommand):
    help = (
        "The fewest extra places per pool that meet every waiting-time target, from a JSON file (no "
        "database): Erlang C first, then simulation with common random numbers. See docs/cli.md."
    )
    core_name = "plan"

    def compute(self, data: Any, progress: Progress | None) -> dict[str, Any]:
        return plan(data, progress=progress)

    def write_table(self, result: dict[str, Any], options: dict[str, Any]) -> None:
        verdict = "every target met" if result["meets_targets"] else "some targets cannot be met"
        self.stdout.write(f"{sum(result['extra'].values())} extra places; {verdict}")
        for pool, count in result["extra"].items():
            self.stdout.write(f"  {pool:<28} +{count} (Erlang C: +{result['analytic'].get(pool, 0)})")
        for target in result["failed_targets"]:
            self.stdout.write(f"  failed: {target['stream']} within {target['within_days']:g} days")
        if result["cost_per_year"] is not None:
            self.stdout.write(f"cost per year: {result['cost_per_year']:,.0f}")
