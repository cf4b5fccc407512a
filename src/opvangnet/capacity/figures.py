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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
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
    # The offer's last report before the end of the period: (seconds since 1970, free, occupied).
    last_report: tuple[float, int, int] | None = None

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
    """Per offer id, its time-weighted availability over the period (up to now for a running period), with
    its last report before the period's end (`last_report`).

    One query, added up in the database: each report's segment runs until the offer's next report (a window
    function) or the end of the period; the last report before the period opens it. That report is looked up
    per offer through the `(offer, -recorded_at)` index. A year at `seed --scale 10` (about
    130,000 reports of 1,800 offers) comes back as 1,800 rows.
    """
    low, high = period.bounds()
    high = min(high, now or timezone.now())
    if high <= low:
        return {}
    params: list[Any] = [
        connection.ops.adapt_datetimefield_value(low),
        connection.ops.adapt_datetimefield_value(high),
    ]
    params.append(connection.ops.adapt_datetimefield_value(low))
    params += [low.timestamp()] * 2 + [high.timestamp()] * 2 + [STALE_AFTER.total_seconds()] * 3
    sql = _AVAILABILITY_SQL.format(
        snapshot=_SNAPSHOT, offer=_OFFER, epoch_at=_epoch(connection.vendor, "recorded_at")
    )
    result: dict[int, Availability] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for offer_id, seconds, free, occupied, full, stale, last_at, last_free, last_occ in cursor.fetchall():
            result[offer_id] = Availability(
                float(seconds or 0),
                float(free or 0),
                float(occupied or 0),
                float(full or 0),
                float(stale or 0),
                (float(last_at), int(last_free), int(last_occ)) if last_at is not None else None,
            )
    return result


def continue_availability(
    opening: Mapping[int, tuple[float, int, int]],
    reports: Sequence[tuple[int, dt.datetime, int, int]],
    low: dt.datetime,
    high: dt.datetime,
) -> dict[int, Availability]:
    """The same figures as `availability_over` for a short stretch [low, high), added up in Python from each
    offer's last report before it (`opening`, as `last_report` gives it) and the reports within it
    (offer id, moment, free, occupied; ordered by offer and moment). For the running day, which changes with
    every report and every second."""
    by_offer: dict[int, list[tuple[float, int, int]]] = {offer: [start] for offer, start in opening.items()}
    for offer_id, moment, free, occupied in reports:
        by_offer.setdefault(offer_id, []).append((moment.timestamp(), free, occupied))
    low_s, high_s, stale_after = low.timestamp(), high.timestamp(), STALE_AFTER.total_seconds()
    result: dict[int, Availability] = {}
    for offer_id, rows in by_offer.items():
        figures = Availability()
        for index, (at, free, occupied) in enumerate(rows):
            start = max(at, low_s)
            end = min(rows[index + 1][0], high_s) if index + 1 < len(rows) else high_s
            if end <= start:
                continue
            length = end - start
            figures.seconds += length
            figures.free_seconds += free * length
            figures.occupied_seconds += occupied * length
            if free == 0:
                figures.full_seconds += length
            figures.stale_seconds += max(0.0, end - max(start, at + stale_after))
            figures.last_report = (at, free, occupied)
        result[offer_id] = figures
    return result


_SNAPSHOT = AvailabilitySnapshot._meta.db_table
_OFFER = Offer._meta.db_table


def _epoch(vendor: str, column: str) -> str:
    """Seconds since 1970 of a timestamp column, in the database's own dialect."""
    if vendor == "postgresql":
        return f"CAST(EXTRACT(EPOCH FROM {column}) AS double precision)"
    if vendor == "sqlite":  # Django stores UTC text; julianday keeps the fraction of a second
        return f"((julianday({column}) - 2440587.5) * 86400.0)"
    raise NotImplementedError(f"availability figures are not written for {vendor}")


# The period's reports and each offer's last report before it (two index scans, not one scan with OR), as
# segments until the next report, clipped to the period; then one row per offer. A report's segment is stale
# from 24 hours after it was made. CASE instead of GREATEST/LEAST: the same on both databases.
_AVAILABILITY_SQL = """
WITH picked AS (
    SELECT s.id, s.offer_id, s.recorded_at, s.free_places, s.occupied_places
    FROM {snapshot} s WHERE s.recorded_at >= %s AND s.recorded_at < %s
    UNION ALL
    SELECT s.id, s.offer_id, s.recorded_at, s.free_places, s.occupied_places
    FROM {snapshot} s WHERE s.id IN (
        SELECT (SELECT p.id FROM {snapshot} p WHERE p.offer_id = o.id AND p.recorded_at < %s
                ORDER BY p.recorded_at DESC, p.id DESC LIMIT 1)
        FROM {offer} o
    )
), reports AS (
    SELECT id, offer_id, free_places AS free, occupied_places AS occupied, {epoch_at} AS at_s,
           LEAD({epoch_at}) OVER (PARTITION BY offer_id ORDER BY recorded_at, id) AS next_s
    FROM picked
), segments AS (
    SELECT id, offer_id, free, occupied, at_s, next_s,
           CASE WHEN at_s > %s THEN at_s ELSE %s END AS start_s,
           CASE WHEN next_s IS NULL OR next_s > %s THEN %s ELSE next_s END AS end_s
    FROM reports
)
SELECT offer_id,
       SUM(end_s - start_s),
       SUM(free * (end_s - start_s)),
       SUM(occupied * (end_s - start_s)),
       SUM(CASE WHEN free = 0 THEN end_s - start_s ELSE 0 END),
       SUM(CASE WHEN end_s > at_s + %s
                THEN end_s - CASE WHEN start_s > at_s + %s THEN start_s ELSE at_s + %s END
                ELSE 0 END),
       MAX(CASE WHEN next_s IS NULL THEN at_s END),
       MAX(CASE WHEN next_s IS NULL THEN free END),
       MAX(CASE WHEN next_s IS NULL THEN occupied END)
FROM segments
WHERE end_s > start_s
GROUP BY offer_id
"""
