"""Read-side questions about identification: the deadline dashboard and the yearly report."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opvangnet.identification import deadlines, reports
from opvangnet.identification.models import (
    Case,
    CaseQuerySet,
    CaseState,
    Decision,
    Outcome,
    Reconsideration,
    Referral,
    Stage,
)
from opvangnet.identification.reports import Cell, Grid

QUARTERS = (1, 2, 3, 4)


# --- dashboard ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardRow:
    case: Case
    due: dt.datetime
    status: deadlines.DeadlineStatus


def deadline_dashboard(cases: CaseQuerySet, now: dt.datetime | None = None) -> list[DashboardRow]:
    """Open cases (from an already scoped queryset) whose deadline is near or past, most urgent first.

    One query for the cases (with their referral); the status is computed in Python.
    """
    now = now or timezone.now()
    horizon = deadlines.add_working_days(
        timezone.localtime(now), settings.IDENTIFICATION_DEADLINE_WARNING_WORKING_DAYS
    )
    rows = []
    for case in cases.open().with_deadline_before(horizon).select_related("referral"):
        due = case.current_due()
        status = case.deadline_status(now)
        if due is not None and status is not None:
            rows.append(DashboardRow(case, due, status))
    return sorted(rows, key=lambda row: row.due)


def reflection_ended(cases: CaseQuerySet, today: dt.date | None = None) -> list[Case]:
    """Cases in the reflection period whose period has ended: the final stage can start."""
    today = today or timezone.localdate()
    return list(
        cases.filter(state=CaseState.REFLECTION, reflection_end__lte=today).select_related("referral")
    )


# --- report -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    title: str | Promise
    columns: list[str | Promise]
    row_labels: list[str | Promise]
    grid: Grid
    row_totals: bool

    def rows(self) -> list[tuple[str | Promise, list[Cell], Cell | None]]:
        return [
            (label, cells, self.grid.row_totals[i] if self.row_totals else None)
            for i, (label, cells) in enumerate(zip(self.row_labels, self.grid.cells, strict=True))
        ]


@dataclass(frozen=True)
class Timing:
    stage: str | Promise
    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class IdentificationReport:
    year: int
    suppressed: bool
    volume: Table
    outcomes: list[Table]
    timings: list[Timing]
    reconsiderations: Table
    reversal_rate: float | None


def _quarter(moment: dt.datetime) -> int:
    return (timezone.localtime(moment).month - 1) // 3 + 1


def _in_year(moment: dt.datetime, year: int) -> bool:
    return timezone.localtime(moment).year == year


def _days(start: dt.datetime, end: dt.datetime) -> int:
    return (timezone.localtime(end).date() - timezone.localtime(start).date()).days


def identification_report(year: int, *, hide_small_cells: bool) -> IdentificationReport:
    """The figures for one calendar year (Europe/Amsterdam), over all referrals and cases. Three queries.

    - volume: referrals, first and final decisions (reconsideration decisions included) per quarter;
    - outcomes: per stage, each case's current decision (the latest, so a reversed decision counts with its
      new outcome) decided in the year, by referrer group (police, KMar, NLA against all others);
    - time to decision: calendar days from referral to the case's original decision of each stage;
    - reconsiderations requested per quarter, decided, and reversed (a new decision that is positive).
    """
    hide = hide_small_cells
    referral_quarters = Counter(
        _quarter(moment)
        for moment in Referral.objects.values_list("referred_at", flat=True)
        if _in_year(moment, year)
    )
    decisions = list(Decision.objects.select_related("case__referral", "panel").order_by("decided_at", "pk"))
    in_year = [d for d in decisions if _in_year(d.decided_at, year)]
    decided = {stage: Counter(_quarter(d.decided_at) for d in in_year if d.stage == stage) for stage in Stage}
    volume = Table(
        _("Referrals and decisions per quarter"),
        [_("Referrals"), _("First decisions"), _("Final decisions")],
        [_("Q%(quarter)s") % {"quarter": q} for q in QUARTERS],
        reports.suppress(
            [[referral_quarters[q], decided[Stage.FIRST][q], decided[Stage.FINAL][q]] for q in QUARTERS],
            hide=hide,
            row_totals=False,
        ),
        row_totals=False,
    )

    current: dict[tuple[int, str], Decision] = {}
    for decision in decisions:  # ordered, so the last one per case and stage wins
        current[(decision.case_id, decision.stage)] = decision
    outcomes = []
    for stage in Stage:
        counts = Counter(
            (d.case.referral.is_enforcement(), d.outcome)
            for d in current.values()
            if d.stage == stage and _in_year(d.decided_at, year)
        )
        outcomes.append(
            Table(
                _("Outcomes by referrer: %(stage)s") % {"stage": Stage(stage).label},
                [Outcome(o).label for o in Outcome],
                [_("Police, KMar or NLA"), _("Other referrers")],
                reports.suppress(
                    [[counts[(group, o)] for o in Outcome] for group in (True, False)], hide=hide
                ),
                row_totals=True,
            )
        )

    timings = []
    for stage in Stage:
        days = [
            _days(d.case.referral.referred_at, d.decided_at)
            for d in in_year
            if d.stage == stage and d.panel.reconsideration_id is None
        ]
        show = reports.show_statistic(len(days), hide=hide)
        timings.append(
            Timing(
                Stage(stage).label,
                len(days),
                reports.median(days) if show else None,
                reports.percentile(days, 0.9) if show else None,
            )
        )

    requests = [
        r
        for r in Reconsideration.objects.select_related("decision", "new_decision")
        if _in_year(r.requested_at, year)
    ]
    per_quarter: dict[int, list[Any]] = {q: [] for q in QUARTERS}
    for request in requests:
        per_quarter[_quarter(request.requested_at)].append(request)
    recon_counts = [
        [
            len(per_quarter[q]),
            sum(1 for r in per_quarter[q] if r.new_decision_id),
            sum(1 for r in per_quarter[q] if r.reversed_outcome()),
        ]
        for q in QUARTERS
    ]
    total_decided = sum(row[1] for row in recon_counts)
    total_reversed = sum(row[2] for row in recon_counts)
    return IdentificationReport(
        year=year,
        suppressed=hide,
        volume=volume,
        outcomes=outcomes,
        timings=timings,
        reconsiderations=Table(
            _("Reconsiderations per quarter of the request"),
            [_("Requested"), _("Decided"), _("Reversed")],
            [_("Q%(quarter)s") % {"quarter": q} for q in QUARTERS],
            reports.suppress(recon_counts, hide=hide, row_totals=False),
            row_totals=False,
        ),
        reversal_rate=total_reversed / total_decided
        if reports.show_rate(total_reversed, total_decided, hide=hide)
        else None,
    )
