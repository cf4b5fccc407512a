"""Today's estimate: a `simulate`/`plan` input built from the placement history and today's offers.

Reads placement requests and offers through their QuerySets and changes nothing. What it estimates:

- arrivals per day per region × care type × target group: every request made in the period counts, also
  those that were cancelled or are still waiting, because unmet demand is demand;
- lengths of stay per care type (nationally: a region has too few stays of its own) from the stays that ended,
  as a lognormal with the observed mean and spread;
- the share moving on per care type (crisis → long-term → transitional) from the recorded destinations, and
  the requests of the next care type that those people explain, so they are not counted twice;
- monthly seasonality per care type (nationally) when the period covers at least twelve months;
- places per region × care type × target group from today's active offers.

Target groups for planning are two: women (with non-binary people, who are few and mostly placed in the same
shelters) and men, whose places are scarce; see docs/decisions.md.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from opvangnet.capacity.models import Offer
from opvangnet.placement.models import ExitDestination, PlacementRequest
from opvangnet.regions.models import Region
from opvangnet.vocabulary import CareType

CHAIN: tuple[str, ...] = (CareType.CRISIS, CareType.LONG_TERM, CareType.TRANSITIONAL)
NEXT_IN_CHAIN: dict[str, str] = {
    CareType.CRISIS: CareType.LONG_TERM,
    CareType.LONG_TERM: CareType.TRANSITIONAL,
}
GROUPS = ("woman", "man")
# Used when the history holds fewer than MIN_STAYS ended stays of a care type (days: mean, sd).
DEFAULT_STAYS: dict[str, tuple[float, float]] = {
    CareType.CRISIS: (45.0, 30.0),
    CareType.LONG_TERM: (240.0, 120.0),
    CareType.TRANSITIONAL: (240.0, 90.0),
}
MIN_STAYS = 10
NEIGHBOURS = 3
# Illustrative costs per place-day in euro (a dedicated programme of 36 places costs about €2m a year,
# some €150 a place-day); replace them with the real tariffs in the scenario.
DEFAULT_COST_PER_PLACE_DAY = {CareType.CRISIS: 200, CareType.LONG_TERM: 150, CareType.TRANSITIONAL: 100}
DEFAULT_TARGETS = {CareType.CRISIS: (1, 0.95), CareType.LONG_TERM: (14, 0.90)}
WARMUP_DAYS = 730
RESULT_YEARS = 2
REPLICATIONS = 40


@dataclass(frozen=True)
class Period:
    start: date  # first day
    end: date  # first day after

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @classmethod
    def from_months(cls, first: str, last: str) -> Period:
        """`2025-01`, `2025-12` → 1 January 2025 up to 1 January 2026. Raises ValueError on bad input."""
        start = _month(first)
        end_month = _month(last)
        end = date(end_month.year + (end_month.month == 12), end_month.month % 12 + 1, 1)
        if end <= start:
            raise ValueError(f"--to {last} lies before --from {first}")
        return cls(start, end)

    @classmethod
    def last_twelve_months(cls, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        end = date(today.year, today.month, 1)
        return cls(date(end.year - 1, end.month, 1), end)


def _month(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError as error:
        raise ValueError(f"{text!r} is not a month like 2025-01") from error


def group_of(gender: str) -> str:
    return "man" if gender == "man" else "woman"


def pool_id(region: str, care_type: str, group: str) -> str:
    return f"{region}-{care_type}-{group}"


def stream_id(region: str, care_type: str, group: str) -> str:
    return f"{region}-{care_type}-{group}"


def _distance(a: Region, b: Region) -> float:
    if a.longitude is None or a.latitude is None or b.longitude is None or b.latitude is None:
        return math.inf
    x = (a.longitude - b.longitude) * math.cos(math.radians((a.latitude + b.latitude) / 2))
    return math.hypot(x, a.latitude - b.latitude)


def neighbours(regions: list[Region], count: int = NEIGHBOURS) -> dict[str, list[str]]:
    """Each region's nearest regions by the distance between their centres."""
    return {
        region.code: [
            other.code
            for other in sorted(
                (r for r in regions if r.pk != region.pk), key=lambda r: _distance(region, r)
            )[:count]
        ]
        for region in regions
    }


