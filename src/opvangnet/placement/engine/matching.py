"""Matching one request against every offer: the hard constraints, the score, and the reasons in words.

The work is done in NumPy over `OfferColumns` (see columns.py): one code of broken-rule bits per offer, the
scores of the fitting ones, their order. The why-not of every excluded offer is settled in the same pass: the
offers are grouped by what their reasons say (which rules they break and the values the texts name), each
group gets its tuple of reasons once, and each offer points at its group. The result's entries are made from
that when they are read, so a request over 50,000 offers does not build 50,000 Python objects that a page
showing 25 of them never looks at.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from .columns import BIT, OfferColumns
from .contract import (
    ADMISSION_ROUTES,
    CARE_TYPES,
    EXPLOITATION_TYPES,
    HARD_CONSTRAINTS,
    NEEDS,
    Offer,
    RegionPoint,
    Request,
    check_lang,
    check_regions,
    coerce_offers,
    coerce_request,
    input_object,
    parse_regions,
    require,
)
from .texts import LABELS, age_range, listing, text

IntArray = npt.NDArray[np.int64]

# Weights of (proximity, language in common, free places) per urgency; each row sums to 1, so the score lies
# in [0, 1]. Someone who needs a bed today is helped most by a place near by that is still free when they
# arrive; for a planned move a language in common matters more than the journey.
WEIGHTS: dict[str, tuple[float, float, float]] = {
    "today": (0.6, 0.25, 0.15),
    "week": (0.5, 0.4, 0.1),
    "planned": (0.4, 0.55, 0.05),
}
# Proximity is 1 in the home region and halves at this distance between region centres.
HALF_PROXIMITY_KM = 50.0
# More free places than this earn nothing extra.
FREE_PLACES_CAP = 3
# Scores are whole thousandths, so that `assign` can weigh them exactly with integer costs.
SCORE_SCALE = 1000
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True, slots=True)
class Reason:
    """A code and its text. Reasons are shared between entries of a result, hence frozen."""

    code: str
    text: str
    # Made once: a result may hold thousands of exclusions with a handful of distinct reasons.
    json: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "json", {"code": self.code, "text": self.text})

    def to_json(self) -> dict[str, str]:
        return dict(self.json)


@dataclass(slots=True)
class Candidate:
    offer: str
    score: float
    reasons: tuple[Reason, ...]

    def to_json(self) -> dict[str, Any]:
        return {"offer": self.offer, "score": self.score, "reasons": [r.to_json() for r in self.reasons]}


@dataclass(slots=True)
class Exclusion:
    offer: str
    why_not: tuple[Reason, ...]

    def to_json(self) -> dict[str, Any]:
        return {"offer": self.offer, "why_not": [r.to_json() for r in self.why_not]}


class _Entries(Sequence[Any]):
    """A read-only list whose entries are made when read; equal to any sequence with the same entries."""

    def __len__(self) -> int:
        raise NotImplementedError

    def _entry(self, index: int) -> Any:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self._entry(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._entry(index)

    def __iter__(self) -> Iterator[Any]:
        return (self._entry(i) for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


class Candidates(_Entries):
    """The fitting offers, best first: `Candidate`s made when read."""

    def __init__(self, columns: OfferColumns, positions: IntArray, units: IntArray, texts: _CandidateTexts):
        self._ids = columns.ids
        self.positions = positions
        self.units = units
        self._texts = texts

    def __len__(self) -> int:
        return len(self.positions)

    def _entry(self, index: int) -> Candidate:
        position = int(self.positions[index])
        return Candidate(
            self._ids[position], int(self.units[index]) / SCORE_SCALE, self._texts.for_offer(position)
        )

    def __iter__(self) -> Iterator[Candidate]:
        ids, for_offer = self._ids, self._texts.for_offer
        for position, units in zip(self.positions.tolist(), self.units.tolist(), strict=True):
            yield Candidate(ids[position], units / SCORE_SCALE, for_offer(position))


class Exclusions(_Entries):
    """The offers that do not fit, in input order: `Exclusion`s made when read from the reasons settled in
    `match` (one tuple per distinct why-not, shared)."""

    def __init__(
        self,
        columns: OfferColumns,
        positions: IntArray,
        codes: npt.NDArray[np.uint16],
        texts: _ExclusionTexts,
    ) -> None:
        self._ids = columns.ids
        self.positions = positions
        self.codes = codes
        self.why_not_index, self.why_not_table = texts.table(positions, codes)

    def __len__(self) -> int:
        return len(self.positions)

    def _entry(self, index: int) -> Exclusion:
        return Exclusion(
            self._ids[int(self.positions[index])], self.why_not_table[int(self.why_not_index[index])]
        )

    def __iter__(self) -> Iterator[Exclusion]:
        ids, table = self._ids, self.why_not_table
        for position, why in zip(self.positions.tolist(), self.why_not_index.tolist(), strict=True):
            yield Exclusion(ids[position], table[why])

    def count_by_rule(self) -> dict[str, int]:
        """How many of these offers break each hard constraint (an offer counts once per rule it breaks)."""
        counts = {code: int(np.count_nonzero(self.codes & BIT[code])) for code in HARD_CONSTRAINTS}
        return {code: count for code, count in counts.items() if count}


@dataclass(slots=True)
class MatchResult:
    candidates: Sequence[Candidate]
    excluded: Sequence[Exclusion]

    def to_json(self) -> dict[str, Any]:
        """The contract's output. Equal reasons share one dict, so treat it as read-only."""
        with gc_paused():
            return self._json()

    def _json(self) -> dict[str, Any]:
        excluded: list[dict[str, Any]]
        if isinstance(self.excluded, Exclusions):
            lists = [[r.json for r in why_not] for why_not in self.excluded.why_not_table]
            ids = self.excluded._ids
            excluded = [
                {"offer": ids[position], "why_not": lists[why]}
                for position, why in zip(
                    self.excluded.positions.tolist(), self.excluded.why_not_index.tolist(), strict=True
                )
            ]
        else:
            excluded = [{"offer": e.offer, "why_not": [r.json for r in e.why_not]} for e in self.excluded]
        return {
            "candidates": [
                {"offer": c.offer, "score": c.score, "reasons": [r.json for r in c.reasons]}
                for c in self.candidates
            ],
            "excluded": excluded,
        }


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold back Python's cycle collector during a pass that allocates thousands of acyclic objects.

    Without it the collector runs dozens of times while a large result is turned into JSON, now and then over
    the whole heap; reference counting still frees everything. Process-wide, but only for milliseconds, and
    it is switched back on only if it was on before.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def distance_km(a: RegionPoint, b: RegionPoint) -> float:
    """Great-circle distance between two region centres (haversine)."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a.x, a.y, b.x, b.y))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def broken_constraints(request: Request, offer: Offer) -> list[str]:
    """The hard constraints that `offer` breaks for `request`, in contract order; [] when it fits.

    The rules written out one offer at a time: the reference that `OfferColumns.broken` must agree with.
    """
    return constraint_checker(request)(offer)


def constraint_checker(request: Request) -> Callable[[Offer], list[str]]:
    """`broken_constraints` for one request, with the request's side worked out once."""
    care_type = request.care_type
    exploitation = request.exploitation_mask
    gender = request.gender
    age = request.age
    with_children = request.with_children > 0
    needs = request.needs_mask
    high = request.security == "high"
    avoid = request.avoid_regions
    routes = {"open", *request.admission_routes}

    def broken(offer: Offer) -> list[str]:
        codes = []
        if offer.care_type != care_type:
            codes.append("care_type")
        if not offer.exploitation_mask & exploitation:
            codes.append("exploitation")
        if gender not in offer.genders:
            codes.append("gender")
        if not offer.min_age <= age <= offer.max_age:
            codes.append("age")
        if with_children and not offer.children:
            codes.append("children")
        if needs & ~offer.needs_mask:
            codes.append("needs")
        if high and offer.security != "high":
            codes.append("security")
        if offer.region in avoid:
            codes.append("avoid_region")
        if offer.admission_route not in routes:
            codes.append("admission_route")
        if offer.free_places < 1:
            codes.append("no_free_place")
        return codes

    return broken


