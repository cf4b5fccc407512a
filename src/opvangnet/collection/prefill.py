"""The figures Opvangnet already holds for a region and a period, to prefill a data-collection form.

Every figure is one small function `(region, period) -> Figure` that only reads the capacity and placement
records; `FIGURES` names them, and a question's `prefill` field picks one by that name. A `Figure` maps a
breakdown code to a number, with "" for the total; a code that is absent was not counted (e.g. no median
without placements). The definitions, in words:

- **offers / places per care type**: active offers in the region that existed on the reference day (created
  before its end, or with an availability report before its end), and their places (as they are now: the
  registry keeps no history of the number of places).
- **beds per care type / ambulant places**: the same, apart: beds (crisis, long-term and transitional
  shelter) per care type with a total of beds, and ambulant places as a number of their own. Beds and
  ambulant places are never added up (docs/decisions.md); the national form asks for them so.
- **free places, waiting list, occupancy on the reference day**: per offer the last availability report before
  the end of the reference day, added up; occupancy is occupied / (free + occupied) of shelter with beds. Free
  beds and free ambulant places likewise apart.
- `places_per_care_type` and `free_places_on_reference_day` (per care type, their total adding both kinds)
  are kept for form versions loaded before beds and ambulant places were asked apart.
- **requests**: placement requests of the region made in the period, by the first exploitation type named
  (nearly every request names one), by gender and by age group.
- **placements**: requests of the period that led to a placement decided by the end of the period, by the care
  type of the offer; **unplaced**: the other requests of the period. So requests = placements + unplaced.
- **refusals**: proposals for the region's requests declined by a provider in the period, by care type of the
  offer, and by reason group (no place free; outside the target group; addiction, psychiatric problems or a
  mild intellectual disability; safety, language or another reason); **declined by the client** apart.
- **median hours to placement**: over the placements above, from the request to the placement decision.

Periods are whole days in the Europe/Amsterdam time zone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from opvangnet.capacity.models import AvailabilitySnapshot, Offer
from opvangnet.placement.models import PlacementRequest, Proposal, ProposalOutcome, ProviderDeclineReason
from opvangnet.regions.models import Region
from opvangnet.vocabulary import (
    BED_BASED_CARE_TYPES,
    AgeGroup,
    BedCareType,
    CareType,
    Exploitation,
    Gender,
    age_group,
)

Figure = dict[str, Decimal]


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    reference_day: date

    def bounds(self) -> tuple[datetime, datetime]:
        """From the start of the first day to the start of the day after the last, local time."""
        return _day_start(self.start), _day_start(self.end + timedelta(days=1))

    def reference_end(self) -> datetime:
        return _day_start(self.reference_day + timedelta(days=1))


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _counts(codes: Iterable[str], every: Iterable[str]) -> Figure:
    """The total and a count per code; every code of the dimension is present, zero when not seen."""
    counter = Counter(codes)
    figure = {"": Decimal(sum(counter.values()))}
    figure.update({code: Decimal(counter.get(code, 0)) for code in every})
    figure.update({code: Decimal(count) for code, count in counter.items() if code not in figure})
    return figure


def _zeros(every: Iterable[str]) -> Figure:
    return {"": Decimal(0), **{code: Decimal(0) for code in every}}


# --- capacity ----------------------------------------------------------------------------------------------


def _offers_on_reference_day(region: Region, period: Period) -> QuerySet[Offer]:
    end = period.reference_end()
    reported = AvailabilitySnapshot.objects.filter(offer=OuterRef("pk"), recorded_at__lt=end)
    return (
        Offer.objects.active()
        .in_region(region.code)
        .filter(Q(created_at__lt=end) | Q(pk__in=reported.values("offer")))
        .order_by()
    )


def _last_reports(region: Region, period: Period) -> list[tuple[str, int | None, int | None, int | None]]:
    """(care type, free, occupied, waiting) per offer from its last report before the reference day ends."""
    latest = AvailabilitySnapshot.objects.filter(
        offer=OuterRef("pk"), recorded_at__lt=period.reference_end()
    ).order_by("-recorded_at", "-pk")
    rows = _offers_on_reference_day(region, period).annotate(
        free=Subquery(latest.values("free_places")[:1]),
        occupied=Subquery(latest.values("occupied_places")[:1]),
        waiting=Subquery(latest.values("waiting_list")[:1]),
    )
    return list(rows.values_list("care_type", "free", "occupied", "waiting"))


def offers_per_care_type(region: Region, period: Period) -> Figure:
    care_types = _offers_on_reference_day(region, period).values_list("care_type", flat=True)
    return _counts(care_types, CareType.values)


def places_per_care_type(region: Region, period: Period) -> Figure:
    figure = _zeros(CareType.values)
    for care_type, places in _offers_on_reference_day(region, period).values_list("care_type", "places"):
        figure[care_type] += places
        figure[""] += places
    return figure


def free_places_on_reference_day(region: Region, period: Period) -> Figure:
    figure = _zeros(CareType.values)
    for care_type, free, _occupied, _waiting in _last_reports(region, period):
        figure[care_type] += free or 0
        figure[""] += free or 0
    return figure


def beds_per_care_type(region: Region, period: Period) -> Figure:
    """Beds per care type with beds; the total is a number of beds."""
    figure = _zeros(BedCareType.values)
    offers = _offers_on_reference_day(region, period).filter(care_type__in=BedCareType.values)
    for care_type, places in offers.values_list("care_type", "places"):
        figure[care_type] += places
        figure[""] += places
    return figure


def ambulant_places(region: Region, period: Period) -> Figure:
    """Places of ambulant help: not beds."""
    offers = _offers_on_reference_day(region, period).filter(care_type=CareType.AMBULANT)
    return {"": Decimal(sum(offers.values_list("places", flat=True)))}


def free_beds_on_reference_day(region: Region, period: Period) -> Figure:
    figure = _zeros(BedCareType.values)
    for care_type, free, _occupied, _waiting in _last_reports(region, period):
        if care_type in BedCareType.values:
            figure[care_type] += free or 0
            figure[""] += free or 0
    return figure


def free_ambulant_places_on_reference_day(region: Region, period: Period) -> Figure:
    free = (free or 0 for care_type, free, *_rest in _last_reports(region, period) if care_type == "ambulant")
    return {"": Decimal(sum(free))}


def waiting_list_on_reference_day(region: Region, period: Period) -> Figure:
    return {"": Decimal(sum(waiting or 0 for *_rest, waiting in _last_reports(region, period)))}


def occupancy_on_reference_day(region: Region, period: Period) -> Figure:
    """Percentage of occupied beds (crisis, long-term, transitional), one decimal; absent without beds."""
    free = occupied = 0
    for care_type, free_places, occupied_places, _waiting in _last_reports(region, period):
        if care_type in BED_BASED_CARE_TYPES and free_places is not None and occupied_places is not None:
            free += free_places
            occupied += occupied_places
    if free + occupied == 0:
        return {}
    share = Decimal(occupied * 100) / Decimal(free + occupied)
    return {"": share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)}


# --- requests and placements -------------------------------------------------------------------------------


def _requests(region: Region, period: Period) -> QuerySet[PlacementRequest]:
    low, high = period.bounds()
    return PlacementRequest.objects.filter(region=region, created_at__gte=low, created_at__lt=high).order_by()


def requests_by_exploitation(region: Region, period: Period) -> Figure:
    listed = _requests(region, period).values_list("exploitation", flat=True)
    first = (exploitation[0] if exploitation else Exploitation.OTHER for exploitation in listed)
    return _counts(first, Exploitation.values)


def requests_by_gender(region: Region, period: Period) -> Figure:
    return _counts(_requests(region, period).values_list("gender", flat=True), Gender.values)


def requests_by_age_group(region: Region, period: Period) -> Figure:
    ages = _requests(region, period).values_list("age", flat=True)
    return _counts((age_group(age) for age in ages), AgeGroup.values)


def _placements(region: Region, period: Period) -> list[tuple[int, str, datetime, datetime]]:
    """(request id, care type of the offer, requested at, placed at) for the period's placed requests."""
    _low, high = period.bounds()
    placed = Proposal.objects.filter(
        request__in=_requests(region, period),
        outcome=ProposalOutcome.PLACED,
        decided_at__lt=high,
    ).order_by("decided_at")
    rows: Iterable[tuple[int, str, datetime, datetime]] = placed.values_list(  # type: ignore[assignment]
        "request_id", "offer__care_type", "request__created_at", "decided_at"
    )
    first: dict[int, tuple[int, str, datetime, datetime]] = {}
    for request_id, care_type, requested_at, decided_at in rows:
        first.setdefault(request_id, (request_id, care_type, requested_at, decided_at))
    return list(first.values())


