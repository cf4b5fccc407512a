"""The one aggregation module of the national picture: every page, export, API endpoint and the `picture`
command
ask it, for any whole period and any breakdown.

The registry's definitions of what counts live in `placement/figures.py` and `capacity/figures.py`; this
module reads each period's records once into small *facts* (one per request, refusal and offer) and adds them
up by the breakdowns asked for. The breakdowns:

- `region` (care region of the request, or of the offer's location), `police_unit` (the police unit of the
  care region's central municipality, so regions nest in police units for requests and offers alike);
- `care_type`, `gender`, `age_group` (vocabulary codes);
- `exploitation`: the request's exploitation type, or `multiple` when it names more than one;
- `need`: `none`, the one need a request names, or `multiple` (so the groups add up to the total).

Supply by a target-group breakdown counts an offer in every group it takes (an offer for women and men is in
both rows), so supply rows do not add up; demand and outcomes always do.

Nothing is stored: a placement or an availability report shows on the next load. Reads are cached under
keys that move with every write ("the cache" below), and each breakdown adds up the records once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import Any

import numpy
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Q, Sum
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone

from opvangnet.capacity import figures as supply_figures
from opvangnet.capacity.models import AvailabilitySnapshot, Offer
from opvangnet.core import disclosure
from opvangnet.core.periods import Period
from opvangnet.placement import figures as placement_figures
from opvangnet.placement.models import ExitDestination, PlacementRequest
from opvangnet.regions.models import Municipality, PoliceUnit, Region
from opvangnet.vocabulary import (
    BED_BASED_CARE_TYPES,
    EXPLOITATION_FIELDS,
    GENDER_FIELDS,
    NEED_FIELDS,
    AgeGroup,
    CareType,
    Exploitation,
    Gender,
    Need,
    age_group,
)

DIMENSIONS = ("region", "police_unit", "exploitation", "care_type", "gender", "age_group", "need")
GEOGRAPHIC = ("region", "police_unit")
MULTIPLE = "multiple"
NO_NEED = "none"
COUNTS = (
    "requests",
    "placed",
    "placed_within_1_day",
    "placed_within_7_days",
    "refusals",
    "unmet",
)
AGE_RANGES: dict[str, tuple[int, int]] = {
    AgeGroup.MINOR: (0, 17),
    AgeGroup.YOUNG_ADULT: (18, 23),
    AgeGroup.ADULT: (24, 120),
}
LOW_UTILISATION, HIGH_UTILISATION = 0.65, 1.05


# --- geography ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Geography:
    region_names: dict[str, str]
    police_names: dict[str, str]
    police_of_region: dict[str, str]
    region_of_municipality: dict[int, str]

    def regions_in(self, police_unit: str) -> list[str]:
        return [code for code, unit in self.police_of_region.items() if unit == police_unit]


def geography() -> Geography:
    """Regions, police units and which unit each region belongs to (that of its central municipality, else
    the unit of most of its municipalities). Three queries."""
    regions = dict(Region.objects.order_by("code").values_list("code", "name"))
    units = dict(PoliceUnit.objects.order_by("code").values_list("code", "name"))
    by_cbs: dict[str, str] = {}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    of_municipality: dict[int, str] = {}
    for pk, cbs, region, unit in Municipality.objects.values_list(
        "pk", "cbs_code", "region__code", "police_unit__code"
    ):
        of_municipality[pk] = region
        if unit:
            by_cbs[cbs] = unit
            votes[region][unit] += 1
    central = dict(Region.objects.values_list("code", "central_municipality_code"))
    police_of_region: dict[str, str] = {}
    for code in regions:
        found = by_cbs.get(central.get(code) or "") or ""
        if not found and votes[code]:
            found = votes[code].most_common(1)[0][0]
        police_of_region[code] = found
    return Geography(regions, units, police_of_region, of_municipality)


def codes(dimension: str, geo: Geography) -> list[str]:
    """Every value of a breakdown, in display order."""
    if dimension == "region":
        return list(geo.region_names)
    if dimension == "police_unit":
        return sorted({unit for unit in geo.police_of_region.values()} | set(geo.police_names))
    return list(_fixed_codes()[dimension])


@lru_cache(maxsize=1)
def _fixed_codes() -> dict[str, tuple[str, ...]]:
    # The vocabulary's enums are fixed: reading `.values` costs microseconds each, and breakdowns ask often.
    return {
        "exploitation": (*map(str, Exploitation.values), MULTIPLE),
        "care_type": tuple(map(str, CareType.values)),
        "gender": tuple(map(str, Gender.values)),
        "age_group": tuple(map(str, AgeGroup.values)),
        "need": (NO_NEED, *map(str, Need.values), MULTIPLE),
    }


def label(dimension: str, code: str, geo: Geography) -> str:
    """The readable name of a breakdown value in the active language."""
    from django.utils.translation import gettext as _

    if dimension == "region":
        return geo.region_names.get(code, code)
    if dimension == "police_unit":
        return geo.police_names.get(code, code or _("Unknown"))
    if code == MULTIPLE:
        return _("More than one")
    if code == NO_NEED:
        return _("No specific needs")
    choices = {
        "exploitation": Exploitation,
        "care_type": CareType,
        "gender": Gender,
        "age_group": AgeGroup,
        "need": Need,
    }[dimension]
    return str(choices(code).label) if code in choices.values else code


def exploitation_code(types: Sequence[str]) -> str:
    known = [code for code in types if code in _fixed_codes()["exploitation"] and code != MULTIPLE]
    return known[0] if len(known) == 1 else (MULTIPLE if known else str(Exploitation.OTHER))


def need_code(needs: Sequence[str]) -> str:
    known = [code for code in needs if code in _fixed_codes()["need"] and code not in (NO_NEED, MULTIPLE)]
    return NO_NEED if not known else (known[0] if len(known) == 1 else MULTIPLE)


# --- facts --------------------------------------------------------------------------------------------------


# Plain strings: facts hold codes, and an enum member hashes by its name, not its value.
BED_CODES = frozenset(str(care_type.value) for care_type in BED_BASED_CARE_TYPES)


@dataclass(slots=True)
class RequestFact:
    pk: int
    created: dt.datetime
    region: str
    police_unit: str
    exploitation: str
    care_type: str
    gender: str
    age_group: str
    need: str
    root: int
    hours: float | None  # to placement; None when not placed
    unmet: bool | None
    placed_region: str | None

    def value(self, dimension: str) -> str:
        return str(getattr(self, dimension))

    @property
    def placed(self) -> bool:
        return self.hours is not None


@dataclass(slots=True)
class RefusalFact:
    region: str
    police_unit: str
    exploitation: str
    care_type: str
    gender: str
    age_group: str
    need: str
    outcome: str
    reason: str

    def value(self, dimension: str) -> str:
        return str(getattr(self, dimension))


@dataclass(slots=True)
class OfferFact:
    pk: int
    name: str
    organisation: str
    region: str
    police_unit: str
    care_type: str
    places: int
    free_now: int
    availability: supply_figures.Availability
    exploitation: frozenset[str]
    gender: frozenset[str]
    min_age: int
    max_age: int
    needs: frozenset[str]
    # The rows of each breakdown this offer counts in (see `serves`), worked out once.
    rows: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def rows_of(self, dimension: str, geo: Geography) -> tuple[str, ...]:
        if dimension not in self.rows:
            self.rows[dimension] = self._rows_of(dimension, geo)
        return self.rows[dimension]

    def _rows_of(self, dimension: str, geo: Geography) -> tuple[str, ...]:
        """The same rows as `serves` gives, from the offer's own values directly."""
        if dimension in ("region", "police_unit", "care_type"):
            value = str(getattr(self, dimension))
            return (value,) if value in codes(dimension, geo) else ()
        fixed = _fixed_codes()[dimension]
        if dimension == "exploitation":
            found = tuple(c for c in fixed if c in self.exploitation)
            return (*found, MULTIPLE) if len(self.exploitation) > 1 else found
        if dimension == "gender":
            return tuple(c for c in fixed if c in self.gender)
        if dimension == "need":
            found = tuple(c for c in fixed if c in self.needs)
            return (NO_NEED, *found, MULTIPLE) if len(self.needs) > 1 else (NO_NEED, *found)
        return tuple(c for c in fixed if self.serves(dimension, c))

    def serves(self, dimension: str, code: str) -> bool:
        """Whether this offer belongs in the row `dimension = code` of a supply breakdown."""
        if dimension in ("region", "police_unit", "care_type"):
            return str(getattr(self, dimension)) == code
        if dimension == "exploitation":
            return code in self.exploitation or (code == MULTIPLE and len(self.exploitation) > 1)
        if dimension == "gender":
            return code in self.gender
        if dimension == "age_group":
            low, high = AGE_RANGES.get(code, (0, 120))
            return self.min_age <= high and self.max_age >= low
        if dimension == "need":
            return code == NO_NEED or code in self.needs or (code == MULTIPLE and len(self.needs) > 1)
        return False

    @property
    def is_bed_based(self) -> bool:
        """Crisis, long-term or transitional shelter: its places are beds (ambulant places are not)."""
        return self.care_type in BED_CODES

    @property
    def occupancy(self) -> float | None:
        occupied = self.availability.average_occupied
        return occupied / self.places if occupied is not None and self.places else None


