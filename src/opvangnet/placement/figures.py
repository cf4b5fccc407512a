"""What counts in placement figures: one definition each, shared by the national picture and the
data-collection rounds' prefill, so the two can never count differently.

- **Request in a period**: registered (`created_at`, Europe/Amsterdam) within the period.
- **Placed**: a request that led to a placement (an intake was recorded), whenever that happened; counted with
  the period of the request, so "placed" and "requests" are the same cohort.
- **Time to placement**: from registering the request to the provider's acceptance of the offer where the
  person was then placed, in hours.
- **Refusal**: a proposal that ended declined by the provider, declined by the client or cancelled by the
  coordinator, counted in the period in which it was decided.
- **Unmet demand**: a request for which no fitting offer had a free place anywhere when it was registered,
  as the matching core saw it at that moment (`fitting_free_at_intake == 0`); requests registered before that
  was recorded are neither met nor unmet.
- **In shelter on a day**: intake on or before the day and no exit before the next day.
- **Exit**: a stay that ended in the period (`exit_date`), with its destination; length of stay in days from
  intake to exit.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from opvangnet.core.periods import Period
from opvangnet.placement.models import (
    PlacementRequest,
    PlacementRequestQuerySet,
    Proposal,
    ProposalOutcome,
    ProposalQuerySet,
)


def requests_in(period: Period) -> PlacementRequestQuerySet:
    low, high = period.bounds()
    return PlacementRequest.objects.filter(created_at__gte=low, created_at__lt=high)


def placed(requests: PlacementRequestQuerySet) -> PlacementRequestQuerySet:
    return requests.filter(placed_offer__isnull=False)


def with_placement_moment(requests: PlacementRequestQuerySet) -> PlacementRequestQuerySet:
    """Annotate `placed_at`: when the offer where the person was placed accepted them (None if not placed).
    A correlated subquery on the proposals' (request, outcome) rows: one query for the whole list."""
    moment = Proposal.objects.filter(request=OuterRef("pk"), outcome=ProposalOutcome.PLACED).order_by(
        "-decided_at"
    )
    return requests.annotate(placed_at=Subquery(moment.values("decided_at")[:1]))


def placement_moments(requests: PlacementRequestQuerySet) -> dict[int, dt.datetime]:
    """Per request id, when the offer where the person was placed accepted them: the same moment as
    `with_placement_moment`, read as one plain query over the placed proposals (no subquery per request)."""
    moments: dict[int, dt.datetime] = {}
    for request_id, decided_at in Proposal.objects.filter(
        request__in=requests.values("pk"), outcome=ProposalOutcome.PLACED, decided_at__isnull=False
    ).values_list("request_id", "decided_at"):
        if decided_at is not None and (request_id not in moments or decided_at > moments[request_id]):
            moments[request_id] = decided_at
    return moments


def monthly_counts(period: Period) -> dict[dt.date, tuple[int, int, int]]:
    """Per month of the period (its first day): requests, placed and unmet demand, counted by the database
    with the definitions above (placed: a placement and the acceptance that led to it). One query."""
    accepted = Proposal.objects.filter(
        request=OuterRef("pk"), outcome=ProposalOutcome.PLACED, decided_at__isnull=False
    )
    zone = timezone.get_current_timezone()
    rows = (
        requests_in(period)
        .order_by()
        .annotate(month=TruncMonth("created_at", tzinfo=zone))
        .values("month")
        .annotate(
            requests=Count("pk"),
            placed=Count("pk", filter=Q(placed_offer__isnull=False) & Q(Exists(accepted))),
            unmet=Count("pk", filter=Q(fitting_free_at_intake=0)),
        )
    )
    return {
        timezone.localtime(row["month"], zone).date(): (row["requests"], row["placed"], row["unmet"])
        for row in rows
    }


def hours_to_placement(created_at: dt.datetime, placed_at: dt.datetime | None) -> float | None:
    if placed_at is None:
        return None
    return max(0.0, (placed_at - created_at).total_seconds() / 3600)


def refusals_in(period: Period) -> ProposalQuerySet:
    low, high = period.bounds()
    return Proposal.objects.refusals().filter(decided_at__gte=low, decided_at__lt=high)


def unmet(requests: PlacementRequestQuerySet) -> PlacementRequestQuerySet:
    return requests.filter(fitting_free_at_intake=0)


def in_shelter_on(day: dt.date) -> PlacementRequestQuerySet:
    return PlacementRequest.objects.filter(intake_date__lte=day).filter(
        Q(exit_date__isnull=True) | Q(exit_date__gt=day)
    )


def exits_in(period: Period) -> PlacementRequestQuerySet:
    return PlacementRequest.objects.filter(exit_date__gte=period.start, exit_date__lt=period.end)


def length_of_stay(intake: dt.date | None, exit_date: dt.date | None) -> int | None:
    if intake is None or exit_date is None:
        return None
    return (exit_date - intake).days