def placements_per_care_type(region: Region, period: Period) -> Figure:
    placed = _placements(region, period)
    return _counts((care_type for _id, care_type, _requested, _placed in placed), CareType.values)


def unplaced_requests(region: Region, period: Period) -> Figure:
    placed = len(_placements(region, period))
    return {"": Decimal(_requests(region, period).count() - placed)}


def median_hours_to_placement(region: Region, period: Period) -> Figure:
    hours: dict[str, list[float]] = defaultdict(list)
    for _id, care_type, requested_at, placed_at in _placements(region, period):
        value = (placed_at - requested_at).total_seconds() / 3600
        hours[care_type].append(value)
        hours[""].append(value)
    return {code: Decimal(round(median(values))) for code, values in hours.items()}


# --- refusals ----------------------------------------------------------------------------------------------


def _refusals(region: Region, period: Period, outcome: str) -> QuerySet[Proposal]:
    low, high = period.bounds()
    return Proposal.objects.filter(
        request__region=region, outcome=outcome, decided_at__gte=low, decided_at__lt=high
    ).order_by()


def _provider_refusals(region: Region, period: Period, reasons: Iterable[str] | None = None) -> Figure:
    refusals = _refusals(region, period, ProposalOutcome.DECLINED_BY_PROVIDER)
    if reasons is not None:
        refusals = refusals.filter(reason__in=list(reasons))
    return _counts(refusals.values_list("offer__care_type", flat=True), CareType.values)