def places_today() -> dict[tuple[str, str, str], int]:
    """Places of today's active offers per (region, care type, group); an offer taking men counts for men."""
    places: Counter[tuple[str, str, str]] = Counter()
    offers = (
        Offer.objects.active()
        .filter(care_type__in=CHAIN)
        .values_list("location__municipality__region__code", "care_type", "accepts_man", "places")
    )
    for region, care_type, takes_men, count in offers:
        places[(region, care_type, "man" if takes_men else "woman")] += count
    return dict(places)


def _stays(period: Period) -> dict[str, tuple[float, float, int]]:
    """Mean and sd of the ended stays per care type that began in or before the period; defaults if few."""
    lengths: dict[str, list[int]] = defaultdict(list)
    rows = PlacementRequest.objects.filter(
        care_type__in=CHAIN, intake_date__isnull=False, exit_date__isnull=False, intake_date__lt=period.end
    ).values_list("care_type", "intake_date", "exit_date")
    for care_type, intake, leaving in rows:
        if intake is not None and leaving is not None:
            lengths[care_type].append(max(1, (leaving - intake).days))
    out: dict[str, tuple[float, float, int]] = {}
    for care_type in CHAIN:
        values = lengths.get(care_type, [])
        if len(values) >= MIN_STAYS:
            mean = sum(values) / len(values)
            sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
            out[care_type] = (mean, max(sd, 1.0), len(values))
        else:
            mean, sd = DEFAULT_STAYS[care_type]
            out[care_type] = (mean, sd, len(values))
    return out


def _onward_shares() -> dict[str, float]:
    """Of the stays that ended, the share whose destination was another offer, per care type."""
    ended: Counter[str] = Counter()
    moved: Counter[str] = Counter()
    rows = PlacementRequest.objects.filter(care_type__in=CHAIN, exit_date__isnull=False).exclude(
        exit_destination=""
    )
    for care_type, destination in rows.values_list("care_type", "exit_destination"):
        ended[care_type] += 1
        moved[care_type] += destination == ExitDestination.MOVED_ON
    return {c: (moved[c] / ended[c] if ended[c] and c in NEXT_IN_CHAIN else 0.0) for c in CHAIN}


def _seasonality(period: Period) -> dict[str, list[float] | None]:
    if period.days < 365:
        return {c: None for c in CHAIN}
    by_month: dict[str, Counter[int]] = defaultdict(Counter)
    rows = PlacementRequest.objects.filter(
        care_type__in=CHAIN, created_at__date__gte=period.start, created_at__date__lt=period.end
    ).values_list("care_type", "created_at")
    for care_type, created in rows:
        by_month[care_type][timezone.localtime(created).month] += 1
    out: dict[str, list[float] | None] = {}
    for care_type in CHAIN:
        counts = [by_month[care_type][m] for m in range(1, 13)]
        mean = sum(counts) / 12
        # Shrunk halfway to flat: a dozen requests in a month is too few to trust the month on its own.
        out[care_type] = [round(0.5 + 0.5 * c / mean, 4) for c in counts] if mean > 0 else None
    return out


def demand(period: Period) -> Counter[tuple[str, str, str]]:
    """Requests made in the period per (region, care type, group), whatever became of them."""
    counts: Counter[tuple[str, str, str]] = Counter()
    rows = PlacementRequest.objects.filter(
        care_type__in=CHAIN, created_at__date__gte=period.start, created_at__date__lt=period.end
    ).values_list("region__code", "care_type", "gender")
    for region, care_type, gender in rows:
        counts[(region, care_type, group_of(gender))] += 1
    return counts