def _roots() -> dict[int, int]:
    """Each request's first request of the same person (following `previous_request`). One query."""
    parent = dict(
        PlacementRequest.objects.filter(previous_request__isnull=False).values_list(
            "pk", "previous_request_id"
        )
    )

    def root(pk: int) -> int:
        seen = set()
        while pk in parent and pk not in seen:
            seen.add(pk)
            pk = parent[pk]
        return pk

    return {pk: root(pk) for pk in parent}


def request_facts(period: Period, geo: Geography | None = None) -> list[RequestFact]:
    """One fact per request registered in the period. Three queries."""
    geo = geo or geography()
    roots = _roots()
    requests = placement_figures.requests_in(period)
    moments = placement_figures.placement_moments(requests)
    rows = (
        requests.order_by()
        .annotate(**_first_codes("exploitation"), **_first_codes("needs"))
        .values_list(
            "pk",
            "created_at",
            "region__code",
            "care_type",
            "gender",
            "age",
            "fitting_free_at_intake",
            "placed_offer__location__municipality__region__code",
            *_FIRST_CODES["exploitation"],
            *_FIRST_CODES["needs"],
        )
    )
    police_of_region = geo.police_of_region
    facts = []
    for pk, created, region, care_type, gender, age, fitting, placed_region, *lists in rows:
        facts.append(
            RequestFact(
                pk=pk,
                created=created,
                region=region,
                police_unit=police_of_region.get(region, ""),
                exploitation=exploitation_code([code for code in lists[:3] if code]),
                care_type=care_type,
                gender=gender,
                age_group=str(age_group(age)),
                need=need_code([code for code in lists[3:] if code]),
                root=roots.get(pk, pk),
                hours=placement_figures.hours_to_placement(created, moments.get(pk))
                if placed_region
                else None,
                unmet=None if fitting is None else fitting == 0,
                placed_region=placed_region,
            )
        )
    facts.sort(key=lambda fact: (fact.created, fact.pk))
    return facts


