"""Loading inhabitants per municipality (CSV: cbs_code, year, inhabitants) for requests per 100,000."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from opvangnet.insights.models import Population
from opvangnet.regions.models import Municipality

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "population.csv"


class PopulationError(ValueError):
    pass


def load_population(path: Path | str = DEFAULT_FILE) -> int:
    """Replace the population of every year in the file; unknown municipality codes are refused with their
    line number, and nothing is stored then. Returns the number of rows."""
    municipalities = dict(Municipality.objects.values_list("cbs_code", "pk"))
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                code, year, inhabitants = row["cbs_code"].strip(), int(row["year"]), int(row["inhabitants"])
            except (KeyError, TypeError, ValueError) as error:
                raise PopulationError(f"line {line}: expected cbs_code, year, inhabitants") from error
            if code not in municipalities:
                raise PopulationError(f"line {line}: unknown municipality {code}")
            if inhabitants < 0:
                raise PopulationError(f"line {line}: inhabitants cannot be negative")
            rows.append(Population(municipality_id=municipalities[code], year=year, inhabitants=inhabitants))
    with transaction.atomic():
        Population.objects.filter(year__in={row.year for row in rows}).delete()
        Population.objects.bulk_create(rows)
    return len(rows)