def score_units(urgency: str, distance: float, common_language: bool, free_places: int) -> int:
    """The fit score in thousandths, for one offer. `score_units_array` computes the same in NumPy."""
    w_proximity, w_language, w_free = WEIGHTS[urgency]
    proximity = 1.0 / (1.0 + distance / HALF_PROXIMITY_KM)
    language = 1.0 if common_language else 0.0
    free = min(free_places, FREE_PLACES_CAP) / FREE_PLACES_CAP
    return round((w_proximity * proximity + w_language * language + w_free * free) * SCORE_SCALE)


def score_units_array(
    columns: OfferColumns, request: Request, positions: IntArray, points: Mapping[str, RegionPoint]
) -> IntArray:
    """`score_units` for the offers at `positions`: the same operations in the same order, so the floats
    agree with it to the bit (NumPy's `rint` rounds halves to even, as Python's `round` does)."""
    return Scorer(columns, points).units(request, positions).astype(np.int64)


class Scorer:
    """`score_units_array` for many requests over the same columns, with the distances from each home region
    and the languages in common per set of languages asked worked out once."""

    def __init__(self, columns: OfferColumns, points: Mapping[str, RegionPoint]) -> None:
        self.columns = columns
        self.points = points
        # Each part of the score already multiplied by its weight, per urgency and what it depends on.
        self.proximity: dict[tuple[str, str], npt.NDArray[np.float64]] = {}
        self.language: dict[tuple[str, frozenset[str]], npt.NDArray[np.float64]] = {}
        self.free: dict[str, npt.NDArray[np.float64]] = {}

    def units(self, request: Request, positions: IntArray) -> npt.NDArray[np.int16]:
        """Scores in thousandths (0–1000, so int16) of the offers at `positions` for `request`."""
        columns = self.columns
        key = (request.urgency, request.home_region)
        proximity = self.proximity.get(key)
        if proximity is None:
            home = self.points[request.home_region]
            distances = np.array(
                [distance_km(home, self.points[code]) for code in columns.region_codes], dtype=np.float64
            )
            proximity = self.proximity[key] = WEIGHTS[request.urgency][0] * (
                1.0 / (1.0 + distances / HALF_PROXIMITY_KM)
            )
        language = self.language.get((request.urgency, request.languages))
        if language is None:
            weight = WEIGHTS[request.urgency][1]
            language = self.language[(request.urgency, request.languages)] = np.where(
                columns.common_language(request), weight * 1.0, weight * 0.0
            )
        free = self.free.get(request.urgency)
        if free is None:
            share = np.minimum(columns.free, FREE_PLACES_CAP) / FREE_PLACES_CAP
            free = self.free[request.urgency] = WEIGHTS[request.urgency][2] * share
        # (proximity + language) + free places, each already weighted: the order of `score_units`.
        raw = proximity[columns.region[positions]] + language[columns.langset[positions]] + free[positions]
        return np.rint(raw * SCORE_SCALE).astype(np.int16)


