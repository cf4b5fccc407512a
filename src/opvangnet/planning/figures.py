"""Figures of a finished scenario for pages, comparisons and exports, from its stored input and result."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from opvangnet.vocabulary import CareType

if TYPE_CHECKING:
    from opvangnet.planning.models import Scenario

CARE_TYPES = (CareType.CRISIS, CareType.LONG_TERM, CareType.TRANSITIONAL)
DAYS_PER_YEAR = 365


@dataclass
class CareTypeFigures:
    care_type: str
    label: str
    arrivals_per_year: float = 0.0
    places: int = 0
    extra: int = 0
    cost_per_year: float = 0.0
    within_days: float | None = None
    within_share: float | None = None
    mean_wait_days: float | None = None
    occupancy: float | None = None


def simulation_output(scenario: Scenario) -> dict[str, Any]:
    """The `simulate` output inside a result, whichever kind of scenario made it."""
    result = scenario.result or {}
    return result.get("result", result) if scenario.kind == "plan" else result


def _target_days(model_input: dict[str, Any], care_type: str) -> float | None:
    streams = {s["id"]: s for s in model_input.get("streams", [])}
    days = [
        t["within_days"]
        for t in model_input.get("targets", [])
        if streams.get(t["stream"], {}).get("care_type") == care_type
    ]
    return min(days) if days else None


def by_care_type(scenario: Scenario) -> list[CareTypeFigures]:
    """Per care type: arrivals, places (after the plan), extra places, cost, share placed within the target's
    days, mean wait and occupancy; waits and shares weighted by arrivals, occupancy by places."""
    model_input = scenario.model_input or {}
    output = simulation_output(scenario)
    extra = (scenario.result or {}).get("extra", {}) if scenario.kind == "plan" else {}
    cost = model_input.get("cost_per_place_day") or {}
    rows = {c: CareTypeFigures(str(c), str(CareType(c).label)) for c in CARE_TYPES}
    weights: dict[str, float] = defaultdict(float)
    occupied: dict[str, float] = defaultdict(float)
    shares: dict[str, float] = defaultdict(float)
    waits: dict[str, float] = defaultdict(float)
    for pool in model_input.get("pools", []):
        row = rows.get(pool["care_type"])
        if row is None:
            continue
        added = int(extra.get(pool["id"], 0))
        row.places += int(pool["capacity"]) + added
        row.extra += added
        row.cost_per_year += added * float(cost.get(pool["care_type"], 0)) * DAYS_PER_YEAR
        occupied[row.care_type] += float(
            output.get("pools", {}).get(pool["id"], {}).get("mean_occupied", 0.0)
        )
    for stream in model_input.get("streams", []):
        row = rows.get(stream.get("care_type", ""))
        figures = output.get("streams", {}).get(stream["id"])
        if row is None or figures is None:
            continue
        arrivals = float(figures["arrivals"])
        span = (model_input["horizon_days"] - model_input["warmup_days"]) / DAYS_PER_YEAR
        row.arrivals_per_year += arrivals / span
        weights[row.care_type] += arrivals
        days = _target_days(model_input, row.care_type)
        row.within_days = days
        if days is not None:
            shares[row.care_type] += arrivals * float(figures["p_placed_within"].get(f"{days:g}", 0.0))
        waits[row.care_type] += arrivals * float(figures["mean_wait_days"])
    for care_type, row in rows.items():
        total = weights[care_type]
        if total > 0:
            row.within_share = shares[care_type] / total if row.within_days is not None else None
            row.mean_wait_days = waits[care_type] / total
        row.occupancy = occupied[care_type] / row.places if row.places else None
    return list(rows.values())


def by_pool(scenario: Scenario) -> list[dict[str, Any]]:
    """One row per pool: region, care type, group, places today, extra, places needed, occupancy."""
    model_input = scenario.model_input or {}
    output = simulation_output(scenario)
    extra = (scenario.result or {}).get("extra", {}) if scenario.kind == "plan" else {}
    rows = []
    for pool in model_input.get("pools", []):
        figures = output.get("pools", {}).get(pool["id"], {})
        added = int(extra.get(pool["id"], 0))
        rows.append(
            {
                "pool": pool["id"],
                "region": pool["region"],
                "care_type": pool["care_type"],
                "care_type_label": str(CareType(pool["care_type"]).label),
                "group": (pool.get("groups") or ["all"])[0],
                "places": int(pool["capacity"]),
                "extra": added,
                "needed": int(pool["capacity"]) + added,
                "occupancy": figures.get("occupancy"),
                "mean_occupied": figures.get("mean_occupied"),
            }
        )
    return rows


def by_stream(scenario: Scenario) -> list[dict[str, Any]]:
    model_input = scenario.model_input or {}
    output = simulation_output(scenario)
    rows = []
    for stream in model_input.get("streams", []):
        figures = output.get("streams", {}).get(stream["id"])
        if figures is None:
            continue
        rows.append(
            {
                "stream": stream["id"],
                "region": stream["region"],
                "care_type": stream.get("care_type", ""),
                "group": stream.get("group", ""),
                "arrivals_per_day": stream["arrivals_per_day"],
                "arrivals": figures["arrivals"],
                "p_wait": figures["p_wait"],
                "mean_wait_days": figures["mean_wait_days"],
                "mean_wait_days_ci": figures["mean_wait_days_ci"],
                **{f"within_{k}": v for k, v in figures["p_placed_within"].items()},
            }
        )
    return rows


def extra_by_region(scenario: Scenario) -> dict[str, dict[str, int]]:
    """Extra places per region and care type (plan scenarios), regions with none left out."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in by_pool(scenario):
        if row["extra"]:
            out[row["region"]][row["care_type"]] += row["extra"]
    return {region: dict(values) for region, values in sorted(out.items())}


def summarise(scenario: Scenario) -> dict[str, Any]:
    rows = by_care_type(scenario)
    result = scenario.result or {}
    return {
        "care_types": rows,
        "extra": sum(r.extra for r in rows),
        "cost_per_year": sum(r.cost_per_year for r in rows),
        "meets_targets": result.get("meets_targets") if scenario.kind == "plan" else None,
        "sensitivity": result.get("sensitivity", {}) if scenario.kind == "plan" else {},
    }
