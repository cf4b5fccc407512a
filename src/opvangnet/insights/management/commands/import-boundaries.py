"""`opvangnet import-boundaries FILE`: load region (or municipality) boundaries from a GeoJSON file."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opvangnet.insights.maps import BoundaryError, import_boundaries, load_geojson


class Command(BaseCommand):
    help = (
        "Load care-region or municipality boundaries (GeoJSON, WGS84) for the map; simplified on the way in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a GeoJSON FeatureCollection of polygons")
        parser.add_argument("--property", default=None, help="the property holding the region or CBS code")
        parser.add_argument("--tolerance", type=float, default=0.002, help="simplification in degrees")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = load_geojson(options["file"])
            count = import_boundaries(data, tolerance=options["tolerance"], code_property=options["property"])
        except (OSError, BoundaryError) as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(f"Stored {count} shapes.")
