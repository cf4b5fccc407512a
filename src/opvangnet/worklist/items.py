"""The work list: one plain function per kind of item, each scoped by the app it reads from.

Each function takes the signed-in user and the moment `now`, returns a `Section` (or None when the user's
permissions do not include that kind of work) and costs at most two queries: the rows shown (at most
`SHOWN`, joined with what they display) and one count of all rows and of the overdue ones. Rows that are
overdue come first; what "overdue" means is the owning app's rule, never decided here:

- placement requests: waited longer than their urgency allows (`placement.models.URGENCY_ALLOWED_WAIT`);
- proposals waiting for an answer: their request is overdue;
- holds: the place is held for less than `HOLD_WARNING` more (overdue once the hold has run out);
- reflection periods: ending within `REFLECTION_WARNING` (overdue once ended);
- offers: availability not current (`capacity.models.STALE_AFTER`), which is itself overdue;
- referrals without a case: waited longer than their urgency allows
  (`identification.models.choices.URGENCY_ALLOWED_WAIT`);
- cases: the case's deadline status (`identification.deadlines`);
- contributions and region forms: the round's deadline has passed;
- role changes: never overdue, but each waits for a second administrator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, Case, Count, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opvangnet.accounts.models import GrantStatus, RoleGrant
from opvangnet.capacity.models import STALE_AFTER, Offer
from opvangnet.collection.models import (
    CONTRIBUTION_EDITABLE,
    EDITABLE_STATUSES,
    Contribution,
    Submission,
)
from opvangnet.core.dutch import format_day, format_time
from opvangnet.identification import queries as identification_queries
from opvangnet.identification.deadlines import DeadlineStatus
from opvangnet.identification.models import Application
from opvangnet.identification.models import Case as AssessmentCase
from opvangnet.identification.models.applications import awaiting_case_too_long
from opvangnet.identification.models.choices import URGENCY_RANK
from opvangnet.placement.models import (
    PlacementRequest,
    Proposal,
    ProposalOutcome,
    RequestStatus,
    overdue_condition,
    overdue_flag,
)
from opvangnet.vocabulary import B8Status

if TYPE_CHECKING:
    from opvangnet.accounts.models import User

SHOWN = 8  # rows per section on the start page; the count and a link lead to the rest
# A coordinator is warned when a held place has less than this left (holds last 90 minutes).
HOLD_WARNING = dt.timedelta(minutes=30)
# Reflection periods ending within this many days are shown: time to arrange what comes after.
REFLECTION_WARNING = dt.timedelta(days=14)
# The person is still waiting or in shelter; after leaving or a cancellation the period is no one's task here.
ONWARD_FLOW_STATUSES = (
    RequestStatus.OPEN,
    RequestStatus.PROPOSED,
    RequestStatus.ACCEPTED,
    RequestStatus.PLACED,
)


@dataclass(frozen=True)
class Item:
    label: str  # what it is: a client code, an offer, a reference
    detail: str  # what matters about it, in one line
    url: str  # where to act on it
    overdue: bool = False
    note: str = ""  # why it is overdue or due soon ("waiting 15 days, allowed 1")


@dataclass
class Section:
    key: str
    title: str
    items: list[Item]
    count: int
    overdue: int = 0
    more_url: str = ""


def _waiting(since: dt.datetime, now: dt.datetime) -> str:
    """How long something has waited: in hours on its first day, then in whole days."""
    waited = max(now - since, dt.timedelta(0))
    if waited < dt.timedelta(days=1):
        hours = int(waited.total_seconds() // 3600)
        return ngettext("waiting %(hours)d hour", "waiting %(hours)d hours", hours) % {"hours": hours}
    return ngettext("waiting %(days)d day", "waiting %(days)d days", waited.days) % {"days": waited.days}


def _counts(queryset: Any, overdue: Q) -> tuple[int, int]:
    totals = queryset.order_by().aggregate(count=Count("pk"), overdue=Count("pk", filter=overdue))
    return totals["count"], totals["overdue"]


# --- placement (coordinators and the national coordination centre) -------------------------------------


def waiting_requests(user: User, now: dt.datetime) -> Section | None:
    """The placement requests still waiting for a place that the user handles (own region, or all for the
    national coordination centre): overdue first, then by urgency and the longest wait."""
    if not user.has_perm("placement.request_placement"):
        return None
    waiting = PlacementRequest.objects.visible_to(user).waiting()
    count, overdue = _counts(waiting, overdue_condition(now))
    rows = waiting.annotate(late=overdue_flag(now)).order_by("-late", "-priority", "created_at", "pk")[:SHOWN]
    national = user.has_perm("placement.view_all_requests")
    items = []
    for request in rows:
        parts = [request.get_urgency_display(), request.get_care_type_display(), request.get_status_display()]
        if national:
            parts.append(request.region.name)
        items.append(
            Item(
                request.client_code,
                " · ".join(str(part) for part in parts),
                reverse("placement:detail", args=[request.pk]),
                overdue=request.is_overdue(now),
                note=_waiting(request.created_at, now),
            )
        )
    return Section(
        "requests",
        _("Placement requests waiting for a place"),
        items,
        count,
        overdue,
        reverse("placement:waiting_list"),
    )


def proposals_awaiting_answer(user: User, now: dt.datetime) -> Section | None:
    """Proposals of the user's requests that a provider has not answered yet, overdue requests first."""
    if not user.has_perm("placement.request_placement"):
        return None
    pending = Proposal.objects.visible_to(user).filter(outcome=ProposalOutcome.PENDING)
    count, overdue = _counts(pending, overdue_condition(now, "request__"))
    rows = (
        pending.select_related("request", "offer__location__organisation")
        .annotate(late=overdue_flag(now, "request__"))
        .order_by("-late", "-request__priority", "proposed_at", "pk")[:SHOWN]
    )
    items = [
        Item(
            proposal.request.client_code,
            _("%(offer)s at %(organisation)s, proposed %(day)s at %(time)s")
            % {
                "offer": proposal.offer.name,
                "organisation": proposal.offer.location.organisation.name,
                "day": format_day(proposal.proposed_at),
                "time": format_time(proposal.proposed_at),
            },
            reverse("placement:detail", args=[proposal.request_id]),
            overdue=proposal.request.is_overdue(now),
            note=str(proposal.request.get_urgency_display()),
        )
        for proposal in rows
    ]
    return Section("proposals", _("Proposals waiting for the provider's answer"), items, count, overdue)


