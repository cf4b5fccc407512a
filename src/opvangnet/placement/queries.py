"""Read side of placement: live candidates, the waiting list and its optimal assignment, the refusals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from opvangnet.capacity.models import Offer
from opvangnet.core import charts, disclosure
from opvangnet.core.periods import Period
from opvangnet.placement import engine, offer_columns
from opvangnet.placement import figures as placement_figures
from opvangnet.placement.adapters import request_record
from opvangnet.placement.models import (
    REASONS_BY_OUTCOME,
    PlacementRequest,
    PlacementRequestQuerySet,
    Proposal,
    ProposalOutcome,
    RequestStatus,
)
from opvangnet.vocabulary import AgeGroup, CareType, Gender, age_group

BREAKDOWNS = ("gender", "age_group", "region", "care_type")


@dataclass
class CandidateRow:
    offer: Offer
    score: float
    reasons: list[str]


@dataclass
class Candidates:
    fitting: list[CandidateRow]
    excluded: list[tuple[Offer, list[str]]]
    excluded_by_rule: dict[str, int]


def candidates(request: engine.Request, viewer: Any, lang: str, limit: int = 25) -> Candidates:
    """Rank every active offer the viewer may see for this request.

    The offers' rules and free places come from this process's columns (`offer_columns.current()`, which
    checks with two tiny queries that they are current); one query asks which offers the viewer may see and
    one loads the rows shown (at most 2 × `limit`). The why-not counts come from the same rule bits.
    """
    offer_set = offer_columns.current()
    visible = Offer.objects.visible_to(viewer).active().order_by().values_list("pk", flat=True)
    result = engine.match(request, offer_set.restricted_to(visible), offer_set.points, lang)
    fitting, excluded = result.candidates[:limit], result.excluded[:limit]
    shown = [int(c.offer) for c in fitting] + [int(e.offer) for e in excluded]
    # Every id shown comes from `visible`, so the rows need no second scoping (which costs a subquery).
    rows = Offer.objects.select_related("location__organisation", "location__municipality__region").in_bulk(
        shown
    )
    by_rule = (
        result.excluded.count_by_rule()
        if isinstance(result.excluded, engine.Exclusions)
        else dict(Counter(reason.code for e in result.excluded for reason in e.why_not))
    )
    return Candidates(
        [
            CandidateRow(rows[int(c.offer)], c.score, [reason.text for reason in c.reasons])
            for c in fitting
            if int(c.offer) in rows
        ],
        [
            (rows[int(e.offer)], [reason.text for reason in e.why_not])
            for e in excluded
            if int(e.offer) in rows
        ],
        by_rule,
    )


@dataclass
class Suggestion:
    request: PlacementRequest
    offer: Offer | None
    why: str


def suggested_assignment(
    waiting: PlacementRequestQuerySet, viewer: Any, lang: str
) -> tuple[list[Suggestion], bool]:
    """The optimal assignment of the open requests to the free places the viewer may see.

    The offers come from this process's columns (see `candidates`); queries: the open requests, the visible
    offers' ids, and the offers assigned.
    """
    open_requests = list(waiting.filter(status=RequestStatus.OPEN).select_related("region"))
    if not open_requests:
        return [], True
    offer_set = offer_columns.current()
    visible = (
        Offer.objects.visible_to(viewer).active().with_free_places().order_by().values_list("pk", flat=True)
    )
    records = [request_record(placement) for placement in open_requests]
    result = engine.assign(records, offer_set.restricted_to(visible), offer_set.points, lang)
    by_id = Offer.objects.select_related("location__municipality").in_bulk(
        [int(a.offer) for a in result.assignments]
    )
    by_code = {placement.client_code: placement for placement in open_requests}
    suggestions = [
        Suggestion(by_code[a.request], by_id[int(a.offer)], "")
        for a in result.assignments
        if int(a.offer) in by_id
    ]
    suggestions += [
        Suggestion(by_code[u.request], None, " ".join(reason.text for reason in u.why))
        for u in result.unplaced
    ]
    return suggestions, result.optimal


@dataclass
class RefusalReport:
    period: Period | None
    total: int
    total_shown: str
    by_outcome: dict[str, int]
    by_outcome_shown: dict[str, str]
    rows: list[dict[str, Any]]  # one per outcome × reason × the chosen breakdown
    suppressed: bool
    breakdown: tuple[str, ...] = BREAKDOWNS
    # One per outcome × reason, the breakdown added up, most frequent first: the report's summary.
    reasons: list[dict[str, Any]] = field(default_factory=list)

    def top_reasons(self, count: int = 5) -> list[dict[str, Any]]:
        return self.reasons[:count]


REASONS_IN_CHART = 10


def refusal_reasons_chart(report: RefusalReport) -> str | None:
    """Horizontal bars of the most frequent reasons that may be shown (a hidden count is left out of the
    chart; the table beside it says "<5"); None when there is nothing to draw."""
    shown = [row for row in report.reasons if not row["hidden"]][:REASONS_IN_CHART]
    if not shown:
        return None
    return charts.light_bar_chart(
        [f"{row['reason_label']} ({row['outcome_label'].lower()})" for row in shown],
        [charts.Series(gettext("Refusals"), tuple(float(row["count"]) for row in shown))],
        value_label=gettext("number"),
        horizontal=True,
    )


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value  # "" for an added-up dimension


def refusal_report(
    period: Period | None, *, suppress: bool, breakdown: tuple[str, ...] = BREAKDOWNS
) -> RefusalReport:
    """Every refusal (declined by provider or client, cancelled by the coordinator) decided in the whole
    period (all of history when None), counted by outcome and reason and by the chosen breakdown of gender,
    age group, requesting region and care type (the others are added up). One query; suppression through
    `core.disclosure` (outcome totals and the grand total are the relations)."""
    refusals = (
        placement_figures.refusals_in(period)
        if period
        else Proposal.objects.refusals().filter(decided_at__isnull=False)
    )
    counts: Counter[tuple[str, str, str, str, str, str]] = Counter()
    names: dict[str, str] = {}
    for outcome, reason, gender, age, region, region_name, care_type in refusals.values_list(
        "outcome",
        "reason",
        "request__gender",
        "request__age",
        "request__region__code",
        "request__region__name",
        "offer__care_type",
    ):
        group = age_group(age)
        values = {"gender": gender, "age_group": group, "region": region, "care_type": care_type}
        kept = [values[name] if name in breakdown else "" for name in BREAKDOWNS]
        counts[(outcome, reason, kept[0], kept[1], kept[2], kept[3])] += 1
        names[region] = region_name
    keys = sorted(counts)
    by_outcome: Counter[str] = Counter()
    for (outcome, *_rest), count in counts.items():
        by_outcome[outcome] += count
    by_reason: Counter[tuple[str, str]] = Counter()
    for (outcome, reason, *_rest), count in counts.items():
        by_reason[(outcome, reason)] += count
    cells = _protect(keys, counts, by_outcome, suppress, by_reason)
    rows = [
        {
            "outcome": outcome,
            "reason": reason,
            "outcome_label": str(ProposalOutcome(outcome).label),
            "reason_label": _label(REASONS_BY_OUTCOME[outcome], reason),
            "gender": gender,
            "gender_label": _label(Gender, gender),
            "age_group": group,
            "age_group_label": _label(AgeGroup, group),
            "region": region,
            "region_name": names.get(region, ""),
            "care_type": care_type,
            "care_type_label": _label(CareType, care_type),
            "count": counts[key],
            "shown": cells[("row", key)].text,
        }
        for key in keys
        for (outcome, reason, gender, group, region, care_type) in [key]
    ]
    return RefusalReport(
        period,
        sum(counts.values()),
        cells[("total",)].text,
        dict(by_outcome),
        {outcome: cells[("outcome", outcome)].text for outcome in by_outcome},
        rows,
        suppress,
        breakdown,
        [
            {
                "outcome": outcome,
                "reason": reason,
                "outcome_label": str(ProposalOutcome(outcome).label),
                "reason_label": _label(REASONS_BY_OUTCOME[outcome], reason),
                "count": count,
                "shown": cells[("reason", outcome, reason)].text,
                "hidden": cells[("reason", outcome, reason)].hidden,
            }
            # Most frequent first by what may be shown; hidden counts last in a fixed order, so that their
            # place in the list tells nothing about them.
            for (outcome, reason), count in sorted(
                by_reason.items(),
                key=lambda item: (
                    cells[("reason", *item[0])].hidden,
                    0 if cells[("reason", *item[0])].hidden else -item[1],
                    item[0],
                ),
            )
        ],
    )


def _protect(
    keys: Sequence[tuple[str, ...]],
    counts: Counter[Any],
    by_outcome: Counter[str],
    suppress: bool,
    by_reason: Counter[tuple[str, str]],
) -> dict[tuple[Any, ...], disclosure.Cell]:
    """The report's cells as they may be shown: each row, each reason's total (the breakdown added up),
    each outcome's total and the grand total, protected together so that no two can be subtracted."""
    values: dict[tuple[Any, ...], int] = {("row", key): counts[key] for key in keys}
    values.update({("reason", *pair): count for pair, count in by_reason.items()})
    values.update({("outcome", outcome): count for outcome, count in by_outcome.items()})
    values[("total",)] = sum(by_outcome.values())
    relations: list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]] = [
        (("outcome", outcome), [("row", key) for key in keys if key[0] == outcome]) for outcome in by_outcome
    ]
    relations += [
        (("reason", *pair), [("row", key) for key in keys if (key[0], key[1]) == pair]) for pair in by_reason
    ]
    relations += [
        (("outcome", outcome), [("reason", *pair) for pair in by_reason if pair[0] == outcome])
        for outcome in by_outcome
    ]
    relations.append((("total",), [("outcome", outcome) for outcome in by_outcome]))
    return disclosure.protect(values, relations, hide=suppress)
