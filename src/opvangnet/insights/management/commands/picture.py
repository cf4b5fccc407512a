"""`opvangnet picture --period 2025 --by region,care_type --json [--suppressed]` (see docs/cli.md)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opvangnet.core.periods import PeriodError, parse_period
from opvangnet.insights.api import parse_by
from opvangnet.insights.publish import BreakdownError, picture


class Command(BaseCommand):
    help = "Print the national picture for a whole period, exact or as a policy maker sees it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period", required=True, help="2025, 2025-Q3, 2025-07 or a range such as 2025-01..2025-06"
        )
        parser.add_argument("--by", default="", help="comma-separated breakdowns, e.g. region,care_type")
        parser.add_argument("--json", action="store_true", help="print JSON (the only output for now)")
        parser.add_argument("--suppressed", action="store_true", help="as a policy maker sees it")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except PeriodError as error:
            raise CommandError(f"period: {error}", returncode=2) from error
        try:
            result = picture(period, parse_by(options["by"]), suppressed=options["suppressed"])
        except BreakdownError as error:
            raise CommandError(f"by: {error}", returncode=2) from error
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        totals = result["total"]
        self.stdout.write(f"{result['period']}: " + ", ".join(f"{k} {v}" for k, v in totals.items()))
        for row in result["rows"]:
            keys = " ".join(str(row[d]) for d in result["by"])
            self.stdout.write(
                f"  {keys}: requests {row['requests']}, placed {row['placed']}, unmet {row['unmet']}"
            )