def match(
    request: Request | Mapping[str, Any],
    offers: OfferColumns | Sequence[Offer | Mapping[str, Any]],
    regions: Mapping[str, RegionPoint | Mapping[str, Any]],
    lang: str = "nl",
) -> MatchResult:
    """Every offer once: a candidate with score and reasons (best first) or excluded with every rule broken.

    Takes parsed records, the JSON dicts of the contract, or `OfferColumns` built once for many requests;
    raises `ContractError` on bad input. The rules, the scores, the order and the why-not of every offer are
    settled here in one NumPy pass; texts are made once per distinct reason.
    """
    check_lang(lang)
    the_request = coerce_request(request, "request")
    columns = offers if isinstance(offers, OfferColumns) else OfferColumns(coerce_offers(offers))
    points = parse_regions(regions)
    columns.check_regions(points)
    check_regions([the_request], [], points, "request")
    return _match(the_request, columns, points, lang)


def _match(request: Request, columns: OfferColumns, points: dict[str, RegionPoint], lang: str) -> MatchResult:
    code = columns.broken(request)
    fitting = np.flatnonzero(code == 0)
    units = score_units_array(columns, request, fitting, points)
    order = np.lexsort((columns.id_rank[fitting], -units))  # best score first, then by offer id
    excluded = np.flatnonzero(code)
    return MatchResult(
        candidates=Candidates(
            columns, fitting[order], units[order], _CandidateTexts(request, columns, points, lang)
        ),
        excluded=Exclusions(columns, excluded, code[excluded], _ExclusionTexts(request, columns, lang)),
    )