def holds_expiring(user: User, now: dt.datetime) -> Section | None:
    """Accepted proposals whose held place runs out within `HOLD_WARNING` (or already ran out and waits for
    `expire-holds`): the coordinator must record the intake or lose the place."""
    if not user.has_perm("placement.request_placement"):
        return None
    holds = Proposal.objects.visible_to(user).filter(
        outcome=ProposalOutcome.ACCEPTED, hold_until__isnull=False, hold_until__lte=now + HOLD_WARNING
    )
    count, overdue = _counts(holds, Q(hold_until__lte=now))
    rows = holds.select_related("request", "offer__location__organisation").order_by("hold_until", "pk")[
        :SHOWN
    ]
    items = []
    for proposal in rows:
        assert proposal.hold_until is not None  # filtered above
        items.append(
            Item(
                proposal.request.client_code,
                f"{proposal.offer.name} · {proposal.offer.location.organisation.name}",
                reverse("placement:detail", args=[proposal.request_id]),
                overdue=proposal.hold_until <= now,
                note=_("held until %(time)s") % {"time": format_time(proposal.hold_until)},
            )
        )
    return Section("holds", _("Held places about to expire"), items, count, overdue)


def reflection_periods_ending(user: User, now: dt.datetime) -> Section | None:
    """People in the reflection period (bedenktijd) whose period ends within `REFLECTION_WARNING`, or has
    ended, while their request is still open or they are in shelter: the coordinator plans what comes next
    (a B8/3 application, onward shelter, or leaving) before the period runs out. Soonest end first."""
    if not user.has_perm("placement.request_placement"):
        return None
    today = timezone.localdate(now)
    ending = PlacementRequest.objects.visible_to(user).filter(
        b8_status=B8Status.REFLECTION,
        reflection_period_end__isnull=False,
        reflection_period_end__lte=today + REFLECTION_WARNING,
        status__in=ONWARD_FLOW_STATUSES,
    )
    count, overdue = _counts(ending, Q(reflection_period_end__lt=today))
    rows = ending.order_by("reflection_period_end", "pk")[:SHOWN] if count else []
    items = []
    for request in rows:
        end = request.reflection_period_end
        assert end is not None  # filtered above
        items.append(
            Item(
                request.client_code,
                f"{request.get_care_type_display()} · {request.get_status_display()}",
                reverse("placement:detail", args=[request.pk]),
                overdue=end < today,
                note=(_("ended %(day)s") if end < today else _("ends %(day)s")) % {"day": format_day(end)},
            )
        )
    return Section("reflection", _("Reflection periods ending"), items, count, overdue)


