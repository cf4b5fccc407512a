"""The active offers as the matching engine's NumPy columns, kept in memory and shared by requests.

Building them costs one query over every active offer; matching one request against them costs about a
millisecond. So each process keeps one copy and, on every request, asks the database whether it is still
current (`current()`: one small query for the change counters, one for a fingerprint of the offers table):

- the `offers` counter or the fingerprint differ: everything is loaded again (an offer was added, edited,
  switched off or moved region, or a division was loaded);
- only the `availability` counter differs: only the free places are loaded again (one query of two columns),
  the rule columns and their cached masks stay.

The counters are bumped by every service that writes offers or free places, inside its own transaction
(`opvangnet.core.counters`), so a change made by any application server is seen by all the others on their
next request, and a copy is never older than the counters read at the start of the request. The fingerprint
(the number of offers and the latest `updated_at`) also catches a save that bypasses the services, such as
one in the admin or a shell. Which offers a user may see is not cached: it is asked per request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db.models import Count, Max

from opvangnet.capacity.models import Offer
from opvangnet.core import counters
from opvangnet.placement import engine
from opvangnet.placement.adapters import region_points
from opvangnet.vocabulary import EXPLOITATION_FIELDS, GENDER_FIELDS, NEED_FIELDS, parse_language_codes

_RULE_FIELDS = (
    "pk",
    "care_type",
    *EXPLOITATION_FIELDS.values(),
    *GENDER_FIELDS.values(),
    "min_age",
    "max_age",
    "children_allowed",
    *NEED_FIELDS.values(),
    "languages",
    "security_level",
    "free_places",
    "admission_route",
    "location__municipality__region__code",
)


@dataclass(frozen=True)
class Version:
    offers: int
    availability: int
    fingerprint: tuple[int, datetime | None]


@dataclass
class OfferSet:
    """The active offers at one version: columns, primary keys by position, and the region centres."""

    version: Version
    columns: engine.OfferColumns
    pks: npt.NDArray[np.int64]
    points: dict[str, engine.RegionPoint]
    _views: dict[bytes, engine.OfferColumns] = field(default_factory=dict, repr=False)

    def restricted_to(self, visible_pks: Any) -> engine.OfferColumns:
        """The columns of the offers among `visible_pks`: the whole set, with its cached masks, if all are."""
        keep = np.isin(self.pks, np.fromiter(visible_pks, dtype=np.int64))
        if keep.all():
            return self.columns
        key = np.packbits(keep).tobytes()
        view = self._views.get(key)
        if view is None:
            if len(self._views) >= 16:
                self._views.clear()
            view = self._views[key] = self.columns.subset(np.flatnonzero(keep))
        return view


_lock = threading.Lock()
_current: OfferSet | None = None


def version() -> Version:
    """The version of the offers in the database now. Two small queries."""
    offers, availability = counters.read(counters.OFFERS, counters.AVAILABILITY)
    stats = Offer.objects.order_by().aggregate(count=Count("pk"), changed=Max("updated_at"))
    return Version(offers, availability, (stats["count"], stats["changed"]))


def current() -> OfferSet:
    """The active offers as columns, at least as new as the database at the start of this call."""
    global _current
    now = version()
    cached = _current
    if cached is not None and cached.version == now:
        return cached
    with _lock:  # one thread rebuilds; the others wait for it rather than load the same rows again
        cached = _current
        if cached is not None and cached.version == now:
            return cached
        if cached is not None and _same_offers(cached.version, now):
            _current = _with_free_places(cached, now)
        else:
            _current = _load(now)
        return _current


def forget() -> None:
    """Drop this process's copy (the next `current()` loads everything)."""
    global _current
    with _lock:
        _current = None


def _same_offers(old: Version, new: Version) -> bool:
    return old.offers == new.offers and old.fingerprint == new.fingerprint


def _load(version: Version) -> OfferSet:
    records, pks = [], []
    for row in Offer.objects.active().order_by("pk").values_list(*_RULE_FIELDS):
        pks.append(row[0])
        records.append(_record(row))
    return OfferSet(version, engine.OfferColumns(records), np.array(pks, dtype=np.int64), region_points())


def _with_free_places(cached: OfferSet, version: Version) -> OfferSet:
    free = dict(Offer.objects.active().order_by().values_list("pk", "free_places"))
    # An offer switched off since is caught by the fingerprint; one missing here counts as full.
    places = [free.get(int(pk), 0) for pk in cached.pks.tolist()]
    return OfferSet(version, cached.columns.with_free_places(places), cached.pks, cached.points)


def _record(row: tuple[Any, ...]) -> engine.Offer:
    values = dict(zip(_RULE_FIELDS, row, strict=True))
    return engine.Offer(
        id=str(values["pk"]),
        region=values["location__municipality__region__code"],
        care_type=values["care_type"],
        exploitation=frozenset(code for code, name in EXPLOITATION_FIELDS.items() if values[name]),
        genders=frozenset(code for code, name in GENDER_FIELDS.items() if values[name]),
        min_age=values["min_age"],
        max_age=values["max_age"],
        children=values["children_allowed"],
        needs_supported=frozenset(code for code, name in NEED_FIELDS.items() if values[name]),
        languages=frozenset(parse_language_codes(values["languages"])),
        security=values["security_level"],
        free_places=values["free_places"],
        admission_route=values["admission_route"],
    )
