"""Read side of placement: live candidates, the waiting list and its optimal assignment, the refusals."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from opvangnet.capacity.models import Offer
from opvangnet.placement import engine, offer_columns
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

SMALL_CELL = 5  # counts below this are shown as "<5" to aggregate-only roles
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
    start: date | None
    end: date | None
    total: int
    by_outcome: dict[str, int]
    by_outcome_shown: dict[str, str]
    rows: list[dict[str, Any]]  # one per outcome × reason × the chosen breakdown
    suppressed: bool
    breakdown: tuple[str, ...] = BREAKDOWNS


def _bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    zone = timezone.get_current_timezone()
    low = datetime.combine(start, time.min, tzinfo=zone) if start else None
    high = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone) if end else None
    return low, high


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value  # "" for an added-up dimension


def refusal_report(
    start: date | None, end: date | None, *, suppress: bool, breakdown: tuple[str, ...] = BREAKDOWNS
) -> RefusalReport:
    """Every refusal (declined by provider or client, cancelled by the coordinator) decided in the period,
    counted by outcome and reason and by the chosen breakdown of gender, age group, requesting region and
    care type (the others are added up). One query."""
    refusals = Proposal.objects.refusals().filter(decided_at__isnull=False)
    low, high = _bounds(start, end)
    if low:
        refusals = refusals.filter(decided_at__gte=low)
    if high:
        refusals = refusals.filter(decided_at__lt=high)
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
            "count": count,
            "shown": str(count),
        }
        for (outcome, reason, gender, group, region, care_type), count in sorted(counts.items())
    ]
    by_outcome: Counter[str] = Counter()
    for (outcome, *_rest), count in counts.items():
        by_outcome[outcome] += count
    shown_totals = (
        suppress_small_cells(rows, dict(by_outcome))
        if suppress
        else {k: str(v) for k, v in by_outcome.items()}
    )
    return RefusalReport(
        start, end, sum(counts.values()), dict(by_outcome), shown_totals, rows, suppress, breakdown
    )


def suppress_small_cells(rows: list[dict[str, Any]], totals: dict[str, int]) -> dict[str, str]:
    """Mark counts below SMALL_CELL as hidden, plus a second cell where one hidden cell could be worked out
    from its outcome's total; returns the totals as they may be shown."""
    for outcome in totals:
        group = [row for row in rows if row["outcome"] == outcome]
        hidden = [row for row in group if row["count"] < SMALL_CELL]
        for row in hidden:
            row["shown"] = f"<{SMALL_CELL}"
        if len(hidden) == 1 and len(group) > 1:
            second = min((row for row in group if row not in hidden), key=lambda row: row["count"])
            second["shown"] = "×"
    return {
        outcome: f"<{SMALL_CELL}" if total < SMALL_CELL else str(total) for outcome, total in totals.items()
    }