def refusal_facts(period: Period, geo: Geography | None = None) -> list[RefusalFact]:
    """One fact per refusal decided in the period, described by its request. One query."""
    geo = geo or geography()
    rows = (
        placement_figures.refusals_in(period)
        .annotate(**_first_codes("exploitation", "request__"), **_first_codes("needs", "request__"))
        .values_list(
            "request__region__code",
            "request__care_type",
            "request__gender",
            "request__age",
            "outcome",
            "reason",
            *_FIRST_CODES["exploitation"],
            *_FIRST_CODES["needs"],
        )
    )
    return [
        RefusalFact(
            region=region,
            police_unit=geo.police_of_region.get(region, ""),
            exploitation=exploitation_code([code for code in lists[:3] if code]),
            care_type=care_type,
            gender=gender,
            age_group=str(age_group(age)),
            need=need_code([code for code in lists[3:] if code]),
            outcome=outcome,
            reason=reason,
        )
        for region, care_type, gender, age, outcome, reason, *lists in rows
    ]


# A request names at most a few exploitation types and needs; what its breakdown value is (one, none or
# "more than one") follows from the first three, read by the database as text: decoding every JSON list in
# Python was most of the time of reading a year's requests.
_FIRST_CODES = {name: [f"{name}_{index}" for index in range(3)] for name in ("exploitation", "needs")}


def _first_codes(name: str, prefix: str = "") -> dict[str, KeyTextTransform]:
    return {
        alias: KeyTextTransform(str(index), f"{prefix}{name}")
        for index, alias in enumerate(_FIRST_CODES[name])
    }


def offer_facts(period: Period, geo: Geography | None = None) -> list[OfferFact]:
    """One fact per active offer with its time-weighted availability over the period; free places now
    are those of its latest report (the registry's definition of free places at a moment), else its own."""
    geo = geo or geography()
    availability = _availability(period)
    facts = []
    for (
        pk,
        name,
        organisation,
        region,
        care_type,
        places,
        free,
        exploitation,
        gender,
        low,
        high,
        needs,
    ) in _offer_rows(geo):
        found = availability.get(pk) or supply_figures.Availability()
        facts.append(
            OfferFact(
                pk=pk,
                name=name,
                organisation=organisation,
                region=region,
                police_unit=geo.police_of_region.get(region, ""),
                care_type=care_type,
                places=places,
                free_now=found.last_report[1] if found.last_report else free,
                availability=found,
                exploitation=frozenset(exploitation),
                gender=frozenset(gender),
                min_age=low,
                max_age=high,
                needs=frozenset(needs),
            )
        )
    return facts


