"""The map of the regions, drawn as SVG on the server: a tile-grid cartogram by default (every region one
equal square, placed near its real position), real boundaries when they have been loaded with
`opvangnet import-boundaries FILE`. Nothing is downloaded; no map tiles.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from html import escape
from typing import Any

from django.db import transaction

from opvangnet.core.charts import PALETTE
from opvangnet.regions.models import Region

# Light to dark, readable with black text on the lighter half and white on the darker.
SCALE = ("#f1eef6", "#d0d1e6", "#a6bddb", "#74a9cf", "#2b8cbe", "#045a8d")
NO_VALUE = "#e0e0e0"
GRID_COLUMNS, GRID_ROWS = 8, 8
TILE = 56


@lru_cache(maxsize=4)
def tile_grid(points: tuple[tuple[str, float, float], ...]) -> dict[str, tuple[int, int]]:
    """Assign each region (code, longitude, latitude) a free (column, row) of the grid so that the total
    squared distance to its scaled position is smallest (an exact assignment, OR-Tools)."""
    from ortools.graph.python import linear_sum_assignment

    if not points or len(points) > GRID_COLUMNS * GRID_ROWS:
        return {}
    lons = [p[1] for p in points]
    lats = [p[2] for p in points]
    cells = [(c, r) for r in range(GRID_ROWS) for c in range(GRID_COLUMNS)]
    solver = linear_sum_assignment.SimpleLinearSumAssignment()
    for i, (_code, lon, lat) in enumerate(points):
        x = (lon - min(lons)) / ((max(lons) - min(lons)) or 1) * (GRID_COLUMNS - 1)
        y = (max(lats) - lat) / ((max(lats) - min(lats)) or 1) * (GRID_ROWS - 1)
        for j, (column, row) in enumerate(cells):
            solver.add_arc_with_cost(i, j, round(((column - x) ** 2 + (row - y) ** 2) * 100))
    for i in range(len(points), len(cells)):  # empty tiles: the solver wants as many rows as columns
        for j in range(len(cells)):
            solver.add_arc_with_cost(i, j, 0)
    solver.solve()
    return {points[i][0]: cells[solver.right_mate(i)] for i in range(len(points))}


def colour_for(value: float | None, low: float, high: float) -> str:
    if value is None:
        return NO_VALUE
    share = 0.0 if high <= low else (value - low) / (high - low)
    return SCALE[min(len(SCALE) - 1, int(share * len(SCALE)))]


def _text_colour(fill: str) -> str:
    return "#ffffff" if fill in SCALE[3:] else "#000000"


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _legend(low: float, high: float, y: float, label: str) -> str:
    parts = [f'<text x="0" y="{y - 6}" font-size="11">{escape(label)}</text>']
    for index, colour in enumerate(SCALE):
        value = low + (high - low) * index / len(SCALE)
        parts.append(f'<rect x="{index * 60}" y="{y}" width="60" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{index * 60 + 2}" y="{y + 28}" font-size="10">{value:.3g}</text>')
    parts.append(f'<rect x="{len(SCALE) * 60 + 10}" y="{y}" width="14" height="14" fill="{NO_VALUE}"/>')
    parts.append(f'<text x="{len(SCALE) * 60 + 28}" y="{y + 11}" font-size="10">–</text>')
    return "".join(parts)


def tile_map(values: Mapping[str, float | None], names: Mapping[str, str], label: str) -> str:
    """The cartogram as a `data:image/svg+xml` URI, each tile coloured by its region's value."""
    points = tuple(
        (code, lon, lat)
        for code, lon, lat in Region.objects.order_by("code").values_list("code", "longitude", "latitude")
        if lon is not None and lat is not None
    )
    grid = tile_grid(points)
    known = [v for v in values.values() if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    parts = []
    for code, (column, row) in grid.items():
        fill = colour_for(values.get(code), low, high)
        x, y = column * TILE, row * TILE
        parts.append(
            f"<g><title>{escape(names.get(code, code))}</title>"
            f'<rect x="{x + 2}" y="{y + 2}" width="{TILE - 4}" height="{TILE - 4}" fill="{fill}" '
            'stroke="#586c88"/>'
            f'<text x="{x + TILE / 2}" y="{y + TILE / 2 + 4}" font-size="12" text-anchor="middle" '
            f'fill="{_text_colour(fill)}">{escape(code)}</text></g>'
        )
    height = GRID_ROWS * TILE
    parts.append(f'<g transform="translate(0,{height + 24})">{_legend(low, high, 0, label)}</g>')
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{GRID_COLUMNS * TILE}" height="{height + 70}" '
        f'viewBox="0 0 {max(GRID_COLUMNS * TILE, 400)} {height + 70}" font-family="sans-serif">'
        f"{''.join(parts)}</svg>"
    )
    return _data_uri(svg)


