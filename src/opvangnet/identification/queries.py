"""Read-side questions about victim-status assessment: the deadline dashboard, what a case page shows, and
the figures for a chosen period, counted in the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opvangnet.accounts.models import User
from opvangnet.accounts.scoping import can_see_person_data
from opvangnet.audit.models import AuditEntry
from opvangnet.core import disclosure
from opvangnet.core.disclosure import Cell, Grid
from opvangnet.identification import deadlines, services
from opvangnet.identification.models import (
    ENFORCEMENT_REFERRERS,
    WORKING_STATES,
    Adjournment,
    Application,
    Case,
    CaseQuerySet,
    CaseState,
    ConsentPurpose,
    Hearing,
    IndTransmission,
    Opinion,
    OpinionKind,
    Outcome,
    Reassessment,
)
from opvangnet.identification.services.common import working_days_later

# --- dashboard ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardRow:
    case: Case
    due: dt.datetime
    status: deadlines.DeadlineStatus


def deadline_dashboard(cases: CaseQuerySet, now: dt.datetime | None = None) -> list[DashboardRow]:
    """Open cases (from an already scoped queryset) whose next deadline is near or past, most urgent first.

    One query (cases with their application, nothing decrypted); the status is computed in Python."""
    now = now or timezone.now()
    horizon = working_days_later(now, settings.IDENTIFICATION_DEADLINE_WARNING_WORKING_DAYS)
    rows = []
    for case in cases.with_deadline_before(horizon).order_by("due_at"):
        status = case.deadline_status(now)
        if case.due_at is not None and status is not None:
            rows.append(DashboardRow(case, case.due_at, status))
    return rows


# --- the case page -----------------------------------------------------------------------------------------


def case_page(case: Case, user: User) -> dict[str, Any]:
    """Everything the case page shows, and which actions this user may take now (asked of the workflow's
    `next_states()` and of the user's permissions and seat)."""
    application = case.application
    seat = services.membership(case, user)
    manager = user.has_perm("identification.manage_cases")
    chair = seat is not None and seat.is_chair()
    committee = case.current_committee()
    complete = committee is not None and committee.is_complete()
    next_states = case.next_states()
    final = case.latest_opinion(OpinionKind.FINAL)
    committees = [
        (
            c,
            services.visible_assessments(c, user),
            c.members.select_related("assessor", "assessor__organisation"),
        )
        for c in case.committees.select_related("reassessment").order_by("pk")
    ]
    return {
        "case": case,
        "application": application,
        "committees": committees,
        "hearings": case.hearings.select_related("interpreter").defer(
            "interpreter__name", "interpreter__contact"
        ),
        "adjournments": case.adjournments.all(),
        "access_log": access_log(case) if manager else None,
        "placement_links": case.placement_links.select_related("placement_request") if manager else None,
        "opinions": case.opinions.select_related("draft").order_by("issued_at", "pk"),
        "reassessments": case.reassessments.select_related("opinion", "new_opinion").defer(
            "opinion__reasons", "opinion__response", "new_opinion__reasons", "new_opinion__response"
        ),
        "transmissions": IndTransmission.objects.filter(case=case).without_encrypted(),
        "reflection_periods": application.reflection_periods.all(),
        "consents": sorted(application.active_consents()),
        "consent_labels": [ConsentPurpose(p).label for p in sorted(application.active_consents())],
        "next_states": next_states,
        "seat": seat,
        "manager": manager,
        "chair": chair,
        "may_see_person": can_see_person_data(user, case),
        "may_assess": case.state == CaseState.DELIBERATION
        and seat is not None
        and not hasattr(seat, "assessment"),
        "may_waive": manager
        and not case.was_heard()
        and case.state in WORKING_STATES | {CaseState.ADJOURNED},
        "may_deliberate": manager and case.state == CaseState.INVESTIGATION and case.was_heard(),
        "may_preliminary": chair and case.state in WORKING_STATES | {CaseState.ADJOURNED},
        "may_draft": chair
        and CaseState.DRAFT_NEGATIVE in next_states
        and complete
        and case.open_draft() is None,
        "may_conclude": chair and CaseState.CONCLUDED in next_states and complete,
        "may_reassess": manager
        and CaseState.REASSESSMENT in next_states
        and final is not None
        and final.outcome == Outcome.NOT_PLAUSIBLE,
        "may_transmit": manager
        and case.state == CaseState.CONCLUDED
        and application.covered_by_b83()
        and application.has_consent(ConsentPurpose.IND_OPINION),
        "may_export": user.has_perm("identification.export_person_data"),
        "open_draft": case.open_draft(),
        "open_adjournment": case.open_adjournment(),
    }


# --- figures -----------------------------------------------------------------------------------------------


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
    label: str | Promise
    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class IdentificationReport:
    start: dt.date
    end: dt.date
    suppressed: bool
    activity: Table
    outcomes: Table
    drafts: Table
    reassessments: Table
    timing: Timing
    reversal_rate: float | None


def disclose(counts: Sequence[Sequence[int]], *, hide: bool, row_totals: bool = True) -> Grid:
    """Where this app's counts become shown cells: the project's one disclosure rule (`core/disclosure.py`),
    small cells suppressed for aggregate-only roles."""
    return disclosure.suppress_grid(counts, hide=hide, row_totals=row_totals)


GROUPS = [_("Police, KMar or NLA"), _("Other referrers and the person")]


def _by_group(queryset: Any, path: str, **measures: Q) -> list[list[int]]:
    """Counts per referrer group (enforcement first) for each measure, in one aggregate query."""
    enforcement = Q(**{f"{path}__in": list(ENFORCEMENT_REFERRERS)})
    aggregates = {}
    for name, condition in measures.items():
        aggregates[f"{name}_e"] = Count("pk", filter=condition & enforcement)
        aggregates[f"{name}_o"] = Count("pk", filter=condition & ~enforcement)
    totals = queryset.aggregate(**aggregates)
    return [[totals[f"{name}_{group}"] for name in measures] for group in ("e", "o")]


def _window(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    first = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return first, after


def identification_report(start: dt.date, end: dt.date, *, hide_small_cells: bool) -> IdentificationReport:
    """The figures for `start`–`end` (inclusive, Europe/Amsterdam), counted in the database: six aggregate
    queries and one list of two dates per opinion; no encrypted column is read.

    - activity per referrer group: applications received, hearings held, adjournments, opinions given;
    - outcomes of the opinions given in the period, per referrer group;
    - draft negative opinions sent, responses received, and opinions that turned positive after a response;
    - reassessments requested, decided and reversed (a new opinion that is positive);
    - working time: calendar days from application to the first opinion on it.
    """
    hide = hide_small_cells
    first, after = _window(start, end)

    def within(field: str) -> Q:
        return Q(**{f"{field}__gte": first, f"{field}__lt": after})

    applications = _by_group(Application.objects.all(), "referrer_kind", received=within("received_at"))
    hearings = _by_group(Hearing.objects.all(), "case__application__referrer_kind", held=within("held_at"))
    adjournments = _by_group(
        Adjournment.objects.all(), "case__application__referrer_kind", asked=within("requested_at")
    )
    final = Q(kind=OpinionKind.FINAL) & within("issued_at")
    opinions = _by_group(
        Opinion.objects.all(),
        "case__application__referrer_kind",
        given=final,
        plausible=final & Q(outcome=Outcome.PLAUSIBLE),
        not_plausible=final & Q(outcome=Outcome.NOT_PLAUSIBLE),
    )
    activity = [[applications[g][0], hearings[g][0], adjournments[g][0], opinions[g][0]] for g in range(2)]
    outcomes = [[opinions[g][1], opinions[g][2]] for g in range(2)]

    drafts = Opinion.objects.filter(kind=OpinionKind.DRAFT).aggregate(
        sent=Count("pk", filter=within("issued_at")),
        answered=Count("pk", filter=within("issued_at") & Q(response_received_at__isnull=False)),
        turned=Count(
            "pk",
            filter=within("issued_at")
            & Q(response_received_at__isnull=False, final_opinion__outcome=Outcome.PLAUSIBLE),
        ),
    )
    requests = Reassessment.objects.aggregate(
        requested=Count("pk", filter=within("requested_at")),
        decided=Count("pk", filter=within("requested_at") & Q(new_opinion__isnull=False)),
        reversed=Count(
            "pk",
            filter=within("requested_at")
            & Q(new_opinion__outcome=Outcome.PLAUSIBLE)
            & ~Q(opinion__outcome=Outcome.PLAUSIBLE),
        ),
    )
    first_opinions = (
        Opinion.objects.filter(final, committee__reassessment__isnull=True)
        .values_list("case__application__received_at", "issued_at")
        .order_by()
    )
    days = [
        (timezone.localtime(issued).date() - timezone.localtime(received).date()).days
        for received, issued in first_opinions
    ]
    show = disclosure.show_statistic(len(days), hide=hide)
    return IdentificationReport(
        start=start,
        end=end,
        suppressed=hide,
        activity=Table(
            _("Applications, hearings, adjournments and opinions by referrer"),
            [_("Applications"), _("Hearings held"), _("Adjournments"), _("Opinions given")],
            list(GROUPS),
            disclose(activity, hide=hide, row_totals=False),
            row_totals=False,
        ),
        outcomes=Table(
            _("Opinions by outcome and referrer"),
            [Outcome.PLAUSIBLE.label, Outcome.NOT_PLAUSIBLE.label],
            list(GROUPS),
            disclose(outcomes, hide=hide),
            row_totals=True,
        ),
        drafts=Table(
            _("Draft negative opinions and the person's response"),
            [_("Drafts sent"), _("Responses received"), _("Positive after a response")],
            [_("In the period")],
            disclose([[drafts["sent"], drafts["answered"], drafts["turned"]]], hide=hide, row_totals=False),
            row_totals=False,
        ),
        reassessments=Table(
            _("Reassessments requested in the period"),
            [_("Requested"), _("Decided"), _("Reversed")],
            [_("In the period")],
            disclose(
                [[requests["requested"], requests["decided"], requests["reversed"]]],
                hide=hide,
                row_totals=False,
            ),
            row_totals=False,
        ),
        timing=Timing(
            _("Days from application to opinion"),
            len(days),
            disclosure.median(days) if show else None,
            disclosure.percentile(days, 0.9) if show else None,
        ),
        reversal_rate=requests["reversed"] / requests["decided"]
        if disclosure.show_rate(requests["reversed"], requests["decided"], hide=hide)
        else None,
    )


# Who looked at person data or files, and every other step, newest first; for the case manager only.
ACCESS_LOG_LENGTH = 100


def access_log(case: Case) -> list[AuditEntry]:
    """The audit entries of this case and its application (two indexed lookups, no decryption)."""
    targets = Q(target_type="identification.case", target_id=str(case.pk)) | Q(
        target_type="identification.application", target_id=str(case.application_id)
    )
    return list(
        AuditEntry.objects.filter(targets)
        .only("created_at", "actor_name", "action", "reason")
        .order_by("-pk")[:ACCESS_LOG_LENGTH]
    )
