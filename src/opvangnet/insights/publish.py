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

Suppression is cached on the numbers it hides (the same table is always suppressed the same way), so a
placement that changes a count is suppressed anew on the next load and nothing needs invalidating.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from opvangnet.core import disclosure
from opvangnet.core.disclosure import Cell
from opvangnet.core.periods import Period
from opvangnet.insights import figures as fig
from opvangnet.insights.figures import Facts, Figures
from opvangnet.vocabulary import CareType

COUNT_MEASURES = ("requests", "placed", "placed_within_1_day", "placed_within_7_days", "refusals", "unmet")
CONTRACT_TOTALS = ("requests", "placed", "placed_within_1_day", "refusals", "unmet")
NON_GEOGRAPHIC = tuple(d for d in fig.DIMENSIONS if d not in fig.GEOGRAPHIC)
NATIONAL = ("national", "")
# The one breakdown published per care region to aggregate roles (docs/decisions.md: "Region × care type").
REGION_WITH = "care_type"
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
        if "region" in by and other and other != [REGION_WITH]:
            raise BreakdownError(
                f"aggregate figures by region are published as totals and by {REGION_WITH} only; combine "
                f"police unit with {other[0]} instead"
            )
    return by


# --- the star of tables -------------------------------------------------------------------------------------

CellKey = tuple[tuple[str, str], tuple[str, str]]


def _measure_values(facts: Facts) -> dict[str, dict[CellKey, int]]:
    """Every count of the star, for every cell (zeros included), counted by C-level counters over each
    count's records: one per published table."""
    requests = facts.requests
    placed = [f for f in requests if f.hours is not None]
    records: dict[str, list[Any]] = {
        "requests": requests,
        "placed": placed,
        "placed_within_1_day": [f for f in placed if f.hours <= 24],  # type: ignore[operator]
        "placed_within_7_days": [f for f in placed if f.hours <= 24 * 7],  # type: ignore[operator]
        "refusals": facts.refusals,
        "unmet": [f for f in requests if f.unmet],
    }
    empty = _star_cells(facts.geo)
    values: dict[str, dict[CellKey, int]] = {}
    for measure, rows in records.items():
        counts = dict.fromkeys(empty, 0)
        for unit, n in Counter(map(attrgetter("police_unit"), rows)).items():
            _add(counts, (("police_unit", unit), ALL), n)
        counts[(NATIONAL, ALL)] = len(rows)
        for dimension in NON_GEOGRAPHIC:
            for (unit, code), n in Counter(map(attrgetter("police_unit", dimension), rows)).items():
                _add(counts, (("police_unit", unit), (dimension, code)), n)
                _add(counts, (NATIONAL, (dimension, code)), n)
        for region, n in Counter(map(attrgetter("region"), rows)).items():
            _add(counts, (("region", region), ALL), n)
        for (region, code), n in Counter(map(attrgetter("region", REGION_WITH), rows)).items():
            _add(counts, (("region", region), (REGION_WITH, code)), n)
        values[measure] = counts
    return values


def _add(counts: dict[CellKey, int], cell: CellKey, n: int) -> None:
    if cell in counts:  # a value outside the vocabulary (old data) is counted in the totals only
        counts[cell] += n


def _star_cells(geo: fig.Geography) -> list[CellKey]:
    units = fig.codes("police_unit", geo)
    upper = [NATIONAL, *(("police_unit", u) for u in units)]
    x_nodes = [ALL, *((d, c) for d in NON_GEOGRAPHIC for c in fig.codes(d, geo))]
    region_x = [ALL, *((REGION_WITH, c) for c in fig.codes(REGION_WITH, geo))]
    return [(g, x) for g in upper for x in x_nodes] + [
        (("region", r), x) for r in geo.region_names for x in region_x
    ]


