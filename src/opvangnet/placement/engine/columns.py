"""The offers' rule inputs as NumPy columns: built once per offer set, reused by every request.

`match` and `assign` check the hard constraints for all offers at once on these columns. Each rule is one
bit of a code per offer (bit i is `HARD_CONSTRAINTS[i]`), so an offer fits exactly when its code is 0 and the
why-not of every offer is read from its bits. The masks that depend on one value of a request (a gender, a set
of needs, ...) are kept per value: a later request with the same value reuses them. Nothing here changes after
construction except those caches, so one instance can serve concurrent requests.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .contract import (
    ADMISSION_ROUTES,
    CARE_TYPES,
    GENDERS,
    HARD_CONSTRAINTS,
    ContractError,
    Offer,
    RegionPoint,
    Request,
)

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
CodeArray = npt.NDArray[np.uint16]

BIT = {code: 1 << index for index, code in enumerate(HARD_CONSTRAINTS)}


class OfferColumns:
    """Offers (records already checked against the contract) as columns; `len()` is the number of offers.

    Building costs one pass over the offers (about a second per million attribute reads); `with_free_places`
    swaps the free places alone and `subset` takes some offers, both without another pass.
    """

    def __init__(self, offers: Sequence[Offer]) -> None:
        seen: set[str] = set()
        for index, offer in enumerate(offers):
            if offer.id in seen:
                raise ContractError(f"offers[{index}].id", f"duplicate id {offer.id!r}")
            seen.add(offer.id)
        self.ids: list[str] = [o.id for o in offers]
        region_index: dict[str, int] = {}
        langset_index: dict[frozenset[str], int] = {}
        age_index: dict[tuple[int, int], int] = {}
        self.care = np.array([CARE_TYPES.index(o.care_type) for o in offers], dtype=np.int64)
        self.exploitation = np.array([o.exploitation_mask for o in offers], dtype=np.int64)
        self.genders = np.array([o.genders_mask for o in offers], dtype=np.int64)
        self.min_age = np.array([o.min_age for o in offers], dtype=np.int64)
        self.max_age = np.array([o.max_age for o in offers], dtype=np.int64)
        self.children = np.array([o.children for o in offers], dtype=bool)
        self.needs = np.array([o.needs_mask for o in offers], dtype=np.int64)
        self.high = np.array([o.security == "high" for o in offers], dtype=bool)
        self.free = np.array([o.free_places for o in offers], dtype=np.int64)
        # One bit per admission route (bit i is `ADMISSION_ROUTES[i]`).
        self.route = np.array([1 << ADMISSION_ROUTES.index(o.admission_route) for o in offers], np.int64)
        self.region = np.array(
            [region_index.setdefault(o.region, len(region_index)) for o in offers], np.int64
        )
        self.langset = np.array(
            [langset_index.setdefault(o.languages, len(langset_index)) for o in offers], dtype=np.int64
        )
        self.age_range = np.array(
            [age_index.setdefault((o.min_age, o.max_age), len(age_index)) for o in offers], dtype=np.int64
        )
        self.region_codes: list[str] = list(region_index)
        self._region_index = region_index
        self.langsets: list[frozenset[str]] = list(langset_index)
        self.age_ranges: list[tuple[int, int]] = list(age_index)
        # Rank of each id in sorted order: equal scores are ordered by offer id.
        self.id_rank = np.empty(len(self.ids), dtype=np.int64)
        self.id_rank[sorted(range(len(self.ids)), key=self.ids.__getitem__)] = np.arange(len(self.ids))
        self._full = self._bit("no_free_place", self.free < 1)
        self._cache: dict[tuple[Any, ...], Any] = {}

    def __len__(self) -> int:
        return len(self.ids)

    # --- derived sets of offers -----------------------------------------------------------------------

    def with_free_places(self, free: Sequence[int] | IntArray) -> OfferColumns:
        """The same offers with other free places (in the same order); shares every rule column and cache."""
        values = np.asarray(free, dtype=np.int64)
        if values.shape != self.free.shape:
            raise ValueError("one number of free places per offer is needed")
        if len(values) and values.min() < 0:
            index = int(np.flatnonzero(values < 0)[0])
            raise ContractError(f"offers[{index}].free_places", f"must be at least 0, not {values[index]}")
        other = copy.copy(self)
        other.free = values
        other._full = self._bit("no_free_place", values < 1)
        # Every cached mask but the free places' one stays valid.
        other._cache = {key: value for key, value in self._cache.items() if key != ("packed", "full")}
        return other

    def subset(self, positions: Sequence[int] | IntArray) -> OfferColumns:
        """The offers at `positions` (in that order), with fresh caches."""
        chosen = np.asarray(positions, dtype=np.int64)
        other = copy.copy(self)
        for name in (
            "care",
            "exploitation",
            "genders",
            "min_age",
            "max_age",
            "children",
            "needs",
            "high",
            "free",
            "route",
            "region",
            "langset",
            "age_range",
            "id_rank",
        ):
            setattr(other, name, getattr(self, name)[chosen])
        other.ids = [self.ids[int(i)] for i in chosen]
        other._full = self._full[chosen]
        other._cache = {}
        return other

    # --- checks --------------------------------------------------------------------------------------------

    def check_regions(self, points: Mapping[str, RegionPoint]) -> None:
        """Every offer's region must have a centre; the error names the first offer whose region has none."""
        missing = [i for i, code in enumerate(self.region_codes) if code not in points]
        if missing:
            first = int(np.flatnonzero(np.isin(self.region, missing))[0])
            code = self.region_codes[int(self.region[first])]
            raise ContractError(f"offers[{first}].region", f"unknown region {code!r}")

    # --- the hard rules -------------------------------------------------------------------------------

    def _cached(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        value = self._cache.get(key)
        if value is None:
            value = self._cache[key] = make()
        return value

    @staticmethod
    def _bit(code: str, broken: BoolArray) -> CodeArray:
        return broken.astype(np.uint16) * np.uint16(BIT[code])

    def broken(self, request: Request, avoided: BoolArray | None = None) -> CodeArray:
        """Per offer the bits of the hard constraints it breaks for `request` (0: it fits).

        `avoided` is a boolean per entry of `region_codes` (computed from the request when not given).
        """
        care = CARE_TYPES.index(request.care_type)
        code = self._cached(("care", care), lambda: self._bit("care_type", self.care != care))
        wanted = request.exploitation_mask
        code = code | self._cached(
            ("exploitation", wanted), lambda: self._bit("exploitation", (self.exploitation & wanted) == 0)
        )
        gender = 1 << GENDERS.index(request.gender)
        code = code | self._cached(
            ("gender", gender), lambda: self._bit("gender", (self.genders & gender) == 0)
        )
        age = request.age
        code = code | self._bit("age", (self.min_age > age) | (self.max_age < age))
        if request.with_children:
            code = code | self._cached(("children",), lambda: self._bit("children", ~self.children))
        needs = request.needs_mask
        if needs:
            code = code | self._cached(
                ("needs", needs), lambda: self._bit("needs", (self.needs & needs) != needs)
            )
        if request.security == "high":
            code = code | self._cached(("security",), lambda: self._bit("security", ~self.high))
        if avoided is None:
            avoided = self.avoided_regions(request)
        if avoided.any():
            code = code | self._bit("avoid_region", avoided[self.region])
        admitted = self.admitted_routes(request)
        code = code | self._cached(
            ("route", admitted), lambda: self._bit("admission_route", (self.route & admitted) == 0)
        )
        return code | self._full

    def fitting(self, request: Request) -> IntArray:
        """Positions of the offers that fit `request` (all hard rules), in order; `broken(...) == 0` without
        the why-not. Works on packed bits (one bit per offer), so for many requests over the same columns each
        rule costs a few machine words per 64 offers once its mask for that value is known."""
        if not len(self):
            return np.zeros(0, dtype=np.int64)
        care = CARE_TYPES.index(request.care_type)
        wanted = request.exploitation_mask
        gender = 1 << GENDERS.index(request.gender)
        age = request.age
        fit = self._packed(("care", care), lambda: self.care == care)
        fit = fit & self._packed(("full",), lambda: self.free >= 1)
        fit &= self._packed(("exploitation", wanted), lambda: (self.exploitation & wanted) != 0)
        fit &= self._packed(("gender", gender), lambda: (self.genders & gender) != 0)
        fit &= self._packed(("age", age), lambda: (self.min_age <= age) & (age <= self.max_age))
        if request.with_children:
            fit &= self._packed(("children",), lambda: self.children)
        needs = request.needs_mask
        if needs:
            fit &= self._packed(("needs", needs), lambda: (self.needs & needs) == needs)
        if request.security == "high":
            fit &= self._packed(("security",), lambda: self.high)
        admitted = self.admitted_routes(request)
        fit &= self._packed(("route", admitted), lambda: (self.route & admitted) != 0)
        if request.avoid_regions:
            for code in request.avoid_regions:
                if code in self._region_index:
                    region = self._region_index[code]
                    fit &= self._packed(("not_in", region), lambda: self.region != region)  # noqa: B023
        return np.flatnonzero(np.unpackbits(fit, count=len(self)))

    def _packed(self, key: tuple[Any, ...], make: Callable[[], BoolArray]) -> npt.NDArray[np.uint8]:
        packed = self._cache.get(("packed", *key))
        if packed is None:
            packed = self._cache[("packed", *key)] = np.packbits(make())
        return packed

    @staticmethod
    def admitted_routes(request: Request) -> int:
        """The routes whose offers admit this request, a bit per `ADMISSION_ROUTES` index ("open" always)."""
        routes = {"open", *request.admission_routes}
        return sum(1 << ADMISSION_ROUTES.index(route) for route in routes)

    def avoided_regions(self, request: Request) -> BoolArray:
        return np.array([code in request.avoid_regions for code in self.region_codes], dtype=bool)

    def common_language(self, request: Request) -> BoolArray:
        """Per distinct language set: whether it shares a language with the client (true when none asked)."""
        wanted = request.languages
        return np.array([not wanted or not wanted.isdisjoint(s) for s in self.langsets], dtype=bool)


def as_columns(offers: OfferColumns | Sequence[Offer]) -> OfferColumns:
    return offers if isinstance(offers, OfferColumns) else OfferColumns(offers)