def boundary_map(values: Mapping[str, float | None], label: str) -> str | None:
    """The loaded boundaries as a `data:image/svg+xml` URI, or None when none are loaded."""
    from opvangnet.insights.models import RegionShape

    shapes = list(RegionShape.objects.values_list("region__code", "rings"))
    if not shapes:
        return None
    all_points = [point for _code, rings in shapes for ring in rings for point in ring]
    lons = [p[0] for p in all_points]
    lats = [p[1] for p in all_points]
    squash = math.cos(math.radians((min(lats) + max(lats)) / 2))
    width = 440.0
    scale = width / (((max(lons) - min(lons)) * squash) or 1)
    height = (max(lats) - min(lats)) * scale

    def project(point: Sequence[float]) -> str:
        return f"{(point[0] - min(lons)) * squash * scale:.1f},{(max(lats) - point[1]) * scale:.1f}"

    known = [v for v in values.values() if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    parts = []
    for code, rings in shapes:
        path = " ".join("M" + " L".join(project(p) for p in ring) + " Z" for ring in rings if len(ring) > 2)
        fill = colour_for(values.get(code), low, high)
        parts.append(
            f'<path d="{path}" fill="{fill}" fill-rule="evenodd" stroke="#586c88" stroke-width="0.5">'
            f"<title>{escape(code)}</title></path>"
        )
    parts.append(f'<g transform="translate(0,{height + 24:.0f})">{_legend(low, high, 0, label)}</g>')
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height + 70:.0f}" '
        f'viewBox="0 0 {max(width, 400):.0f} {height + 70:.0f}" font-family="sans-serif">'
        f"{''.join(parts)}</svg>"
    )
    return _data_uri(svg)


# --- loading boundaries -------------------------------------------------------------------------------------


def simplify(ring: Sequence[Sequence[float]], tolerance: float) -> list[list[float]]:
    """Douglas–Peucker simplification of one ring (degrees); keeps the first and last point."""
    points = [[float(p[0]), float(p[1])] for p in ring]
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        best, index = 0.0, first
        for i in range(first + 1, last):
            x, y = points[i]
            distance = (
                abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / length
                if length
                else math.hypot(x - x1, y - y1)
            )
            if distance > best:
                best, index = distance, i
        if best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


class BoundaryError(ValueError):
    pass


def _rings(geometry: Mapping[str, Any]) -> Iterable[Sequence[Sequence[float]]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        yield from geometry["coordinates"]
    elif kind == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon
    else:
        raise BoundaryError(f"geometry type {kind!r} is not a polygon")


def import_boundaries(
    data: Mapping[str, Any], *, tolerance: float = 0.002, code_property: str | None = None
) -> int:
    """Replace the stored shapes with the features of a GeoJSON FeatureCollection (WGS84). A feature belongs
    to a care region through a property holding the region code (VO04) or a municipality code (GM0363).
    Returns the number of shapes stored; raises BoundaryError naming what is wrong (and stores nothing)."""
    from opvangnet.insights.models import RegionShape
    from opvangnet.regions.models import Municipality

    if data.get("type") != "FeatureCollection":
        raise BoundaryError("the file is not a GeoJSON FeatureCollection")
    regions = dict(Region.objects.values_list("code", "pk"))
    municipalities = dict(Municipality.objects.values_list("cbs_code", "region_id"))
    shapes = []
    for number, feature in enumerate(data.get("features") or [], start=1):
        properties = feature.get("properties") or {}
        candidates = [properties.get(code_property)] if code_property else list(properties.values())
        region_id = None
        code = ""
        for value in candidates:
            text = str(value or "").strip().upper()
            if text in regions:
                region_id, code = regions[text], text
                break
            if text in municipalities:
                region_id, code = municipalities[text], text
                break
        if region_id is None:
            raise BoundaryError(f"feature {number}: no property names a known region or municipality code")
        rings = [simplify(ring, tolerance) for ring in _rings(feature.get("geometry") or {})]
        shapes.append(RegionShape(region_id=region_id, code=code, rings=[r for r in rings if len(r) > 2]))
    if not shapes:
        raise BoundaryError("the file has no features")
    with transaction.atomic():
        RegionShape.objects.all().delete()
        RegionShape.objects.bulk_create(shapes)
    return len(shapes)


def load_geojson(path: str) -> Mapping[str, Any]:
    with open(path, encoding="utf-8") as handle:
        try:
            return json.load(handle)
        except json.JSONDecodeError as error:
            raise BoundaryError(f"not valid JSON: {error}") from error


__all__ = ["PALETTE", "BoundaryError", "boundary_map", "import_boundaries", "simplify", "tile_map"]