def star_relations(geo: fig.Geography) -> list[tuple[CellKey, list[CellKey]]]:
    """How the star's cells add up: nation = its police units, a unit = its regions (in total and per care
    type), and every geography's total = its values of each other breakdown."""
    units = fig.codes("police_unit", geo)
    upper = [NATIONAL, *(("police_unit", u) for u in units)]
    x_nodes = [ALL, *((d, c) for d in NON_GEOGRAPHIC for c in fig.codes(d, geo))]
    region_x = [ALL, *((REGION_WITH, c) for c in fig.codes(REGION_WITH, geo))]
    relations: list[tuple[CellKey, list[CellKey]]] = []
    for x in x_nodes:
        relations.append(((NATIONAL, x), [(("police_unit", u), x) for u in units]))
    for unit in units:
        for x in region_x:
            relations.append(((("police_unit", unit), x), [(("region", r), x) for r in geo.regions_in(unit)]))
    for g in upper:
        for dimension in NON_GEOGRAPHIC:
            relations.append(((g, ALL), [(g, (dimension, c)) for c in fig.codes(dimension, geo)]))
    for region in geo.region_names:
        cell = ("region", region)
        relations.append(((cell, ALL), [(cell, x) for x in region_x[1:]]))
    return relations


def protected(facts: Facts) -> dict[str, dict[CellKey, Cell]]:
    """Every count of the period's star, suppressed (see the module docstring). Kept on `facts`."""
    if "protected" not in facts.memo:
        relations = star_relations(facts.geo)
        facts.memo["protected"] = {
            measure: protect_cached(values, relations) for measure, values in _measure_values(facts).items()
        }
    return facts.memo["protected"]


# --- supply: figures of fewer than T offers are per-offer figures ----------------------------------------

# The supply figures of a row per kind of place (figures.Supply's attribute: the row's field). Beds (crisis,
# long-term and transitional shelter) and ambulant places are never added up (docs/decisions.md).
SUPPLY_FIELDS: dict[str, dict[str, str]] = {
    "beds": {
        "offers": "bed_offers",
        "places": "beds",
        "free_now": "free_beds_now",
        "average_free": "average_free_beds",
        "occupancy": "bed_occupancy",
        "share_full": "share_of_time_no_free_bed",
        "share_stale": "share_of_time_stale_beds",
        "low_utilisation": "bed_offers_under_65_percent",
        "high_utilisation": "bed_offers_over_105_percent",
    },
    "ambulant": {
        "offers": "ambulant_offers",
        "places": "ambulant_places",
        "free_now": "free_ambulant_places_now",
        "average_free": "average_free_ambulant_places",
        "occupancy": "ambulant_occupancy",
        "share_full": "share_of_time_no_free_ambulant_place",
        "share_stale": "share_of_time_stale_ambulant",
        "low_utilisation": "ambulant_offers_under_65_percent",
        "high_utilisation": "ambulant_offers_over_105_percent",
    },
}
# Occupancy-type figures: shown to aggregate roles only where enough offers of the kind stand behind them.
SUPPLY_RATES = {
    kind: tuple(v for k, v in names.items() if k not in ("offers", "places"))
    for kind, names in SUPPLY_FIELDS.items()
}
AMBULANT = ("care_type", CareType.AMBULANT.value)


def supply_shown(facts: Facts) -> dict[str, dict[CellKey, bool]]:
    """Where aggregate roles may see the occupancy-type figures (SUPPLY_RATES) of a kind of place in a
    geography × care type cell: its number of offers of that kind is treated as a count and suppressed over
    the same geography × care type tables (so a small cell cannot be recovered from its total and its
    neighbours either). Places and the number of offers stay visible: they are on the public social map.
    Kept on `facts`."""
    if "supply_shown" not in facts.memo:
        geo = facts.geo
        cells = [cell for cell in _star_cells(geo) if cell[1] == ALL or cell[1][0] == REGION_WITH]
        relations = [
            (total, parts)
            for total, parts in star_relations(geo)
            if (total[1] == ALL and all(part[1] == ALL or part[1][0] == REGION_WITH for part in parts))
            or (total[1] != ALL and total[1][0] == REGION_WITH)
        ]
        result = {}
        for kind in SUPPLY_FIELDS:
            counts = dict.fromkeys(cells, 0)
            for offer in facts.offers:
                if offer.is_bed_based != (kind == "beds"):
                    continue
                for g in (NATIONAL, ("police_unit", offer.police_unit), ("region", offer.region)):
                    for x in (ALL, (REGION_WITH, offer.care_type)):
                        _add(counts, (g, x), 1)
            shown = disclosure.protect(counts, relations, hide=True)
            result[kind] = {cell: not value.hidden for cell, value in shown.items()}
        facts.memo["supply_shown"] = result
    return facts.memo["supply_shown"]


