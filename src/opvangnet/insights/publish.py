"""The national picture as a role may see it: exact for the national coordination centre, suppressed for
aggregate-only roles (policy makers), in the `picture` shape of the API and the command line.

**What is published to aggregate-only roles, and why it is safe.** For each count (requests, placed, placed
within one day, placed within seven days, refusals, unmet demand) and each period, the publishable cells are a
fixed *star*: the totals per care region, police unit and the nation, and the police units and the nation
crossed with at most one other breakdown (care type, exploitation, gender, age group or need). Care regions
crossed with another breakdown are too sparse to publish (nearly every cell would be hidden) and are left out.
All these tables are suppressed together in one `disclosure.protect` call, with every margin under one key, so
a region's total, a police unit's total of crisis requests or the national number of men has one status
wherever it is shown (consistent marginals), and the audit covers every relation between the tables at once.
Two non-geographic breakdowns together (care type × gender) are not published to these roles: with them the
tables would form a cycle whose joint constraints (a three-way table with all its two-way margins) can pin
cells that no single table reveals. Within the star no such cycle exists: two tables that share only the
geography margin say nothing about each other beyond that margin (any two tables with the same margin can be
combined into one set of records).

Suppression is computed once per period and state of the data and kept in memory; any change in the registry
(a new audit entry, request, proposal or availability report) gives a new state.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Max

from opvangnet.core import disclosure
from opvangnet.core.disclosure import Cell
from opvangnet.core.periods import Period
from opvangnet.insights import figures as fig
from opvangnet.insights.figures import Facts, Figures

COUNT_MEASURES = ("requests", "placed", "placed_within_1_day", "placed_within_7_days", "refusals", "unmet")
CONTRACT_TOTALS = ("requests", "placed", "placed_within_1_day", "refusals", "unmet")
NON_GEOGRAPHIC = tuple(d for d in fig.DIMENSIONS if d not in fig.GEOGRAPHIC)
NATIONAL = ("national", "")
ALL = ("", "")


class BreakdownError(ValueError):
    """A breakdown that does not exist, or that is not published to aggregate-only roles."""


def check_breakdown(by: Sequence[str], *, suppressed: bool) -> tuple[str, ...]:
    """The breakdown as a tuple, or BreakdownError with a message for the person who asked."""
    by = tuple(by)
    unknown = [d for d in by if d not in fig.DIMENSIONS]
    if unknown:
        raise BreakdownError(f"unknown breakdown {unknown[0]!r}; choose from {', '.join(fig.DIMENSIONS)}")
    if len(set(by)) != len(by):
        raise BreakdownError("a breakdown is named twice")
    if suppressed:
        geographic = [d for d in by if d in fig.GEOGRAPHIC]
        other = [d for d in by if d not in fig.GEOGRAPHIC]
        if len(geographic) > 1 or len(other) > 1:
            raise BreakdownError(
                "aggregate figures combine at most one of region and police unit with at most one other "
                "breakdown"
            )
        if "region" in by and other:
            raise BreakdownError(
                "aggregate figures by region are published as totals only; combine police unit with "
                f"{other[0]} instead"
            )
    return by


# --- the star of tables -------------------------------------------------------------------------------------

CellKey = tuple[tuple[str, str], tuple[str, str]]


def _measure_counts(facts: Facts) -> dict[str, list[tuple[Any, int]]]:
    """For each count, the records that count in it: (fact, 1)."""
    requests = facts.requests
    return {
        "requests": [(f, 1) for f in requests],
        "placed": [(f, 1) for f in requests if f.placed],
        "placed_within_1_day": [(f, 1) for f in requests if f.hours is not None and f.hours <= 24],
        "placed_within_7_days": [(f, 1) for f in requests if f.hours is not None and f.hours <= 168],
        "refusals": [(f, 1) for f in facts.refusals],
        "unmet": [(f, 1) for f in requests if f.unmet],
    }


def star(facts: Facts, records: list[tuple[Any, int]]) -> tuple[dict[CellKey, int], list[Any]]:
    """Values and relations of geography × (total and each non-geographic breakdown)."""
    geo = facts.geo
    units = fig.codes("police_unit", geo)
    upper = [NATIONAL, *(("police_unit", u) for u in units)]
    regions = [("region", r) for r in geo.region_names]
    x_nodes = [ALL, *((d, c) for d in NON_GEOGRAPHIC for c in fig.codes(d, geo))]
    values: dict[CellKey, int] = {(g, x): 0 for g in upper for x in x_nodes}
    values.update({(g, ALL): 0 for g in regions})
    for record, weight in records:
        places = [NATIONAL, ("police_unit", record.police_unit), ("region", record.region)]
        groups = [ALL, *((d, record.value(d)) for d in NON_GEOGRAPHIC)]
        for g in places:
            for x in groups:
                if (g, x) in values:
                    values[(g, x)] += weight
    relations: list[Any] = []
    for x in x_nodes:
        relations.append(((NATIONAL, x), [(("police_unit", u), x) for u in units]))
    for unit in units:
        relations.append(((("police_unit", unit), ALL), [(("region", r), ALL) for r in geo.regions_in(unit)]))
    for g in upper:
        for dimension in NON_GEOGRAPHIC:
            relations.append(((g, ALL), [(g, (dimension, c)) for c in fig.codes(dimension, geo)]))
    return values, relations


_cache: OrderedDict[tuple[Any, ...], dict[str, dict[CellKey, Cell]]] = OrderedDict()
_lock = threading.Lock()


def data_version() -> tuple[Any, ...]:
    """A stamp that changes with every write to the registry the picture reads. Four small queries."""
    from opvangnet.audit.models import AuditEntry
    from opvangnet.capacity.models import AvailabilitySnapshot
    from opvangnet.placement.models import PlacementRequest, Proposal

    stamp: list[Any] = []
    for model in (AuditEntry, PlacementRequest, Proposal, AvailabilitySnapshot):
        row = model.objects.aggregate(n=Count("pk"), m=Max("pk"))
        stamp += [row["n"], row["m"]]
    return tuple(stamp)


def protected(facts: Facts) -> dict[str, dict[CellKey, Cell]]:
    """Every count of the period's star, suppressed (see the module docstring). Cached per data state."""
    key = (facts.period.label, disclosure.threshold(), data_version())
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    result = {}
    for measure, records in _measure_counts(facts).items():
        values, relations = star(facts, records)
        result[measure] = disclosure.protect(values, relations, hide=True)
    with _lock:
        _cache[key] = result
        while len(_cache) > 32:
            _cache.popitem(last=False)
    return result


