"""What the planning pages show: today's estimate in brief, a scenario's figures and charts, comparisons
and the forecast. Reads only; charts are server-side SVG with the same numbers in a table beside them."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from opvangnet.core.charts import Series, bar_chart, line_chart
from opvangnet.planning import figures, forecast, history
from opvangnet.planning.forms import ScenarioForm
from opvangnet.planning.models import Scenario, ScenarioKind
from opvangnet.regions.models import Region
from opvangnet.vocabulary import CareType

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer

SUPPRESS_BELOW = 5


def initial_for(user: Viewer, from_pk: str | None) -> dict[str, Any]:
    """Form values: those of an earlier scenario the user may see (`?from=pk`), else the defaults."""
    if from_pk and from_pk.isdigit():
        earlier = Scenario.objects.visible_to(user).filter(pk=int(from_pk)).first()
        if earlier is not None:
            return ScenarioForm.initial_from(
                earlier.parameters, _("Copy of %(name)s") % {"name": earlier.name}
            )
    return {}


def estimate_summary(period: history.Period) -> dict[str, Any]:
    """Per care type: requests per year, places today, mean stay and the share moving on; a few queries."""
    counts = history.demand(period)
    places = history.places_today()
    data = history.estimate(period)
    stays = data["source"]["stays"]
    onward = data["source"]["onward_share"]
    rows = []
    for care_type in history.CHAIN:
        requests = sum(v for (_r, c, _g), v in counts.items() if c == care_type)
        rows.append(
            {
                "label": CareType(care_type).label,
                "requests_per_year": round(requests * 365 / period.days),
                "places": sum(v for (_r, c, _g), v in places.items() if c == care_type),
                "mean_stay": stays[str(care_type)]["mean"],
                "onward_share": round(100 * onward[str(care_type)]),
            }
        )
    return {"period": period, "rows": rows}


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def detail_context(scenario: Scenario) -> dict[str, Any]:
    if not scenario.result:
        return {}
    summary = figures.summarise(scenario)
    rows = summary["care_types"]
    labels = [str(r.label) for r in rows]
    context: dict[str, Any] = {
        "summary": summary,
        "regions": {r.code: r.name for r in Region.objects.all()},
        "share_chart": bar_chart(
            labels,
            [Series(_("Placed within the target's days (%)"), tuple(_percent(r.within_share) for r in rows))],
            value_label="%",
        ),
    }
    if scenario.kind == ScenarioKind.PLAN:
        by_region = figures.extra_by_region(scenario)
        region_names = {r.code: r.name for r in Region.objects.filter(code__in=list(by_region))}
        care_types = [str(c) for c in history.CHAIN]
        context["extra_rows"] = [
            {
                "region": region_names.get(code, code),
                "values": [values.get(c, 0) for c in care_types],
                "total": sum(values.values()),
            }
            for code, values in by_region.items()
        ]
        if by_region:
            context["extra_chart"] = bar_chart(
                [row["region"] for row in context["extra_rows"]],
                [
                    Series(
                        str(CareType(c).label), tuple(float(by_region[code].get(c, 0)) for code in by_region)
                    )
                    for c in care_types
                ],
                value_label=_("extra places"),
                horizontal=True,
                stacked=True,
            )
        context["sensitivity"] = _sensitivity_rows(scenario)
    return context


def _sensitivity_rows(scenario: Scenario) -> list[dict[str, Any]]:
    """Per demand variant (−20 %, +20 %): whether every target holds, and the lowest share achieved."""
    rows = []
    for label, variant in (scenario.result or {}).get("sensitivity", {}).items():
        targets = variant["targets"]
        failing = [t for t in targets if not t["met"]]
        rows.append(
            {
                "label": label,
                "meets": variant["meets_targets"],
                "failing": len(failing),
                "targets": len(targets),
            }
        )
    return rows


def comparison(scenarios: list[Scenario]) -> dict[str, Any]:
    """Side by side: per care type the share placed in time, places, extra places and cost per scenario."""
    if not scenarios:
        return {"scenarios": [], "rows": []}
    summaries = [figures.summarise(s) for s in scenarios]
    labels = [str(CareType(c).label) for c in history.CHAIN]
    names = [s.name for s in scenarios]
    metrics = [
        ("within_share", _("Placed within the target's days (%)"), _percent),
        ("mean_wait_days", _("Mean wait (days)"), lambda v: None if v is None else round(v, 1)),
        ("places", _("Places"), lambda v: v),
        ("extra", _("Extra places needed"), lambda v: v),
        ("occupancy", _("Occupancy (%)"), _percent),
    ]
    rows = []
    for index, label in enumerate(labels):
        for key, title, shape in metrics:
            rows.append(
                {
                    "care_type": label,
                    "metric": title,
                    "values": [shape(getattr(summary["care_types"][index], key)) for summary in summaries],
                }
            )
    totals = {
        "extra": [summary["extra"] for summary in summaries],
        "cost": [round(summary["cost_per_year"]) for summary in summaries],
    }
    return {
        "scenarios": scenarios,
        "names": names,
        "rows": rows,
        "totals": totals,
        "share_chart": bar_chart(
            labels,
            [
                Series(name, tuple(_percent(r.within_share) for r in summary["care_types"]))
                for name, summary in zip(names, summaries, strict=True)
            ],
            value_label="%",
        ),
        "extra_chart": bar_chart(
            labels,
            [
                Series(name, tuple(float(r.extra) for r in summary["care_types"]))
                for name, summary in zip(names, summaries, strict=True)
            ],
            value_label=_("extra places"),
        ),
    }


def _shown(count: int, suppress: bool) -> str:
    return f"<{SUPPRESS_BELOW}" if suppress and 0 < count < SUPPRESS_BELOW else str(count)


def forecast_context(care_type: str, region: str | None, *, suppress: bool) -> dict[str, Any]:
    """Actual requests per month beside the forecast with its 95 % interval; counts from 1 to 4 hidden
    (and left out of the chart) for viewers who see suppressed figures only."""
    result = forecast.forecast(care_type, region)
    context: dict[str, Any] = {
        "care_type_label": CareType(care_type).label,
        "region_name": Region.objects.filter(code=region).values_list("name", flat=True).first()
        if region
        else "",
        "forecast": result,
        "suppressed": suppress,
    }
    if result is None:
        return context
    history_len = len(result.history_months)
    actual: list[float | None] = [
        None if suppress and 0 < v < SUPPRESS_BELOW else float(v) for v in result.actual
    ]
    labels = [*result.history_months, *result.months]
    padding: list[float | None] = [None] * len(result.months)
    expected: list[float | None] = [None] * (history_len - 1) + [actual[-1]] + list(result.expected)
    low = [math.nan] * (history_len - 1) + [actual[-1] or 0.0] + result.low
    high = [math.nan] * (history_len - 1) + [actual[-1] or 0.0] + result.high
    actual_name, forecast_name = _("Requests"), _("Forecast")
    context["chart"] = line_chart(
        labels,
        [Series(actual_name, tuple(actual + padding)), Series(forecast_name, tuple(expected))],
        value_label=_("requests per month"),
        bands={forecast_name: (low, high)},
    )
    context["history_rows"] = [
        {"month": m, "count": _shown(v, suppress)}
        for m, v in zip(result.history_months, result.actual, strict=True)
    ]
    context["forecast_rows"] = [
        {"month": m, "expected": e, "low": int(lo), "high": int(hi)}
        for m, e, lo, hi in zip(result.months, result.expected, result.low, result.high, strict=True)
    ]
    return context