def refusals_per_care_type(region: Region, period: Period) -> Figure:
    return _provider_refusals(region, period)


def _total(figure: Figure) -> Figure:
    return {"": figure.get("", Decimal(0))}


CARE_NEED_REASONS = (
    ProviderDeclineReason.ADDICTION,
    ProviderDeclineReason.PSYCHIATRIC,
    ProviderDeclineReason.INTELLECTUAL_DISABILITY,
)
OTHER_REASONS = (ProviderDeclineReason.SAFETY, ProviderDeclineReason.LANGUAGE, ProviderDeclineReason.OTHER)


def refusals_no_place(region: Region, period: Period) -> Figure:
    return _total(_provider_refusals(region, period, [ProviderDeclineReason.FULL]))


def refusals_target_group(region: Region, period: Period) -> Figure:
    return _total(_provider_refusals(region, period, [ProviderDeclineReason.TARGET_GROUP]))


def refusals_care_needs(region: Region, period: Period) -> Figure:
    return _total(_provider_refusals(region, period, CARE_NEED_REASONS))


def refusals_other_reason(region: Region, period: Period) -> Figure:
    """Safety, language, "other", and any reason code outside the known list, so the groups add up."""
    known = [ProviderDeclineReason.FULL, ProviderDeclineReason.TARGET_GROUP, *CARE_NEED_REASONS]
    refusals = _refusals(region, period, ProposalOutcome.DECLINED_BY_PROVIDER).exclude(reason__in=known)
    return {"": Decimal(refusals.count())}


def declined_by_client(region: Region, period: Period) -> Figure:
    return {"": Decimal(_refusals(region, period, ProposalOutcome.DECLINED_BY_CLIENT).count())}


FIGURES: dict[str, Callable[[Region, Period], Figure]] = {
    "offers_per_care_type": offers_per_care_type,
    "places_per_care_type": places_per_care_type,
    "free_places_on_reference_day": free_places_on_reference_day,
    "beds_per_care_type": beds_per_care_type,
    "ambulant_places": ambulant_places,
    "free_beds_on_reference_day": free_beds_on_reference_day,
    "free_ambulant_places_on_reference_day": free_ambulant_places_on_reference_day,
    "waiting_list_on_reference_day": waiting_list_on_reference_day,
    "occupancy_on_reference_day": occupancy_on_reference_day,
    "requests_by_exploitation": requests_by_exploitation,
    "requests_by_gender": requests_by_gender,
    "requests_by_age_group": requests_by_age_group,
    "placements_per_care_type": placements_per_care_type,
    "unplaced_requests": unplaced_requests,
    "median_hours_to_placement": median_hours_to_placement,
    "refusals_per_care_type": refusals_per_care_type,
    "refusals_no_place": refusals_no_place,
    "refusals_target_group": refusals_target_group,
    "refusals_care_needs": refusals_care_needs,
    "refusals_other_reason": refusals_other_reason,
    "declined_by_client": declined_by_client,
}


def compute(names: Iterable[str], region: Region, period: Period) -> dict[str, Figure]:
    """The named figures for one region and period; unknown names are skipped."""
    return {name: FIGURES[name](region, period) for name in dict.fromkeys(names) if name in FIGURES}
