"""Turning database rows into the plain records of the matching core, and its answers back into rows."""

from __future__ import annotations

from typing import Any

from opvangnet import vocabulary
from opvangnet.placement import engine
from opvangnet.placement.models import PlacementRequest
from opvangnet.regions.models import Region


def region_points() -> dict[str, engine.RegionPoint]:
    """Every region with a known centre, as the engine wants it. One query."""
    return {
        code: engine.RegionPoint(x=float(longitude or 0), y=float(latitude or 0))
        for code, longitude, latitude in Region.objects.filter(
            longitude__isnull=False, latitude__isnull=False
        ).values_list("code", "longitude", "latitude")
    }


def request_record(data: dict[str, Any] | PlacementRequest, request_id: str = "R") -> engine.Request:
    """A request from a saved PlacementRequest or from the intake form's cleaned data."""
    if isinstance(data, PlacementRequest):
        request_id = data.client_code
        values: dict[str, Any] = {
            "care_type": data.care_type,
            "exploitation": data.exploitation,
            "gender": data.gender,
            "age": data.age,
            "with_children": data.with_children,
            "needs": data.needs,
            "languages": data.languages,
            "security": data.security,
            "home_region": data.region.code,
            "avoid_regions": data.avoid_regions,
            "urgency": data.urgency,
            "priority": data.priority,
            "b8_status": data.b8_status,
        }
    else:
        values = data
    return engine.Request(
        id=request_id,
        care_type=values["care_type"],
        exploitation=frozenset(values["exploitation"]),
        gender=values["gender"],
        age=values["age"],
        with_children=values.get("with_children") or 0,
        needs=frozenset(values.get("needs") or []),
        languages=frozenset(values.get("languages") or []),
        security=values.get("security") or "standard",
        home_region=values["home_region"],
        avoid_regions=frozenset(values.get("avoid_regions") or []),
        urgency=values.get("urgency") or "week",
        priority=values.get("priority") or 0,
        admission_routes=frozenset(vocabulary.admission_routes(values.get("b8_status") or "")),
    )