def protect_cached(values: dict[CellKey, int], relations: list[Any]) -> dict[CellKey, Cell]:
    """`disclosure.protect(values, relations)`, cached on its input by the disclosure module: the same numbers
    under the same relations and threshold are always suppressed the same way, so nothing needs invalidating
    (a placement changes the numbers, hence the key); linear programmes only for tables not seen before."""
    return disclosure.protect(values, relations, hide=True)


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
        cell = star_key(self.by, key)
        return self._hide_supply(self._figures_row(figures, lambda m: self.cell(key, m), cell), cell)

    def total_row(self) -> dict[str, Any]:
        cell = (NATIONAL, ALL)
        return self._hide_supply(self._figures_row(self.total, self.total_cell, cell), cell)

    def _hide_supply(self, row: dict[str, Any], cell: CellKey) -> dict[str, Any]:
        """Aggregate roles: occupancy-type figures only for geography × care type cells of enough offers
        (`supply_shown`); by target group an offer counts in several rows, whose differences could single one
        out, so none there."""
        if self.suppressed:
            for kind, shown in supply_shown(self.facts).items():
                if not shown.get(cell, False):
                    row.update(dict.fromkeys(SUPPLY_RATES[kind]))
        return row

    def _demand_depends(self, cell: CellKey, counts: dict[str, Cell]) -> dict[str, list[Cell] | None]:
        """The shown counts each kind's requests rest on (None: not published). Requests for beds in a
        geography's total are its requests less its ambulant requests, so both must be shown; by care type
        the row holds one kind only; by another breakdown (gender, need, …) requests per kind are no cell of
        the star, so aggregate roles see no requests per bed there."""
        if not self.suppressed or cell[1][:1] == ("care_type",):
            return {"beds": [counts["requests"]], "ambulant": [counts["requests"]]}
        if cell[1] != ALL or self._protected is None:
            return {"beds": None, "ambulant": None}
        ambulant = self._protected["requests"].get((cell[0], AMBULANT))
        if ambulant is None:
            return {"beds": None, "ambulant": None}
        return {"beds": [counts["requests"], ambulant], "ambulant": [ambulant]}

    def _figures_row(self, figures: Figures, cell: Any, star_cell: CellKey) -> dict[str, Any]:
        counts = {m: cell(m) for m in COUNT_MEASURES}
        depends = self._demand_depends(star_cell, counts)
        row = {
            **{m: counts[m].shown for m in COUNT_MEASURES},
            "unique_clients": self.unique_clients(figures),
            "median_hours_to_placement": self.statistic(figures, "median_hours", counts["placed"]),
            "p90_hours_to_placement": self.statistic(figures, "p90_hours", counts["placed"]),
            "offers": figures.offers,
        }
        for kind, names in SUPPLY_FIELDS.items():
            supply: fig.Supply = getattr(figures, kind)
            for attribute, name in names.items():
                value = getattr(supply, attribute)
                if isinstance(value, float):
                    value = round(value, 2 if attribute == "average_free" else 3)
                row[name] = value
        for kind, name, value in (
            ("beds", "requests_per_bed", figures.requests_per_bed),
            ("ambulant", "requests_per_ambulant_place", figures.requests_per_ambulant_place),
        ):
            found = depends[kind]
            row[name] = None if found is None else self.derived(value, *found)
        row["requests_per_100000"] = self.derived(figures.requests_per_100k, counts["requests"])
        return row


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