def estimate(period: Period, *, replications: int = REPLICATIONS, seed: int = 1) -> dict[str, Any]:
    """The `plan` input (a superset of `simulate`'s) that describes today: see the module docstring."""
    regions = list(Region.objects.order_by("code"))
    near = neighbours(regions)
    counts = demand(period)
    stays = _stays(period)
    onward = _onward_shares()
    season = _seasonality(period)
    places = places_today()
    # Requests of the next care type that people moving on explain are not new arrivals.
    external: dict[tuple[str, str, str], float] = {}
    for region in regions:
        for group in GROUPS:
            for care_type in CHAIN:
                total = counts[(region.code, care_type, group)] / period.days
                previous = next((c for c, n in NEXT_IN_CHAIN.items() if n == care_type), None)
                inflow = 0.0
                if previous is not None:
                    inflow = counts[(region.code, previous, group)] / period.days * onward[previous]
                external[(region.code, care_type, group)] = max(0.0, total - inflow)
    used = {key for key, rate in external.items() if rate > 0}
    # A stream moving on needs its next stream, even without arrivals of its own.
    for code, care, target_group in sorted(used):
        following = NEXT_IN_CHAIN.get(care)
        while following is not None and onward[care] > 0:
            used.add((code, following, target_group))
            care, following = following, NEXT_IN_CHAIN.get(following)
    pools = []
    for region in regions:
        for care_type in CHAIN:
            for group in GROUPS:
                key = (region.code, care_type, group)
                if places.get(key, 0) > 0 or key in used:
                    pools.append(
                        {
                            "id": pool_id(*key),
                            "region": region.code,
                            "care_type": care_type,
                            "capacity": places.get(key, 0),
                            "groups": [group],
                        }
                    )
    streams = []
    for region in regions:
        for care_type in CHAIN:
            for group in GROUPS:
                key = (region.code, care_type, group)
                if key not in used:
                    continue
                eligible = [pool_id(*key)]
                if places.get(key, 0) == 0:
                    # No such places at home: people go where there are, nearest first, as today.
                    elsewhere = sorted(
                        (r for r in regions if places.get((r.code, care_type, group), 0) > 0),
                        key=lambda r, home=region: _distance(home, r),  # type: ignore[misc]
                    )
                    eligible += [pool_id(r.code, care_type, group) for r in elsewhere[:NEIGHBOURS]]
                mean, sd, _n = stays[care_type]
                following = NEXT_IN_CHAIN.get(care_type)
                stream: dict[str, Any] = {
                    "id": stream_id(*key),
                    "region": region.code,
                    "care_type": care_type,
                    "group": group,
                    "arrivals_per_day": round(external[key], 6),
                    "stay_days": {"dist": "lognormal", "mean": round(mean, 2), "sd": round(sd, 2)},
                    "eligible_pools": eligible,
                }
                if season[care_type] is not None:
                    stream["seasonality"] = season[care_type]
                if following is not None and onward[care_type] > 0:
                    stream["next"] = [
                        {
                            "stream": stream_id(region.code, following, group),
                            "probability": round(onward[care_type], 4),
                        }
                    ]
                streams.append(stream)
    targets = [
        {
            "stream": s["id"],
            "within_days": DEFAULT_TARGETS[s["care_type"]][0],
            "share": DEFAULT_TARGETS[s["care_type"]][1],
        }
        for s in streams
        if s["care_type"] in DEFAULT_TARGETS
    ]
    return {
        "horizon_days": WARMUP_DAYS + 365 * RESULT_YEARS,
        "warmup_days": WARMUP_DAYS,
        "replications": replications,
        "seed": seed,
        "start_month": timezone.localdate().month,
        "within_days": [0, 1, 7, 14, 30, 90],
        "pools": pools,
        "streams": streams,
        "regions": {code: {"neighbours": codes} for code, codes in near.items()},
        "levers": {"open_crisis_to_men": False, "pool_with_neighbours": False, "stay_factor": {}},
        "targets": targets,
        "cost_per_place_day": {k: v for k, v in DEFAULT_COST_PER_PLACE_DAY.items()},
        "max_extra_per_pool": 50,
        "source": {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "requests": sum(counts.values()),
            "stays": {
                c: {"mean": round(stays[c][0], 1), "sd": round(stays[c][1], 1), "ended": stays[c][2]}
                for c in CHAIN
            },
            "onward_share": {c: round(onward[c], 4) for c in CHAIN},
        },
    }