def match_input(data: Any, lang: str = "nl") -> MatchResult:
    """`match` on the whole JSON input: `{"request": ..., "offers": [...], "regions": {...}}`."""
    data = input_object(data)
    return match(require(data, "request"), require(data, "offers"), require(data, "regions"), lang)


# Which bits of the code the offer-dependent texts read, and where their value goes in a group key (below).
_CARE_SHIFT, _ROUTE_SHIFT, _NEEDS_SHIFT, _AGE_SHIFT, _REGION_SHIFT = 10, 12, 16, 22, 42


class _ExclusionTexts:
    """The `why_not` reasons for one request: each distinct reason made once, each distinct tuple once."""

    def __init__(self, request: Request, columns: OfferColumns, lang: str) -> None:
        self.request = request
        self.columns = columns
        self.lang = lang
        self.fixed = {
            "exploitation": self._make("exploitation", wanted=listing(lang, request.exploitation)),
            "gender": self._make("gender", wanted=LABELS[lang][request.gender]),
            "children": self._make("children", count=request.with_children),
            "security": self._make("security"),
            "no_free_place": self._make("no_free_place"),
        }
        self.reasons: dict[tuple[Any, ...], Reason] = {}

    def _make(self, code: str, **values: object) -> Reason:
        return Reason(code, text(self.lang, code, **values))

    def table(
        self, positions: IntArray, codes: npt.NDArray[np.uint16]
    ) -> tuple[IntArray, list[tuple[Reason, ...]]]:
        """Per excluded offer an index into a list of distinct why-not tuples, and that list.

        The group key holds the broken-rule bits and, only where that rule is broken, the value its text
        names: the care type offered, the age range, the needs missing, the region. Two offers with the same
        key have the same reasons, word for word.
        """
        columns = self.columns
        key = codes.astype(np.int64)
        request = self.request
        named = [
            ("care_type", columns.care, _CARE_SHIFT),
            ("age", columns.age_range, _AGE_SHIFT),
            ("admission_route", columns.route, _ROUTE_SHIFT),
        ]
        if request.needs_mask:
            named.append(("needs", request.needs_mask & ~columns.needs, _NEEDS_SHIFT))
        if request.avoid_regions:
            named.append(("avoid_region", columns.region, _REGION_SHIFT))
        for bit, values, shift in named:
            key |= np.where((key & BIT[bit]) != 0, values[positions], 0) << shift
        distinct, inverse = np.unique(key, return_inverse=True)
        inverse = inverse.reshape(-1)
        example = np.empty(len(distinct), dtype=np.int64)
        example[inverse] = positions  # any offer of a group stands for all of it
        table = [
            self._why_not(group_key, position)
            for group_key, position in zip(distinct.tolist(), example.tolist(), strict=True)
        ]
        return inverse, table

    def _why_not(self, key: int, position: int) -> tuple[Reason, ...]:
        return tuple(self._reason(code, position) for code in HARD_CONSTRAINTS if key & BIT[code])

    def _reason(self, code: str, position: int) -> Reason:
        fixed = self.fixed.get(code)
        if fixed is not None:
            return fixed
        columns, lang, request = self.columns, self.lang, self.request
        value: Any
        if code == "care_type":
            value = int(columns.care[position])
        elif code == "age":
            value = columns.age_ranges[int(columns.age_range[position])]
        elif code == "needs":
            value = request.needs_mask & ~int(columns.needs[position])
        elif code == "admission_route":
            value = ADMISSION_ROUTES[int(columns.route[position]).bit_length() - 1]
        else:
            value = columns.region_codes[int(columns.region[position])]
        reason = self.reasons.get((code, value))
        if reason is None:
            if code == "care_type":
                offered = LABELS[lang][CARE_TYPES[value]]
                reason = self._make(code, offered=offered, wanted=LABELS[lang][request.care_type])
            elif code == "age":
                reason = self._make(code, age=request.age, ages=age_range(lang, value[0], value[1]))
            elif code == "needs":
                missing = [need for i, need in enumerate(NEEDS) if value & 1 << i]
                reason = self._make(code, wanted=listing(lang, missing))
            elif code == "admission_route":
                reason = self._make(code, route=LABELS[lang][value])
            else:
                reason = self._make(code, region=value)
            self.reasons[(code, value)] = reason
        return reason


