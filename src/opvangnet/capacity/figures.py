"""What counts in supply figures: one definition each, shared by the national picture and the
data-collection rounds' prefill.

- **Places** of an offer: its current number of places (the registry keeps no history of it).
- **Free / occupied places at a moment**: those of the offer's latest availability report at or before that
  moment (`AvailabilitySnapshot`); before its first report an offer counts as unknown, not as empty.
- **Over a period** every figure is weighted by time: an average of free places is the integral of the free
  places over the part of the period with a known value, divided by its length. The same goes for occupancy
  (occupied ÷ places), the share of time with no free place, and the share of time in which the latest report
  was more than 24 hours old (*niet actueel*).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from opvangnet.capacity.models import STALE_AFTER, AvailabilitySnapshot, Offer
from opvangnet.core.periods import Period


@dataclass
class Availability:
    """Time-weighted availability of one offer over a period; seconds of known availability."""

    seconds: float = 0.0
    free_seconds: float = 0.0
    occupied_seconds: float = 0.0
    full_seconds: float = 0.0
    stale_seconds: float = 0.0

    def add(self, other: Availability) -> None:
        self.seconds += other.seconds
        self.free_seconds += other.free_seconds
        self.occupied_seconds += other.occupied_seconds
        self.full_seconds += other.full_seconds
        self.stale_seconds += other.stale_seconds

    @property
    def average_free(self) -> float | None:
        return self.free_seconds / self.seconds if self.seconds else None

    @property
    def average_occupied(self) -> float | None:
        return self.occupied_seconds / self.seconds if self.seconds else None

    @property
    def share_full(self) -> float | None:
        return self.full_seconds / self.seconds if self.seconds else None

    @property
    def share_stale(self) -> float | None:
        return self.stale_seconds / self.seconds if self.seconds else None


def availability_over(period: Period, now: dt.datetime | None = None) -> dict[int, Availability]:
    """Per offer id, its time-weighted availability over the period (up to now for a running period).

    Two queries: the last report before the period per offer (an index lookup each), and every report
    within it (ordered); then one pass in Python. A year of weekly and daily reports for 1,800 offers is
    about 100,000 rows.
    """
    low, high = period.bounds()
    high = min(high, now or timezone.now())
    if high <= low:
        return {}
    latest = AvailabilitySnapshot.objects.filter(offer=OuterRef("pk"), recorded_at__lt=low).order_by(
        "-recorded_at", "-pk"
    )
    rows: dict[int, list[tuple[dt.datetime, int, int]]] = {}
    for offer_id, moment, free, occupied in Offer.objects.annotate(
        last_at=Subquery(latest.values("recorded_at")[:1]),
        last_free=Subquery(latest.values("free_places")[:1]),
        last_occupied=Subquery(latest.values("occupied_places")[:1]),
    ).values_list("pk", "last_at", "last_free", "last_occupied"):
        if moment is not None:
            rows[offer_id] = [(moment, free, occupied)]
    for offer_id, moment, free, occupied in (
        AvailabilitySnapshot.objects.filter(recorded_at__gte=low, recorded_at__lt=high)
        .order_by("offer_id", "recorded_at", "pk")
        .values_list("offer_id", "recorded_at", "free_places", "occupied_places")
        .iterator(chunk_size=5000)
    ):
        rows.setdefault(offer_id, []).append((moment, free, occupied))
    stale_after = STALE_AFTER.total_seconds()
    result: dict[int, Availability] = {}
    for offer_id, reports in rows.items():
        figures = Availability()
        for index, (moment, free, occupied) in enumerate(reports):
            start = max(moment, low)
            end = reports[index + 1][0] if index + 1 < len(reports) else high
            length = (end - start).total_seconds()
            if length <= 0:
                continue
            figures.seconds += length
            figures.free_seconds += free * length
            figures.occupied_seconds += occupied * length
            if free == 0:
                figures.full_seconds += length
            stale_from = max(start.timestamp(), moment.timestamp() + stale_after)
            figures.stale_seconds += max(0.0, end.timestamp() - stale_from)
        result[offer_id] = figures
    return result