def _offer_rows(geo: Geography) -> list[tuple[Any, ...]]:
    """The active offers as plain rows, cached per state of the offers and locations (an offer's changes bump
    its `updated_at`; locations are fingerprinted by count, largest id, active ones and municipalities).
    Two aggregate queries when cached."""
    from opvangnet.regions.models import Location

    offers = Offer.objects.aggregate(n=Count("pk"), u=Max("updated_at"), a=Count("pk", filter=Q(active=True)))
    locations = Location.objects.aggregate(
        n=Count("pk"), m=Max("pk"), a=Count("pk", filter=Q(active=True)), s=Sum("municipality_id")
    )
    where = hashlib.sha256(repr(sorted(geo.region_of_municipality.items())).encode()).hexdigest()
    key = _cache_key("offers", sorted(offers.items()), sorted(locations.items()), where)
    found = cache.get(key)
    if found is not None:
        return found
    fields = ["pk", "name", "location__organisation__name", "location__municipality_id", "care_type"]
    fields += ["places", "free_places", "min_age", "max_age"]
    flags = [*EXPLOITATION_FIELDS.values(), *GENDER_FIELDS.values(), *NEED_FIELDS.values()]
    rows = []
    for row in Offer.objects.active().filter(location__active=True).order_by("pk").values(*fields, *flags):
        rows.append(
            (
                row["pk"],
                row["name"],
                row["location__organisation__name"],
                geo.region_of_municipality.get(row["location__municipality_id"], ""),
                row["care_type"],
                row["places"],
                row["free_places"],
                tuple(c for c, f in EXPLOITATION_FIELDS.items() if row[f]),
                tuple(c for c, f in GENDER_FIELDS.items() if row[f]),
                row["min_age"],
                row["max_age"],
                tuple(c for c, f in NEED_FIELDS.items() if row[f]),
            )
        )
    cache.set(key, rows, CACHE_SECONDS)
    return rows


@lru_cache(maxsize=8)
def _population(year: int, version: tuple[int, int]) -> dict[str, int]:
    from opvangnet.insights.models import Population

    rows = Population.objects.filter(year__lte=year).order_by("municipality_id", "-year")
    latest: dict[int, tuple[str, int]] = {}
    for municipality, region, inhabitants in rows.values_list(
        "municipality_id", "municipality__region__code", "inhabitants"
    ):
        latest.setdefault(municipality, (region, inhabitants))
    if not latest:  # only later years loaded: use the earliest available
        for municipality, region, inhabitants in Population.objects.order_by(
            "municipality_id", "year"
        ).values_list("municipality_id", "municipality__region__code", "inhabitants"):
            latest.setdefault(municipality, (region, inhabitants))
    per_region: Counter[str] = Counter()
    for region, inhabitants in latest.values():
        per_region[region] += inhabitants
    return dict(per_region)


def population_by_region(year: int) -> dict[str, int]:
    """Inhabitants per care region for a year (the latest loaded year at or before it). Cached per load."""
    from opvangnet.insights.models import Population

    version = Population.objects.aggregate(n=Count("pk"), s=Sum("inhabitants"))
    return _population(year, (version["n"] or 0, version["s"] or 0))


# --- aggregation --------------------------------------------------------------------------------------------


@dataclass
class Supply:
    """The supply of one kind of place in a cell: beds (crisis, long-term and transitional shelter) or
    ambulant places. The two are never added up: a free ambulant place is not a bed (docs/decisions.md)."""

    offers: int = 0
    places: int = 0
    free_now: int = 0
    availability: supply_figures.Availability = field(default_factory=supply_figures.Availability)
    free_sum: float = 0.0  # the offers' time-weighted average free places, added up
    occupied_sum: float = 0.0
    reported_places: int = 0  # places of the offers with known availability in the period
    low_utilisation: int = 0
    high_utilisation: int = 0

    @property
    def average_free(self) -> float | None:
        """Free places on an average day, over all offers of this kind together."""
        return self.free_sum if self.availability.seconds else None

    @property
    def occupancy(self) -> float | None:
        """Occupied places on an average day divided by the places (offers with known availability)."""
        return self.occupied_sum / self.reported_places if self.reported_places else None

    @property
    def share_full(self) -> float | None:
        return self.availability.share_full

    @property
    def share_stale(self) -> float | None:
        return self.availability.share_stale


SUPPLY_KINDS = ("beds", "ambulant")


