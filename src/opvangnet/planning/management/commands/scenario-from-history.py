import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opvangnet.planning.history import REPLICATIONS, Period, estimate


class Command(BaseCommand):
    help = (
        "Estimate a simulate/plan input from the placement history and today's offers: arrivals per region, "
        "care type and target group (unmet demand included), stays, onward shares. See docs/cli.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="first", required=True, help="first month, e.g. 2025-01")
        parser.add_argument("--to", dest="last", required=True, help="last month, e.g. 2025-12")
        parser.add_argument("--output", required=True, help="JSON file to write, or - for stdout")
        parser.add_argument("--replications", type=int, default=REPLICATIONS)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = Period.from_months(options["first"], options["last"])
        except ValueError as error:
            raise CommandError(str(error), returncode=2) from error
        data = estimate(period, replications=options["replications"], seed=options["seed"])
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if options["output"] == "-":
            self.stdout.write(text)
            return
        Path(options["output"]).write_text(text + "\n", encoding="utf-8")
        self.stderr.write(
            f"{len(data['streams'])} streams, {len(data['pools'])} pools from "
            f"{data['source']['requests']} requests: {options['output']}"
        )
