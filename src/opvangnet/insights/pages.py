"""What each page of the national picture shows, built from `figures` and `publish` so that the pages, the
exports and the PDF report show the same numbers. Every chart comes with the table of its numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.core import charts, disclosure
from opvangnet.core.disclosure import Cell
from opvangnet.core.periods import Period, containing
from opvangnet.insights import figures as fig
from opvangnet.insights.publish import View
from opvangnet.placement import figures as placement_figures
from opvangnet.placement.models import REASONS_BY_OUTCOME, ExitDestination, ProposalOutcome
from opvangnet.vocabulary import CareType

KEY_COUNTS = ("requests", "placed", "placed_within_1_day", "placed_within_7_days", "refusals", "unmet")


def count_labels() -> dict[str, str]:
    return {
        "requests": _("Placement requests"),
        "placed": _("Placed"),
        "placed_within_1_day": _("Placed within 24 hours"),
        "placed_within_7_days": _("Placed within 7 days"),
        "refusals": _("Refusals"),
        "unmet": _("Unmet demand (no fitting free place anywhere)"),
    }


@dataclass
class Table:
    """A table as pages and exports show it: a caption, column labels, and rows of shown values."""

    caption: str
    columns: list[str]
    rows: list[list[Any]]
    links: list[str | None] = field(default_factory=list)  # a link for each row's first cell, if any
    chart: str | None = None  # data URI of the chart of the same numbers
    chart_alt: str = ""

    def entries(self) -> list[tuple[str | None, list[Any]]]:
        """(link, row) pairs for templates: the first cell of a row links to a drill-down where one exists."""
        links = list(self.links) + [None] * (len(self.rows) - len(self.links))
        return list(zip(links, self.rows, strict=False))


def _fmt(value: Any, digits: int = 1, percent: bool = False) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if percent:
        return f"{value * 100:.0f} %"
    if isinstance(value, float):
        return f"{value:.{digits}f}".replace(".", ",")
    return str(value)


def _number(cell: Cell | int | str) -> float | None:
    if isinstance(cell, Cell):
        return None if cell.hidden else float(cell.value)
    return float(cell) if isinstance(cell, int) else None


# --- dashboard ----------------------------------------------------------------------------------------------


def key_figures(view: View) -> list[tuple[str, str]]:
    total = view.total_row()
    labels = count_labels()
    rows = [(labels[m], _fmt(total[m])) for m in KEY_COUNTS]
    rows += [
        (_("Unique clients"), _fmt(total["unique_clients"])),
        (_("Median time to placement (hours)"), _fmt(total["median_hours_to_placement"])),
        (_("90th percentile time to placement (hours)"), _fmt(total["p90_hours_to_placement"])),
        (_("Beds (crisis, long-term and transitional shelter)"), _fmt(total["beds"])),
        (_("Free beds on an average day"), _fmt(total["average_free_beds"])),
        (_("Bed occupancy"), _fmt(total["bed_occupancy"], percent=True)),
        (_("Share of time with no free bed"), _fmt(total["share_of_time_no_free_bed"], percent=True)),
        (
            _("Share of time with stale availability of beds"),
            _fmt(total["share_of_time_stale_beds"], percent=True),
        ),
        (_("Requests for shelter per bed"), _fmt(total["requests_per_bed"], 2)),
        (_("Ambulant places (not beds)"), _fmt(total["ambulant_places"])),
        (_("Free ambulant places on an average day"), _fmt(total["average_free_ambulant_places"])),
        (_("Ambulant occupancy"), _fmt(total["ambulant_occupancy"], percent=True)),
        (
            _("Share of time with no free ambulant place"),
            _fmt(total["share_of_time_no_free_ambulant_place"], percent=True),
        ),
        (_("Requests for ambulant help per ambulant place"), _fmt(total["requests_per_ambulant_place"], 2)),
        (_("Requests per 100,000 inhabitants"), _fmt(total["requests_per_100000"])),
    ]
    return rows


def supply_labels() -> list[str]:
    """The supply columns of a breakdown table: beds and ambulant places apart, never added up."""
    return [
        _("Beds"),
        _("Bed occupancy"),
        _("Requests per bed"),
        _("Ambulant places"),
        _("Ambulant occupancy"),
        _("Requests per ambulant place"),
    ]


def supply_values(row: dict[str, Any]) -> list[str]:
    return [
        _fmt(row["beds"]),
        _fmt(row["bed_occupancy"], percent=True),
        _fmt(row["requests_per_bed"], 2),
        _fmt(row["ambulant_places"]),
        _fmt(row["ambulant_occupancy"], percent=True),
        _fmt(row["requests_per_ambulant_place"], 2),
    ]


def breakdown_table(
    facts: fig.Facts,
    by: Sequence[str],
    *,
    suppressed: bool,
    caption: str,
    link: Any = None,
    within: tuple[str, str] | None = None,
) -> Table:
    """Demand, outcomes and supply per value of a breakdown, with a bar chart of requests and placed.

    `within` = (dimension, code) keeps the rows of one value of the breakdown's first dimension (one
    region's care types), with that value's own row as the total."""
    view = View(facts, by, suppressed=suppressed)
    shown = [d for d in by if not within or d != within[0]]
    columns = [
        " × ".join(_dimension_label(d) for d in shown),
        *count_labels().values(),
        *supply_labels(),
        _("Requests per 100,000"),
    ]
    rows, links, names, requests, placed = [], [], [], [], []
    for key in view.figures:
        if within and key[0] != within[1]:
            continue
        row = view.row(key)
        name = " – ".join(fig.label(d, c, facts.geo) for d, c in zip(by, key, strict=True) if d in shown)
        rows.append(
            [
                name,
                *(_fmt(row[m]) for m in KEY_COUNTS),
                *supply_values(row),
                _fmt(row["requests_per_100000"]),
            ]
        )
        links.append(link(key) if link else None)
        names.append(name)
        requests.append(_number(view.cell(key, "requests")))
        placed.append(_number(view.cell(key, "placed")))
    total = View(facts, (within[0],), suppressed=suppressed).row((within[1],)) if within else view.total_row()
    rows.append(
        [
            _("Total"),
            *(_fmt(total[m]) for m in KEY_COUNTS),
            *supply_values(total),
            _fmt(total["requests_per_100000"]),
        ]
    )
    links.append(None)
    chart = charts.light_bar_chart(
        names,
        [charts.Series(_("Placement requests"), tuple(requests)), charts.Series(_("Placed"), tuple(placed))],
        value_label=_("number"),
        horizontal=len(names) > 8,
    )
    return Table(caption, columns, rows, links, chart, _("Bar chart: %(caption)s") % {"caption": caption})


def _dimension_label(dimension: str) -> str:
    return {
        "region": _("Region"),
        "police_unit": _("Police unit"),
        "exploitation": _("Exploitation"),
        "care_type": _("Care type"),
        "gender": _("Gender"),
        "age_group": _("Age group"),
        "need": _("Needs"),
    }[dimension]


def dimension_choices() -> list[tuple[str, str]]:
    return [(d, _dimension_label(d)) for d in fig.DIMENSIONS]


def trend_table(period: Period, *, suppressed: bool, facts: fig.Facts | None = None) -> Table:
    """Requests, placed and unmet per month over the 24 months up to the end of the period (seasonality
    shows as the same months rising in both years), counted by the database.

    Suppressed per count as one table: the months, and the period's own total (shown in the key figures) as
    the sum of its months, so no hidden month follows from that total and the months shown beside it."""
    last = containing(period.last_day, "month")
    first_start = dt.date(last.start.year - 2 + (last.start.month == 12), (last.start.month % 12) + 1, 1)
    whole = Period(first_start, last.end, "")
    months = whole.parts("month")
    counted = placement_figures.monthly_counts(whole)
    measures = ("requests", "placed", "unmet")
    shown: dict[str, list[Cell]] = {}
    for index, measure in enumerate(measures):
        counts = {part.label: counted.get(part.start, (0, 0, 0))[index] for part in months}
        inside = [part.label for part in months if period.contains(part.start)]
        total = View(facts, (), suppressed=True).total_cell(measure) if suppressed and facts else None
        cells = suppress_under_total(counts, inside, total, hide=suppressed)
        shown[measure] = [cells[part.label] for part in months]
    labels = count_labels()
    chart = charts.light_line_chart(
        [part.label for part in months],
        [charts.Series(labels[m], tuple(_number(c) for c in shown[m])) for m in measures],
        value_label=_("per month"),
    )
    rows = [[part.label, *(shown[m][i].text for m in measures)] for i, part in enumerate(months)]
    return Table(
        _("Per month, the last 24 months"),
        [_("Month"), *(labels[m] for m in measures)],
        rows,
        [],
        chart,
        _("Line chart of placement requests, placements and unmet demand per month"),
    )


def suppress_under_total(
    counts: dict[Any, int], inside: Sequence[Any], total: Cell | None, *, hide: bool
) -> dict[Any, Cell]:
    """Cells of `counts`, suppressed together with a total published elsewhere on the page (a key figure):
    the sum of the parts in `inside`. The total shows as it does there (`total`, from the star); where it is
    hidden there, or where with it known a hidden part could be worked out, every non-zero part of it is
    hidden ("x")."""
    total_key = ("<total>",)
    values: dict[Any, int] = {**counts, total_key: sum(counts[key] for key in inside)}
    relations = [(total_key, list(inside))] if inside else []
    cells = disclosure.protect(values, relations, hide=hide)
    if hide and inside:
        known = total is None or not total.hidden
        if known:
            fixed = {**cells, total_key: Cell(values[total_key], str(values[total_key]))}
            known = not disclosure.audit(fixed, relations)
        if not known:
            for key in inside:
                if counts[key]:
                    cells[key] = Cell(counts[key], disclosure.SECONDARY)
    return {key: cells[key] for key in counts}


def refusal_reasons_table(facts: fig.Facts, *, suppressed: bool) -> Table:
    counts = fig.refusals_by_reason(facts)
    keys = [(outcome, reason) for outcome, choices in REASONS_BY_OUTCOME.items() for reason in choices.values]
    shown_total = View(facts, (), suppressed=suppressed).total_cell("refusals")
    cells = suppress_under_total(
        {key: counts.get(key, 0) for key in keys}, keys, shown_total if suppressed else None, hide=suppressed
    )
    rows = []
    for outcome, reason in keys:
        reason_label = str(REASONS_BY_OUTCOME[outcome](reason).label)
        rows.append([str(ProposalOutcome(outcome).label), reason_label, cells[(outcome, reason)].text])
    rows.append([_("Total"), "", shown_total.text])
    return Table(_("Refusals by reason"), [_("Who"), _("Reason"), _("Number")], rows)


def exit_tables(period: Period, *, suppressed: bool) -> tuple[Table, Table, Table]:
    """Where people went, lengths of stay and returns, for the stays that ended in the period.

    The three share their total (every exit), so they are suppressed in one call: the exits by destination,
    by care type and "not moved on" (the returns' denominator) all add up to it."""
    stays = fig.stays_ended(period)
    result = fig.returns(period)
    total = ("total",)
    values: dict[Any, int] = {total: sum(stays.by_destination.values())}
    values.update({("destination", code): n for code, n in stays.by_destination.items()})
    values.update({("care", code): n for code, n in stays.by_care_type.items()})
    values[("left",)] = result.exits
    relations = [
        (total, [key for key in values if key[0] == "destination"]),
        (total, [key for key in values if key[0] == "care"]),
        (total, [("left",), ("destination", ExitDestination.MOVED_ON)]),
    ]
    if values[total] != result.exits + stays.by_destination.get(ExitDestination.MOVED_ON, 0):
        relations.pop()  # exits without a destination on record: the two counts are not complementary
    cells = disclosure.protect(values, relations, hide=suppressed)
    destinations = Table(
        _("Where people went when they left shelter"),
        [_("Destination"), _("Number")],
        [
            [str(ExitDestination(code).label), cells[("destination", code)].text]
            for code in stays.by_destination
        ]
        + [[_("Total"), cells[total].text]],
    )
    length_rows = []
    geo = fig.geography()
    for care_type in stays.by_care_type:
        values_of = stays.lengths.get(care_type, [])
        stays_cell = cells[("care", care_type)]
        show = not stays_cell.hidden and disclosure.show_statistic(len(values_of), hide=suppressed)
        length_rows.append(
            [
                fig.label("care_type", care_type, geo) if care_type else _("Unknown"),
                stays_cell.text,
                _fmt(disclosure.median(values_of) if show else None),
                _fmt(disclosure.percentile(values_of, 0.9) if show else None),
            ]
        )
    lengths = Table(
        _("Length of stay in days (stays that ended in the period)"),
        [_("Care type"), _("Stays"), _("Median"), _("90th percentile")],
        length_rows,
    )
    left = cells[("left",)]
    rows = []
    for months in fig.RETURN_MONTHS:
        count = result.within[months]
        show = not left.hidden and disclosure.show_rate(count, result.exits, hide=suppressed)
        rows.append(
            [
                _("within %(months)s months") % {"months": months},
                str(count) if show else "–",
                f"{count / result.exits * 100:.0f} %" if show and result.exits else "–",
            ]
        )
    returns = Table(
        _("Returns: a new request after leaving shelter (of %(exits)s exits in the period)")
        % {"exits": left.text},
        [_("Window"), _("Came back"), _("Share")],
        rows,
    )
    return destinations, lengths, returns


def point_in_time_table(day: dt.date, *, suppressed: bool) -> Table:
    geo = fig.geography()
    counts = fig.point_in_time(day, geo)
    care_types = list(CareType.values)
    regions = list(geo.region_names)
    grid = disclosure.suppress_grid(
        [[counts.get((region, care), 0) for care in care_types] for region in regions], hide=suppressed
    )
    rows = [
        [geo.region_names[region], *(cell.text for cell in grid.cells[i]), grid.row_totals[i].text]
        for i, region in enumerate(regions)
    ]
    rows.append([_("Total"), *(cell.text for cell in grid.column_totals), grid.total.text])
    return Table(
        _("In shelter on the night of %(day)s") % {"day": day.isoformat()},
        [_("Region"), *(str(CareType(c).label) for c in care_types), _("Total")],
        rows,
    )


def point_in_time_day(period: Period, requested: dt.date | None, *, suppressed: bool) -> dt.date:
    """Aggregate roles count on the last day of the period (a chosen day would allow differencing)."""
    today = timezone.localdate()
    if requested is None or suppressed:
        return min(period.last_day, today)
    return min(requested, today)


def flow_table(period: Period, *, suppressed: bool) -> Table:
    paths = fig.paths(period)
    cells, total = disclosure.suppress_counts(dict(paths.routes), hide=suppressed)
    rows = [
        [" → ".join([_("Request"), *(_step_label(step) for step in route)]), cells[route].text]
        for route in sorted(paths.routes, key=lambda r: -paths.routes[r])
    ]
    rows.append([_("Total"), total.text])
    links = {(step, source, target): count for (step, source, target), count in paths.transitions().items()}
    shown_links = links if not suppressed else {k: v for k, v in links.items() if v >= disclosure.threshold()}
    chart = charts.flow_chart(
        [
            (step, _step_label(source), _step_label(target), count)
            for (step, source, target), count in sorted(shown_links.items())
        ]
    )
    return Table(
        _("Paths through shelter of people whose first request fell in the period"),
        [_("Path"), _("People")],
        rows,
        [],
        chart,
        _(
            "Flow diagram of the paths from request through crisis, long-term and transitional shelter "
            "to exit"
        ),
    )


def _step_label(step: str) -> str:
    if step == "referral":
        return _("Request")
    if step == fig.NOT_PLACED:
        return _("Not placed")
    if step == fig.STILL_THERE:
        return _("Still in shelter")
    if step.startswith(fig.EXIT + ":"):
        code = step.split(":", 1)[1]
        destination = ExitDestination(code).label if code in ExitDestination.values else code
        return _("Left: %(destination)s") % {"destination": destination}
    return str(CareType(step).label) if step in CareType.values else step


# --- gaps ---------------------------------------------------------------------------------------------------


@dataclass
class Gap:
    where: str
    care_type: str
    group: str
    requests: str
    unmet: str
    refusals: str
    places: int  # beds, or ambulant places in the ambulant list
    ratio: float | None
    unmet_share: float | None


def gaps(facts: fig.Facts, *, suppressed: bool, kind: str = "beds", limit: int = 25) -> list[Gap]:
    """Combinations where demand most outstrips supply: requests per bed (`kind="beds"`: a victim needs a
    bed), or for ambulant help per ambulant place (`kind="ambulant"`), then unmet demand and refusals.

    Exact roles: region × care type × target group (gender, age group or need). Aggregate roles: region × care
    type and police unit × target group from the published star (only shown counts are ranked); the star has
    no requests per kind by target group, so those rows set all requests against beds."""
    ambulant = kind == "ambulant"

    def wanted(care_type: str) -> bool:
        return (care_type == CareType.AMBULANT.value) == ambulant

    def places(figures: fig.Figures) -> int:
        return figures.ambulant.places if ambulant else figures.beds.places

    result = []
    if suppressed:
        combinations = [("region", "care_type"), ("police_unit", "care_type")]
        if not ambulant:
            combinations += [("police_unit", "gender"), ("police_unit", "age_group"), ("police_unit", "need")]
        for geography, dimension in combinations:
            view = View(facts, (geography, dimension), suppressed=True)
            for key, figures in view.figures.items():
                if dimension == "care_type" and not wanted(key[1]):
                    continue
                requests, unmet, refusals = (view.cell(key, m) for m in ("requests", "unmet", "refusals"))
                if requests.hidden or requests.value == 0:
                    continue
                result.append(
                    Gap(
                        fig.label(geography, key[0], facts.geo),
                        fig.label(dimension, key[1], facts.geo) if dimension == "care_type" else "",
                        fig.label(dimension, key[1], facts.geo) if dimension != "care_type" else "",
                        requests.text,
                        unmet.text,
                        refusals.text,
                        places(figures),
                        requests.value / places(figures) if places(figures) else None,
                        None if unmet.hidden else unmet.value / requests.value,
                    )
                )
    else:
        for dimension in ("gender", "age_group", "need"):
            for key, figures in fig.breakdown(facts, ("region", "care_type", dimension)).items():
                if not figures.requests or not wanted(key[1]):
                    continue
                result.append(
                    Gap(
                        fig.label("region", key[0], facts.geo),
                        fig.label("care_type", key[1], facts.geo),
                        fig.label(dimension, key[2], facts.geo),
                        str(figures.requests),
                        str(figures.unmet),
                        str(figures.refusals),
                        places(figures),
                        figures.requests / places(figures) if places(figures) else None,
                        figures.unmet / figures.requests,
                    )
                )
    result.sort(key=lambda g: (-(g.ratio if g.ratio is not None else 1e9), -(g.unmet_share or 0)))
    return result[:limit]
