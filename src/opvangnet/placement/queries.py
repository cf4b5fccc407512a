"""Read side of placement: live candidates, the waiting list and its optimal assignment, the refusals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from opvangnet.capacity.models import Offer
from opvangnet.core import disclosure
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
    cells = _protect(keys, counts, by_outcome, suppress)
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
    )


def _protect(
    keys: Sequence[tuple[str, ...]], counts: Counter[Any], by_outcome: Counter[str], suppress: bool
) -> dict[tuple[Any, ...], disclosure.Cell]:
    """The report's cells as they may be shown: each row, each outcome's total and the grand total."""
    values: dict[tuple[Any, ...], int] = {("row", key): counts[key] for key in keys}
    values.update({("outcome", outcome): count for outcome, count in by_outcome.items()})
    values[("total",)] = sum(by_outcome.values())
    relations: list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]] = [
        (("outcome", outcome), [("row", key) for key in keys if key[0] == outcome]) for outcome in by_outcome
    ]
    relations.append((("total",), [("outcome", outcome) for outcome in by_outcome]))
    return disclosure.protect(values, relations, hide=suppress)