# --- providers --------------------------------------------------------------------------------------------


def proposals_to_answer(user: User, now: dt.datetime) -> Section | None:
    """Proposals to the offers of the user's own organisation that wait for its answer, overdue requests
    first, then by urgency and the oldest proposal."""
    if not user.has_perm("placement.answer_proposals"):
        return None
    pending = Proposal.objects.for_provider(user).filter(outcome=ProposalOutcome.PENDING)
    count, overdue = _counts(pending, overdue_condition(now, "request__"))
    rows = pending.annotate(late=overdue_flag(now, "request__")).order_by(
        "-late", "-request__priority", "proposed_at", "pk"
    )[:SHOWN]
    inbox = reverse("placement:inbox")
    items = [
        Item(
            proposal.request.client_code,
            _("%(offer)s, proposed %(day)s at %(time)s")
            % {
                "offer": proposal.offer.name,
                "day": format_day(proposal.proposed_at),
                "time": format_time(proposal.proposed_at),
            },
            f"{inbox}#proposal-{proposal.pk}",
            overdue=proposal.request.is_overdue(now),
            note=str(proposal.request.get_urgency_display()),
        )
        for proposal in rows
    ]
    return Section("to_answer", _("Proposals to answer"), items, count, overdue, inbox)


def stale_offers(user: User, now: dt.datetime) -> Section | None:
    """The own organisation's active offers whose free places were not reported in the last 24 hours
    (`Offer.is_stale`): coordinators cannot trust them. Longest silent first."""
    if not user.has_perm("capacity.manage_own_offers"):
        return None
    own = Offer.objects.editable_by(user).active().stale(now)
    count = own.count()
    rows = own.select_related("location").order_by(F("availability_updated_at").asc(nulls_first=True), "pk")[
        :SHOWN
    ]
    items = [
        Item(
            offer.name,
            offer.location.name,
            reverse("capacity:offer", args=[offer.pk]),
            overdue=True,
            note=(
                _("last reported %(day)s") % {"day": format_day(offer.availability_updated_at)}
                if offer.availability_updated_at
                else _("never reported")
            ),
        )
        for offer in rows
    ]
    return Section(
        "stale",
        _("Free places not current (older than %(hours)d hours)")
        % {"hours": STALE_AFTER.total_seconds() // 3600},
        items,
        count,
        count,
        reverse("capacity:mine"),
    )


# --- victim-status assessment -----------------------------------------------------------------------------


def referrals_without_case(user: User, now: dt.datetime) -> Section | None:
    """Applications (referrals) for which the case manager has opened no case yet: overdue first, then the
    most urgent and the oldest."""
    if not user.has_perm("identification.manage_cases"):
        return None
    waiting = Application.objects.visible_to(user).awaiting_case()
    late = awaiting_case_too_long(now)
    count, overdue = _counts(waiting, late)
    rank = Case(*(When(urgency=u, then=Value(r)) for u, r in URGENCY_RANK.items()), default=Value(0))
    flag = Case(When(late, then=Value(True)), default=Value(False), output_field=BooleanField())
    rows = waiting.annotate(late=flag, rank=rank).order_by("-late", "-rank", "received_at", "pk")[:SHOWN]
    items = [
        Item(
            application.reference,
            _("%(urgency)s · received %(day)s")
            % {"urgency": application.get_urgency_display(), "day": format_day(application.received_at)},
            reverse("identification:application", args=[application.pk]),
            overdue=application.waits_too_long_for_a_case(now),
            note=_waiting(application.received_at, now),
        )
        for application in rows
    ]
    return Section(
        "referrals",
        _("Referrals without a case"),
        items,
        count,
        overdue,
        reverse("identification:dashboard"),
    )


def cases_with_deadlines(user: User, now: dt.datetime) -> Section | None:
    """Open cases (the user's own committees', or all for the case manager) whose next deadline is near or
    past, overdue first. One query."""
    if not (user.has_perm("identification.assess") or user.has_perm("identification.manage_cases")):
        return None
    rows = identification_queries.deadline_dashboard(AssessmentCase.objects.visible_to(user), now)
    overdue = sum(1 for row in rows if row.status == DeadlineStatus.OVERDUE)
    rows.sort(key=lambda row: row.status != DeadlineStatus.OVERDUE)
    items = [
        Item(
            row.case.reference,
            str(row.case.get_state_display()),
            reverse("identification:case", args=[row.case.pk]),
            overdue=row.status == DeadlineStatus.OVERDUE,
            note=_("deadline %(day)s") % {"day": format_day(row.due)},
        )
        for row in rows[:SHOWN]
    ]
    return Section(
        "deadlines",
        _("Cases with a deadline near or past"),
        items,
        len(rows),
        overdue,
        reverse("identification:dashboard"),
    )


# --- data collection --------------------------------------------------------------------------------------


def open_region_forms(user: User, now: dt.datetime) -> Section | None:
    """The own region's data-collection forms still to be filled in, past deadline first."""
    if not user.has_perm("collection.fill_region_form"):
        return None
    forms = Submission.objects.visible_to(user).filter(status__in=EDITABLE_STATUSES)
    today = timezone.localdate(now)
    count, overdue = _counts(forms, Q(round__deadline__lt=today))
    rows = forms.order_by("round__deadline", "pk")[:SHOWN]
    items = [
        Item(
            str(submission.round),
            str(submission.get_status_display()),
            reverse("collection:submission", args=[submission.pk]),
            overdue=submission.round.deadline < today,
            note=_("deadline %(day)s") % {"day": format_day(submission.round.deadline)},
        )
        for submission in rows
    ]
    return Section("region_forms", _("Data-collection forms to fill in"), items, count, overdue)


def open_contributions(user: User, now: dt.datetime) -> Section | None:
    """The contributor's own sections still to be filled in or corrected, past deadline first."""
    if not user.has_perm("collection.contribute"):
        return None
    open_ = Contribution.objects.visible_to(user).filter(
        status__in=CONTRIBUTION_EDITABLE, submission__status__in=EDITABLE_STATUSES
    )
    today = timezone.localdate(now)
    count, overdue = _counts(open_, Q(submission__round__deadline__lt=today))
    rows = open_.order_by("submission__round__deadline", "pk")[:SHOWN]
    items = [
        Item(
            contribution.section.title,
            f"{contribution.submission.round} · {contribution.get_status_display()}",
            reverse("collection:contribution", args=[contribution.pk]),
            overdue=contribution.submission.round.deadline < today,
            note=_("deadline %(day)s") % {"day": format_day(contribution.submission.round.deadline)},
        )
        for contribution in rows
    ]
    return Section(
        "contributions",
        _("Contributions to fill in"),
        items,
        count,
        overdue,
        reverse("collection:contributions"),
    )


# --- administration ---------------------------------------------------------------------------------------


def role_changes_to_approve(user: User, now: dt.datetime) -> Section | None:
    """Role changes that wait for a second administrator and that this administrator may decide (someone
    else asked for them), oldest first."""
    if not user.has_perm("accounts.change_user_role"):
        return None
    pending = RoleGrant.objects.filter(status=GrantStatus.PENDING).exclude(requested_by=user)
    count = pending.count()
    rows = pending.select_related("user", "requested_by").order_by("requested_at", "pk")[:SHOWN]
    items = [
        Item(
            grant.user.get_full_name() or grant.user.username,
            _("%(role)s, asked by %(by)s on %(day)s")
            % {
                "role": grant.role_label,
                "by": grant.requested_by.get_full_name() or grant.requested_by.username,
                "day": format_day(grant.requested_at),
            },
            reverse("accounts:user_detail", args=[grant.user_id]),
        )
        for grant in rows
    ]
    return Section(
        "role_changes",
        _("Role changes waiting for your approval"),
        items,
        count,
        0,
        reverse("accounts:users"),
    )


# In the order a page shows them before sorting: sections with overdue items move to the top.
SECTIONS: list[Callable[[Any, dt.datetime], Section | None]] = [
    waiting_requests,
    holds_expiring,
    reflection_periods_ending,
    proposals_awaiting_answer,
    proposals_to_answer,
    stale_offers,
    referrals_without_case,
    cases_with_deadlines,
    open_region_forms,
    open_contributions,
    role_changes_to_approve,
]


def work_list(user: User, now: dt.datetime | None = None) -> list[Section]:
    """Every section of work that the user's permissions give, those with overdue items first (stable)."""
    moment = now or timezone.now()
    sections = [section for make in SECTIONS if (section := make(user, moment)) is not None]
    return sorted(sections, key=lambda section: section.overdue == 0)