def star_key(by: Sequence[str], key: Sequence[str]) -> CellKey:
    geographic = NATIONAL
    other = ALL
    for dimension, code in zip(by, key, strict=True):
        if dimension in fig.GEOGRAPHIC:
            geographic = (dimension, code)
        else:
            other = (dimension, code)
    return geographic, other


# --- cells as a role sees them ------------------------------------------------------------------------------


class View:
    """The figures of one breakdown as one role may see them: `cell(key, measure)` gives a Cell."""

    def __init__(self, facts: Facts, by: Sequence[str], *, suppressed: bool) -> None:
        self.facts = facts
        self.by = check_breakdown(by, suppressed=suppressed)
        self.suppressed = suppressed
        self.figures = fig.breakdown(facts, self.by)
        self.total = fig.national(facts) if self.by else self.figures[()]
        self._protected = protected(facts) if suppressed else None

    def cell(self, key: Sequence[str], measure: str) -> Cell:
        figures = self.total if key is None else self.figures[tuple(key)]
        value = int(getattr(figures, measure))
        if self._protected is None or measure not in self._protected:
            return Cell(value, str(value))
        return self._protected[measure][star_key(self.by, key or ())]

    def total_cell(self, measure: str) -> Cell:
        value = int(getattr(self.total, measure))
        if self._protected is None or measure not in self._protected:
            return Cell(value, str(value))
        return self._protected[measure][(NATIONAL, ALL)]

    def statistic(self, figures: Figures, name: str, count_cell: Cell) -> float | None:
        """A median or percentile: only over at least T values, and only where its count is shown."""
        n = len(figures.hours)
        if self.suppressed and (count_cell.hidden or not disclosure.show_statistic(n, hide=True)):
            return None
        value = getattr(figures, name)
        return None if value is None else round(value, 1)

    def derived(self, value: float | None, *depends_on: Cell) -> float | None:
        """A rate computed from counts: hidden with any count it rests on."""
        if value is None or any(cell.hidden for cell in depends_on):
            return None
        return round(value, 3)

    def unique_clients(self, figures: Figures) -> int | str | None:
        # Unique clients do not add up across cells (a person can ask for two kinds of shelter), so the
        # suppression's relations cannot cover them: aggregate roles see them nationally only.
        if not self.suppressed:
            return figures.unique_clients
        if figures is not self.total:
            return None
        return (
            figures.unique_clients
            if figures.unique_clients >= disclosure.threshold()
            else "<" + str(disclosure.threshold())
        )

    def row(self, key: Sequence[str]) -> dict[str, Any]:
        figures = self.figures[tuple(key)]
        return self._figures_row(figures, lambda m: self.cell(key, m))

    def total_row(self) -> dict[str, Any]:
        return self._figures_row(self.total, self.total_cell)

    def _figures_row(self, figures: Figures, cell: Any) -> dict[str, Any]:
        counts = {m: cell(m) for m in COUNT_MEASURES}
        occupancy = figures.occupancy
        return {
            **{m: counts[m].shown for m in COUNT_MEASURES},
            "unique_clients": self.unique_clients(figures),
            "median_hours_to_placement": self.statistic(figures, "median_hours", counts["placed"]),
            "p90_hours_to_placement": self.statistic(figures, "p90_hours", counts["placed"]),
            "offers": figures.offers,
            "places": figures.places,
            "free_places_now": figures.free_now,
            "average_free_places": None if figures.average_free is None else round(figures.average_free, 2),
            "occupancy": None if occupancy is None else round(occupancy, 3),
            "share_of_time_full": None if figures.share_full is None else round(figures.share_full, 3),
            "share_of_time_stale": None if figures.share_stale is None else round(figures.share_stale, 3),
            "offers_under_65_percent": figures.low_utilisation,
            "offers_over_105_percent": figures.high_utilisation,
            "requests_per_place": self.derived(figures.demand_per_place, counts["requests"]),
            "requests_per_100000": self.derived(figures.requests_per_100k, counts["requests"]),
        }


def picture(
    period: Period, by: Sequence[str], *, suppressed: bool, facts: Facts | None = None
) -> dict[str, Any]:
    """The national picture in the contract's `picture` shape (CONTRACTS.md, docs/cli.md), with more fields
    per row. Raises BreakdownError for a breakdown this role may not have."""
    view = View(facts or fig.facts_for(period), by, suppressed=suppressed)
    rows = []
    for key in view.figures:
        rows.append({**dict(zip(view.by, key, strict=True)), **view.row(key)})
    total_row = view.total_row()
    return {
        "period": period.label,
        "by": list(view.by),
        "suppressed": suppressed,
        "rows": rows,
        "total": {m: total_row[m] for m in (*CONTRACT_TOTALS, "placed_within_7_days", "unique_clients")},
    }