@dataclass
class Figures:
    """Everything counted for one cell of a breakdown (or nationally)."""

    requests: int = 0
    bed_requests: int = 0  # requests for crisis, long-term or transitional shelter
    ambulant_requests: int = 0
    unique_clients: int = 0
    placed: int = 0
    placed_within_1_day: int = 0
    placed_within_7_days: int = 0
    refusals: int = 0
    unmet: int = 0
    unmet_known: int = 0
    placed_elsewhere: int = 0
    hours: list[float] = field(default_factory=list)
    refusal_reasons: Counter[tuple[str, str]] = field(default_factory=Counter)
    beds: Supply = field(default_factory=Supply)
    ambulant: Supply = field(default_factory=Supply)
    inhabitants: int | None = None

    @property
    def offers(self) -> int:
        return self.beds.offers + self.ambulant.offers

    @property
    def median_hours(self) -> float | None:
        return disclosure.median(self.hours)

    @property
    def p90_hours(self) -> float | None:
        return disclosure.percentile(self.hours, 0.9)

    @property
    def requests_per_bed(self) -> float | None:
        """Requests for shelter with beds per bed."""
        return self.bed_requests / self.beds.places if self.beds.places else None

    @property
    def requests_per_ambulant_place(self) -> float | None:
        return self.ambulant_requests / self.ambulant.places if self.ambulant.places else None

    @property
    def requests_per_100k(self) -> float | None:
        return self.requests * 100_000 / self.inhabitants if self.inhabitants else None


def add_requests(figures: Figures, facts: Iterable[RequestFact]) -> None:
    # Comprehensions rather than one loop of attribute updates: this runs for every cell of every breakdown.
    facts = list(facts)
    placed = [fact for fact in facts if fact.hours is not None]
    hours = [fact.hours for fact in placed if fact.hours is not None]
    known = [fact.unmet for fact in facts if fact.unmet is not None]
    figures.requests += len(facts)
    figures.bed_requests += sum(1 for fact in facts if fact.care_type in BED_CODES)
    figures.ambulant_requests += sum(1 for fact in facts if fact.care_type == CareType.AMBULANT.value)
    figures.placed += len(placed)
    figures.hours.extend(hours)
    figures.placed_within_1_day += sum(1 for h in hours if h <= 24)
    figures.placed_within_7_days += sum(1 for h in hours if h <= 24 * 7)
    figures.placed_elsewhere += sum(1 for fact in placed if fact.placed_region != fact.region)
    figures.unmet_known += len(known)
    figures.unmet += sum(known)
    figures.unique_clients += len({fact.root for fact in facts})


def add_refusals(figures: Figures, facts: Iterable[RefusalFact]) -> None:
    facts = list(facts)
    figures.refusals += len(facts)
    figures.refusal_reasons.update((fact.outcome, fact.reason) for fact in facts)


_SUPPLY_COLUMNS = 13  # per kind of place: beds first, then ambulant places


def _supply_row(fact: OfferFact) -> list[float]:
    """What one offer adds to a cell's supply figures, in the order `add_supply` reads them: its own kind's
    columns filled, the other kind's zero."""
    a = fact.availability
    occupancy = fact.occupancy
    known = 1.0 if a.seconds else 0.0
    own = [
        1.0,
        fact.places,
        fact.free_now,
        a.seconds,
        a.free_seconds,
        a.occupied_seconds,
        a.full_seconds,
        a.stale_seconds,
        (a.average_free or 0.0) * known,
        (a.average_occupied or 0.0) * known,
        fact.places * known,
        1.0 if occupancy is not None and occupancy < LOW_UTILISATION else 0.0,
        1.0 if occupancy is not None and occupancy > HIGH_UTILISATION else 0.0,
    ]
    other = [0.0] * _SUPPLY_COLUMNS
    return own + other if fact.is_bed_based else other + own


def add_supply(figures: Figures, sums: Sequence[float]) -> None:
    """Add the column sums of `_supply_row` over a cell's offers, per kind of place: their number, places,
    free places now, the time-weighted availability, the average free and occupied places of those with known
    availability (and their places), and how many are under 65 % or over 105 % occupied."""
    for index, supply in enumerate((figures.beds, figures.ambulant)):
        part = sums[index * _SUPPLY_COLUMNS : (index + 1) * _SUPPLY_COLUMNS]
        supply.offers += round(part[0])
        supply.places += round(part[1])
        supply.free_now += round(part[2])
        supply.availability.add(
            supply_figures.Availability(
                float(part[3]), float(part[4]), float(part[5]), float(part[6]), float(part[7])
            )
        )
        supply.free_sum += float(part[8])
        supply.occupied_sum += float(part[9])
        supply.reported_places += round(part[10])
        supply.low_utilisation += round(part[11])
        supply.high_utilisation += round(part[12])


@dataclass
class Facts:
    """The period's records, read once; every breakdown is added up from these."""

    period: Period
    geo: Geography
    requests: list[RequestFact]
    refusals: list[RefusalFact]
    offers: list[OfferFact]
    population: dict[str, int]
    # What has been worked out from these facts already (breakdowns, suppression): each page asks for several,
    # some more than once.
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)


