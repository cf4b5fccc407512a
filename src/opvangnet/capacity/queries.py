"""The regional overview (sociale kaart): filters, totals per region and nationally."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opvangnet.capacity.models import STALE_AFTER, AvailabilitySnapshot, Offer, OfferQuerySet
from opvangnet.core import charts
from opvangnet.core.dutch import format_short_day
from opvangnet.regions.models import Region
from opvangnet.vocabulary import BED_BASED_CARE_TYPES, CareType, Exploitation, Gender, Need


class OverviewFilter(forms.Form):
    """The filters of the overview, the exports and the API; every field optional."""

    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        to_field_name="code",
        required=False,
        label=_("Region"),
        empty_label=_("All regions"),
    )
    care_type = forms.ChoiceField(
        choices=[("", _("All care types")), *CareType.choices], required=False, label=_("Care type")
    )
    exploitation = forms.ChoiceField(
        choices=[("", _("All forms")), *Exploitation.choices], required=False, label=_("Exploitation")
    )
    gender = forms.ChoiceField(
        choices=[("", _("Everyone")), *Gender.choices], required=False, label=_("Gender")
    )
    age = forms.IntegerField(min_value=0, max_value=120, required=False, label=_("Age"))
    need = forms.MultipleChoiceField(
        choices=Need.choices, required=False, label=_("Needs"), widget=forms.CheckboxSelectMultiple
    )
    free = forms.BooleanField(required=False, label=_("Only with free places"))

    def apply(self, offers: OfferQuerySet) -> OfferQuerySet:
        """Narrow a queryset by the cleaned filters. Call only after is_valid()."""
        data = self.cleaned_data
        if data.get("region"):
            offers = offers.in_region(data["region"].code)
        if data.get("care_type"):
            offers = offers.filter(care_type=data["care_type"])
        if data.get("exploitation"):
            offers = offers.serving(data["exploitation"])
        if data.get("gender"):
            offers = offers.accepting(data["gender"])
        if data.get("age") is not None:
            offers = offers.for_age(data["age"])
        for need in data.get("need") or []:
            offers = offers.supporting(need)
        if data.get("free"):
            offers = offers.with_free_places()
        return offers


@dataclass
class Totals:
    """Beds (crisis, long-term and transitional shelter) and ambulant places are never added up: a free
    ambulant place is not a bed (docs/decisions.md, "Beds and ambulant places are counted apart")."""

    offers: int = 0
    beds: int = 0
    free_beds: int = 0
    ambulant_places: int = 0
    free_ambulant_places: int = 0
    waiting_list: int = 0
    stale: int = 0


@dataclass
class RegionTotals(Totals):
    code: str = ""
    name: str = ""


@dataclass
class Overview:
    national: Totals
    regions: list[RegionTotals] = field(default_factory=list)


def _aggregates(now: datetime) -> dict[str, Any]:
    stale = Q(availability_updated_at__isnull=True) | Q(availability_updated_at__lt=now - STALE_AFTER)
    beds = Q(care_type__in=BED_BASED_CARE_TYPES)
    return {
        "offers": Count("id"),
        "beds": Sum("places", filter=beds),
        "free_beds": Sum("free_places", filter=beds),
        "ambulant_places": Sum("places", filter=~beds),
        "free_ambulant_places": Sum("free_places", filter=~beds),
        "waiting_list": Sum("waiting_list"),
        "stale": Count("id", filter=stale),
    }


def overview_totals(offers: OfferQuerySet, now: datetime | None = None) -> Overview:
    """Totals per region for the given (already filtered and scoped) offers, and their sum. One query."""
    aggregates = _aggregates(now or timezone.now())
    rows = (
        offers.order_by()
        .values("location__municipality__region__code", "location__municipality__region__name")
        .annotate(**aggregates)
        .order_by("location__municipality__region__name")
    )
    regions = [
        RegionTotals(
            code=row["location__municipality__region__code"],
            name=row["location__municipality__region__name"],
            **{key: row[key] or 0 for key in aggregates},
        )
        for row in rows
    ]
    # Every offer lies in exactly one region, so the country is the sum of its regions.
    national = Totals(**{key: sum(getattr(region, key) for region in regions) for key in aggregates})
    return Overview(national, regions)


OCCUPANCY_DAYS = 90


@dataclass(frozen=True)
class OccupancyDay:
    day: date
    occupied: int
    free: int
    waiting: int


def occupancy_over_time(
    offer: Offer, *, days: int = OCCUPANCY_DAYS, now: datetime | None = None
) -> list[OccupancyDay]:
    """The offer's places at the end of every day with a report in the last `days` days (local time), oldest
    first, starting with the last report before that window when there is one. Two queries."""
    now = now or timezone.now()
    start = now - timedelta(days=days)
    before = offer.snapshots.filter(recorded_at__lt=start).order_by("-recorded_at", "-pk").first()
    window = offer.snapshots.filter(recorded_at__gte=start, recorded_at__lte=now).order_by(
        "recorded_at", "pk"
    )
    by_day: dict[date, AvailabilitySnapshot] = {}
    if before is not None:
        by_day[timezone.localtime(start).date()] = before
    for snapshot in window.order_by("recorded_at", "pk"):
        by_day[timezone.localtime(snapshot.recorded_at).date()] = snapshot  # the day's last report wins
    return [
        OccupancyDay(day, s.occupied_places, s.free_places, s.waiting_list)
        for day, s in sorted(by_day.items())
    ]


def occupancy_chart(points: list[OccupancyDay]) -> str | None:
    """A line chart of occupied and free places per reported day; None with fewer than two days."""
    if len(points) < 2:
        return None
    return charts.light_line_chart(
        [format_short_day(point.day) for point in points],
        [
            charts.Series(str(_("Occupied places")), tuple(float(p.occupied) for p in points)),
            charts.Series(str(_("Free places")), tuple(float(p.free) for p in points)),
        ],
        value_label=str(_("places")),
    )
