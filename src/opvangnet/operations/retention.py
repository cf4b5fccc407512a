"""Retention: what is kept how long, and `apply_retention`, which anonymises or deletes what is past its time.

The periods are settings (`settings.RETENTION`, from `OPVANGNET_RETENTION_*_DAYS`; defaults and reasons in
docs/decisions.md, "Retention"):

- placement requests, counted from their closing (left or cancelled): anonymised (client code `anon-<id>`,
  age set to its age group's representative age, languages and regions to avoid emptied, the free-text
  explanations of its proposals emptied);
- availability history, counted from each report: deleted, except each offer's latest report;
- identification applications, counted from the committee's opinion (five years) or from a withdrawal, or for
  an application that never reached a committee from its receipt (one year): person data and files erased
  (`identification.retention`); anonymous consultations deleted after two years;
- audit entries: kept and counted, because the hash chain allows no pruning (see docs/decisions.md).

Everything runs in one transaction and ends with one audit entry (`operations.retention_applied`) with the
counts and cutoffs; `dry_run` counts the same things and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from opvangnet.audit.models import AuditEntry
from opvangnet.audit.services import record
from opvangnet.capacity.models import AvailabilitySnapshot
from opvangnet.identification.retention import apply_identification_retention
from opvangnet.placement.models import PlacementRequest, Proposal, RequestStatus

ANONYMOUS_PREFIX = "anon-"
# Each age group keeps one representative age, so reports by age group stay the same after anonymising.
_AGE_GROUP_AGES = ((0, 17, 17), (18, 23, 18), (24, 200, 24))


@dataclass(frozen=True)
class Outcome:
    kind: str
    period_days: int
    cutoff: dt.datetime
    action: str
    count: int


def periods() -> dict[str, int]:
    return dict(settings.RETENTION)


def _placement_requests(cutoff: dt.datetime, dry_run: bool) -> int:
    expired = PlacementRequest.objects.filter(
        status__in=[RequestStatus.LEFT, RequestStatus.CANCELLED], closed_at__lt=cutoff
    ).exclude(client_code__startswith=ANONYMOUS_PREFIX)
    count = expired.count()
    if dry_run or not count:
        return count
    pks = list(expired.values_list("pk", flat=True))
    for low, high, representative in _AGE_GROUP_AGES:
        PlacementRequest.objects.filter(pk__in=pks, age__gte=low, age__lte=high).update(age=representative)
    for pk in pks:  # each its own code: client_code is unique
        PlacementRequest.objects.filter(pk=pk).update(
            client_code=f"{ANONYMOUS_PREFIX}{pk}", languages=[], avoid_regions=[]
        )
    Proposal.objects.filter(request__in=pks).exclude(reason_text="").update(reason_text="")
    return count


def _availability_history(cutoff: dt.datetime, dry_run: bool) -> int:
    latest = (
        AvailabilitySnapshot.objects.filter(offer=OuterRef("offer"))
        .order_by("-recorded_at", "-pk")
        .values("pk")[:1]
    )
    expired = AvailabilitySnapshot.objects.filter(recorded_at__lt=cutoff).exclude(pk=Subquery(latest))
    count = expired.count()
    if not dry_run and count:
        expired.delete()
    return count


def apply_retention(now: dt.datetime | None = None, *, dry_run: bool = False) -> list[Outcome]:
    """Anonymise or delete every record past its period (see the module docstring); one transaction."""
    now = now or timezone.now()
    days = periods()
    cutoff = {kind: now - dt.timedelta(days=number) for kind, number in days.items()}
    with transaction.atomic():
        identification = apply_identification_retention(
            concluded_before=cutoff["identification_concluded"],
            withdrawn_before=cutoff["identification_withdrawn"],
            consultations_before=cutoff["identification_consultations"],
            dry_run=dry_run,
        )
        outcomes = [
            Outcome(
                "placement_requests",
                days["placement_requests"],
                cutoff["placement_requests"],
                "anonymised",
                _placement_requests(cutoff["placement_requests"], dry_run),
            ),
            Outcome(
                "availability_history",
                days["availability_history"],
                cutoff["availability_history"],
                "deleted",
                _availability_history(cutoff["availability_history"], dry_run),
            ),
            Outcome(
                "identification_applications",
                days["identification_concluded"],
                cutoff["identification_concluded"],
                "erased",
                identification.applications_erased,
            ),
            Outcome(
                "identification_consultations",
                days["identification_consultations"],
                cutoff["identification_consultations"],
                "deleted",
                identification.consultations_deleted,
            ),
            Outcome(
                "audit_entries",
                days["audit_entries"],
                cutoff["audit_entries"],
                "kept (the hash chain allows no pruning)",
                AuditEntry.objects.filter(created_at__lt=cutoff["audit_entries"]).count(),
            ),
        ]
        if not dry_run:
            record(
                None,
                "operations.retention_applied",
                details={
                    outcome.kind: {"count": outcome.count, "cutoff": outcome.cutoff.isoformat()}
                    for outcome in outcomes
                },
            )
    return outcomes