def facts_for(period: Period) -> Facts:
    """The period's requests, refusals and offers: from the cache where nothing they rest on has changed
    (see `request_side` and `_availability`), else read anew. About ten small queries when cached."""
    geo = geography()
    requests, refusals = request_side(period, geo)
    return Facts(
        period,
        geo,
        requests,
        refusals,
        offer_facts(period, geo),
        population_by_region(period.start.year),
    )


# --- the cache ----------------------------------------------------------------------------------------------
#
# Correct by its keys, never by expiry: each key holds a stamp of the rows the value was read from, so any
# write gives a new key and the next load reads the records again (a placement shows on the next load).
# Django's cache (per process unless CACHES says otherwise); entries expire after an hour to free memory.

CACHE_SECONDS = 3600


def _cache_key(*parts: object) -> str:
    raw = repr((connection.settings_dict.get("NAME"), *parts))
    return "insights:" + hashlib.sha256(raw.encode()).hexdigest()


PAGE_SECONDS = 60


def page_key(*parts: object) -> str:
    """The key of a page body of the picture: what it was asked (`parts`), the state of everything it reads
    (every service writes an audit entry: the largest id of all; availability reports: their largest id), and
    the clock's minute, since time-weighted figures run up to now. Two queries on primary keys."""
    from opvangnet.audit.models import AuditEntry

    audit = AuditEntry.objects.aggregate(m=Max("pk"))["m"]
    reports = AvailabilitySnapshot.objects.aggregate(m=Max("pk"))["m"]
    return _cache_key("page", *parts, audit, reports, int(time.time() // PAGE_SECONDS))


def request_stamp() -> tuple[Any, ...]:
    """Changes with every write that request and refusal facts read: a new request or proposal (count and
    largest id), a decision (latest decision moment), and anything else the placement services do (each
    writes an audit entry `placement.…`: the largest id of those). Availability reports, the most frequent
    write, leave it alone. Three aggregate queries on indexed columns."""
    from opvangnet.audit.models import AuditEntry
    from opvangnet.placement.models import Proposal

    requests = PlacementRequest.objects.aggregate(n=Count("pk"), m=Max("pk"))
    proposals = Proposal.objects.aggregate(n=Count("pk"), m=Max("pk"), d=Max("decided_at"))
    audit = AuditEntry.objects.filter(action__startswith="placement.").aggregate(m=Max("pk"))
    return (requests["n"], requests["m"], proposals["n"], proposals["m"], proposals["d"], audit["m"])


def request_side(period: Period, geo: Geography) -> tuple[list[RequestFact], list[RefusalFact]]:
    """Request and refusal facts of the period, cached per state of the requests and proposals."""
    key = _cache_key(
        "requests", period.start, period.end, request_stamp(), sorted(geo.police_of_region.items())
    )
    found = cache.get(key)
    if found is not None:  # kept as plain tuples: a tenth of the cost of pickling the dataclasses
        return [RequestFact(*row) for row in found[0]], [RefusalFact(*row) for row in found[1]]
    requests, refusals = request_facts(period, geo), refusal_facts(period, geo)
    cache.set(key, (_rows(requests), _rows(refusals)), CACHE_SECONDS)
    return requests, refusals


def _rows(facts: Sequence[RequestFact] | Sequence[RefusalFact]) -> list[tuple[Any, ...]]:
    if not facts:
        return []
    names = [f.name for f in dataclasses.fields(facts[0])]
    return [tuple(getattr(fact, name) for name in names) for fact in facts]


def _availability(period: Period) -> dict[int, supply_figures.Availability]:
    """Time-weighted availability per offer: the days before today from the cache, today read live.

    Reports are appended as they come (`recorded_at` is the moment of recording), so what happened before
    today changes only when a report is added there, which gives it the largest id of the reports before
    today: the cached part is keyed by that id (reports are removed only with their offer, which then is no
    longer counted). Today's part continues from each offer's last report
    before today (kept with the cached part) over today's reports: a few thousand rows at most."""
    today = timezone.localdate()
    split = min(max(today, period.start), period.end)
    parts: list[dict[int, supply_figures.Availability]] = []
    if split > period.start:
        ended = Period(period.start, split, "")
        low, high = ended.bounds()
        # The newest report before today: found walking back from the newest id (today's reports first).
        stamp = AvailabilitySnapshot.objects.filter(recorded_at__lt=high).aggregate(m=Max("pk"))
        key = _cache_key("availability", ended.start, ended.end, stamp["m"])
        found = cache.get(key)
        if found is None:
            part = supply_figures.availability_over(ended)
            cache.set(key, {offer: dataclasses.astuple(a) for offer, a in part.items()}, CACHE_SECONDS)
        else:
            part = {offer: supply_figures.Availability(*row) for offer, row in found.items()}
        parts.append(part)
    if split < period.end and parts:
        low, high = Period(split, period.end, "").bounds()
        high = min(high, timezone.now())
        opening = {offer: a.last_report for offer, a in parts[0].items() if a.last_report}
        today_reports = (
            AvailabilitySnapshot.objects.filter(recorded_at__gte=low, recorded_at__lt=high)
            .order_by("offer_id", "recorded_at", "pk")
            .values_list("offer_id", "recorded_at", "free_places", "occupied_places")
        )
        parts.append(supply_figures.continue_availability(opening, list(today_reports), low, high))
    elif split < period.end:
        parts.append(supply_figures.availability_over(Period(split, period.end, "")))
    if len(parts) == 1:
        return parts[0]
    result: dict[int, supply_figures.Availability] = defaultdict(supply_figures.Availability)
    for part in parts:  # in order of time: the later part's last report is the offer's last
        for offer_id, figures in part.items():
            result[offer_id].add(figures)
            result[offer_id].last_report = figures.last_report or result[offer_id].last_report
    return dict(result)


Key = tuple[str, ...]


def breakdown(facts: Facts, by: Sequence[str]) -> dict[Key, Figures]:
    """Figures for every combination of the breakdown's values (zeros included), keyed by the values.
    One pass over the requests, the refusals and the offers; kept on `facts` for the next caller."""
    by = tuple(by)
    if ("breakdown", by) in facts.memo:
        return facts.memo[("breakdown", by)]
    for dimension in by:
        if dimension not in DIMENSIONS:
            raise ValueError(f"unknown breakdown {dimension!r}")
    keys = list(itertools.product(*(codes(dimension, facts.geo) for dimension in by)))
    result = {key: Figures() for key in keys}
    key_of = _key_getter(by)
    grouped: dict[Key, list[RequestFact]] = defaultdict(list)
    for request in facts.requests:
        grouped[key_of(request)].append(request)
    refusals: dict[Key, list[RefusalFact]] = defaultdict(list)
    for refusal in facts.refusals:
        refusals[key_of(refusal)].append(refusal)
    offers: dict[Key, list[int]] = defaultdict(list)
    for index, offer in enumerate(facts.offers):
        for key in itertools.product(*(offer.rows_of(d, facts.geo) for d in by)):
            offers[key].append(index)
    supply = _supply_matrix(facts)
    for key, figures in result.items():
        add_requests(figures, grouped.get(key, ()))
        add_refusals(figures, refusals.get(key, ()))
        if key in offers:
            add_supply(figures, supply[offers[key]].sum(axis=0))
        figures.inhabitants = _inhabitants(facts, by, key)
    facts.memo[("breakdown", by)] = result
    return result


def _key_getter(by: tuple[str, ...]) -> Any:
    """A function giving a record's key in the breakdown (a tuple), at C speed."""
    if not by:
        return lambda _record: ()
    getter = attrgetter(*by)
    return (lambda record: (getter(record),)) if len(by) == 1 else getter


def _supply_matrix(facts: Facts) -> Any:
    """One row per offer of what it adds to supply figures (numpy: a cell's sums are one call)."""
    if "supply" not in facts.memo:
        rows = [_supply_row(offer) for offer in facts.offers] or [[0.0] * 2 * _SUPPLY_COLUMNS]
        facts.memo["supply"] = numpy.array(rows, dtype=float)
    return facts.memo["supply"]


def _inhabitants(facts: Facts, by: Sequence[str], key: Key) -> int | None:
    """Inhabitants behind a cell: only where the breakdown is geographic alone (or national)."""
    if any(d not in GEOGRAPHIC for d in by) or not facts.population:
        return None
    regions = set(facts.geo.region_names)
    for dimension, code in zip(by, key, strict=True):
        regions &= {code} if dimension == "region" else set(facts.geo.regions_in(code))
    return sum(facts.population.get(region, 0) for region in regions) or None


def national(facts: Facts) -> Figures:
    return breakdown(facts, ())[()]


# --- outcomes beyond the picture's rows ---------------------------------------------------------------------


def refusals_by_reason(facts: Facts) -> Counter[tuple[str, str]]:
    return Counter((fact.outcome, fact.reason) for fact in facts.refusals)


@dataclass(frozen=True)
class Stays:
    """Stays that ended in the period: by destination and care type, and their lengths in days."""

    by_destination: dict[str, int]
    by_care_type: dict[str, int]
    lengths: dict[str, list[int]]


def stays_ended(period: Period) -> Stays:
    """Exits in the period (one query)."""
    by_destination: Counter[str] = Counter({code: 0 for code in ExitDestination.values})
    by_care: Counter[str] = Counter({code: 0 for code in CareType.values})
    lengths: dict[str, list[int]] = {code: [] for code in CareType.values}
    for intake, exit_date, destination, care_type in placement_figures.exits_in(period).values_list(
        "intake_date", "exit_date", "exit_destination", "placed_offer__care_type"
    ):
        by_destination[destination or ExitDestination.UNKNOWN] += 1
        by_care[care_type] += 1
        days = placement_figures.length_of_stay(intake, exit_date)
        if days is not None:
            lengths.setdefault(care_type, []).append(days)
    return Stays(dict(by_destination), dict(by_care), lengths)


def point_in_time(day: dt.date, geo: Geography | None = None) -> dict[tuple[str, str], int]:
    """Who was in which kind of shelter on the night of `day`, by region of the offer and care type. One
    query."""
    geo = geo or geography()
    counts: Counter[tuple[str, str]] = Counter(
        {(region, care): 0 for region in geo.region_names for care in CareType.values}
    )
    for region, care_type in placement_figures.in_shelter_on(day).values_list(
        "placed_offer__location__municipality__region__code", "placed_offer__care_type"
    ):
        counts[(region, care_type)] += 1
    return dict(counts)


EXIT = "exit"
NOT_PLACED = "not_placed"
STILL_THERE = "still_there"


@dataclass(frozen=True)
class Paths:
    """The routes of people whose first request fell in the period, as HUD's system paths: the care types
    they were placed in, in order, then how it ended."""

    routes: dict[tuple[str, ...], int]

    def transitions(self) -> dict[tuple[int, str, str], int]:
        """Counts of (step, from, to), for the flow diagram."""
        links: Counter[tuple[int, str, str]] = Counter()
        for route, count in self.routes.items():
            for step, (source, target) in enumerate(itertools.pairwise(("referral", *route))):
                links[(step, source, target)] += count
        return dict(links)


def paths(period: Period) -> Paths:
    """Follow each person's chain of requests (`previous_request`) from a first request in the period.
    Two queries."""
    low, high = period.bounds()
    rows = list(
        PlacementRequest.objects.values_list(
            "pk",
            "previous_request_id",
            "created_at",
            "placed_offer__care_type",
            "exit_date",
            "exit_destination",
        )
    )
    children: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        if row[1] is not None:
            children[row[1]].append(row)
    routes: Counter[tuple[str, ...]] = Counter()
    for row in rows:
        if row[1] is not None or not low <= row[2] < high:
            continue
        route: list[str] = []
        current: tuple[Any, ...] | None = row
        ending = NOT_PLACED
        while current is not None:
            _pk, _prev, _created, care_type, exit_date, destination = current
            if care_type:
                route.append(care_type)
                ending = STILL_THERE if exit_date is None else f"{EXIT}:{destination or 'unknown'}"
            follow = sorted(children.get(current[0], []), key=lambda r: r[2])
            current = follow[0] if follow else None
        if ending.startswith(f"{EXIT}:{ExitDestination.MOVED_ON}"):
            ending = f"{EXIT}:{ExitDestination.UNKNOWN}"  # moved on, but no follow-up was registered
        routes[(*route, ending)] += 1
    return Paths(dict(routes))


@dataclass(frozen=True)
class Returns:
    """Of the people who left shelter in the period (not to another offer), how many came back with a new
    request within 6, 12 and 24 months."""

    exits: int
    within: dict[int, int]


RETURN_MONTHS = (6, 12, 24)


def returns(period: Period) -> Returns:
    """Two queries. A return is a request whose `previous_request` is the exit's request, registered within
    the window after the exit date."""
    exits = {
        pk: exit_date
        for pk, exit_date in placement_figures.exits_in(period)
        .exclude(exit_destination=ExitDestination.MOVED_ON)
        .values_list("pk", "exit_date")
    }
    first_return: dict[int, dt.date] = {}
    for previous, created in PlacementRequest.objects.filter(previous_request__in=list(exits)).values_list(
        "previous_request_id", "created_at"
    ):
        day = timezone.localtime(created).date()
        if previous not in first_return or day < first_return[previous]:
            first_return[previous] = day
    within: dict[int, int] = {}
    for months in RETURN_MONTHS:
        within[months] = sum(
            1
            for pk, exit_date in exits.items()
            if exit_date is not None
            and pk in first_return
            and (first_return[pk] - exit_date).days <= round(months * 30.44)
        )
    return Returns(len(exits), within)