class _CandidateTexts:
    """The reasons of the candidates for one request, each text made once per result."""

    def __init__(
        self, request: Request, columns: OfferColumns, points: Mapping[str, RegionPoint], lang: str
    ) -> None:
        self.request = request
        self.columns = columns
        self.points = points
        self.lang = lang
        self.distances: dict[str, float] = {}
        self.cache: dict[tuple[Any, ...], Reason] = {}
        extra = ""
        if request.needs:
            extra += text(lang, "fits_needs", needs=listing(lang, request.needs))
        if request.with_children:
            extra += text(lang, "fits_children")
        if request.security == "high":
            extra += text(lang, "fits_security")
        self.fits_extra = extra
        self.urgency = Reason("urgency", text(lang, f"urgency_{request.urgency}"))

    def distance(self, region: str) -> float:
        distance = self.distances.get(region)
        if distance is None:
            home = self.points[self.request.home_region]
            distance = self.distances[region] = distance_km(home, self.points[region])
        return distance

    def for_offer(self, position: int) -> tuple[Reason, ...]:
        columns = self.columns
        exploitation = int(columns.exploitation[position])
        region = columns.region_codes[int(columns.region[position])]
        common = self.request.languages & columns.langsets[int(columns.langset[position])]
        free = int(columns.free[position])
        return (
            self._cached(("fits", exploitation), lambda: self._fits(exploitation)),
            self._cached(("place", region), lambda: self._place(region)),
            self._cached(("language", common), lambda: self._language(common)),
            self._cached(("free_places", free), lambda: self._free(free)),
            self.urgency,
        )

    def _cached(self, key: tuple[Any, ...], make: Callable[[], Reason]) -> Reason:
        reason = self.cache.get(key)
        if reason is None:
            reason = self.cache[key] = make()
        return reason

    def _fits(self, exploitation: int) -> Reason:
        lang, request = self.lang, self.request
        served = {kind for kind in request.exploitation if exploitation & 1 << EXPLOITATION_TYPES.index(kind)}
        return Reason(
            "fits",
            text(
                lang,
                "fits",
                care_type=LABELS[lang][request.care_type],
                gender=LABELS[lang][request.gender],
                exploitation=listing(lang, served),
                extra=self.fits_extra,
            ),
        )

    def _place(self, region: str) -> Reason:
        lang, request = self.lang, self.request
        if region == request.home_region:
            return Reason("home_region", text(lang, "home_region", region=region))
        km = round(self.distance(region))
        return Reason("distance", text(lang, "distance", km=km, home=request.home_region, region=region))

    def _language(self, common: frozenset[str]) -> Reason:
        lang = self.lang
        if common:
            return Reason("language", text(lang, "language", languages=listing(lang, common, False)))
        if self.request.languages:
            return Reason("no_common_language", text(lang, "no_common_language"))
        return Reason("language", text(lang, "no_language_asked"))

    def _free(self, free: int) -> Reason:
        key = "free_places_one" if free == 1 else "free_places"
        return Reason("free_places", text(self.lang, key, count=free))
