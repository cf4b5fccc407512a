"""Matching one request against every offer: the hard constraints, the score, and the reasons in words."""

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .contract import (
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
from .texts import LABELS, listing, text

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


@dataclass(slots=True)
class MatchResult:
    candidates: list[Candidate]
    excluded: list[Exclusion]

    def to_json(self) -> dict[str, Any]:
        """The contract's output. Equal reasons share one dict, so treat it as read-only."""
        with gc_paused():
            return self._json()

    def _json(self) -> dict[str, Any]:
        return {
            "candidates": [
                {"offer": c.offer, "score": c.score, "reasons": [r.json for r in c.reasons]}
                for c in self.candidates
            ],
            "excluded": [{"offer": e.offer, "why_not": [r.json for r in e.why_not]} for e in self.excluded],
        }


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold back Python's cycle collector during a pass that allocates thousands of acyclic objects.

    Without it the collector runs dozens of times per `match`, now and then over the whole heap, which triples
    the 95th percentile; reference counting still frees everything. Process-wide, but only for milliseconds,
    and it is switched back on only if it was on before.
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


# Which of the offer's attributes each rule reads (see `match`); together they are HARD_CONSTRAINTS.
TARGET_RULES = frozenset({"care_type", "exploitation", "gender"})
SUPPORT_RULES = frozenset({"age", "children", "needs", "security"})
REGION_RULES = frozenset({"avoid_region"})


def broken_constraints(request: Request, offer: Offer) -> list[str]:
    """The hard constraints that `offer` breaks for `request`, in contract order; [] when it fits."""
    return constraint_checker(request)(offer)


def constraint_checker(request: Request) -> Callable[[Offer], list[str]]:
    """`broken_constraints` for one request, with the request's side worked out once (it runs per offer)."""
    care_type = request.care_type
    exploitation = request.exploitation_mask
    gender = request.gender
    age = request.age
    with_children = request.with_children > 0
    needs = request.needs_mask
    high = request.security == "high"
    avoid = request.avoid_regions

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
        if offer.free_places < 1:
            codes.append("no_free_place")
        return codes

    return broken


def score_units(urgency: str, distance: float, common_language: bool, free_places: int) -> int:
    """The fit score in thousandths. `assignment.score_matrix` computes the same in numpy; keep them equal."""
    w_proximity, w_language, w_free = WEIGHTS[urgency]
    proximity = 1.0 / (1.0 + distance / HALF_PROXIMITY_KM)
    language = 1.0 if common_language else 0.0
    free = min(free_places, FREE_PLACES_CAP) / FREE_PLACES_CAP
    return round((w_proximity * proximity + w_language * language + w_free * free) * SCORE_SCALE)


def match(
    request: Request | Mapping[str, Any],
    offers: Sequence[Offer | Mapping[str, Any]],
    regions: Mapping[str, RegionPoint | Mapping[str, Any]],
    lang: str = "nl",
) -> MatchResult:
    """Every offer once: a candidate with score and reasons (best first) or excluded with every rule broken.

    Takes parsed records or the JSON dicts of the contract; raises `ContractError` on bad input. Costs one
    pass over the offers; texts are built once per distinct reason.
    """
    check_lang(lang)
    the_request = coerce_request(request, "request")
    the_offers = coerce_offers(offers)
    points = parse_regions(regions)
    check_regions([the_request], the_offers, points, "request")
    with gc_paused():
        return _match(the_request, the_offers, points, lang)


def _match(
    the_request: Request, the_offers: list[Offer], points: dict[str, RegionPoint], lang: str
) -> MatchResult:
    exclusions = _ExclusionTexts(the_request, lang)
    reasons = _CandidateTexts(the_request, points, lang)
    wanted_languages = the_request.languages
    urgency = the_request.urgency
    scored: list[tuple[int, str, Offer]] = []
    excluded: list[Exclusion] = []
    # Each rule reads only what the offer is for (target_key), what it supports (support_key), its region or
    # its free places, so the reasons are worked out once per distinct value of each and joined per offer.
    by_target: dict[int, tuple[Reason, ...]] = {}
    by_support: dict[int, tuple[Reason, ...]] = {}
    by_region: dict[str, tuple[Reason, ...]] = {}
    full = (exclusions.reason("no_free_place", None),)
    for offer in the_offers:
        target = by_target.get(offer.target_key)
        if target is None:
            target = by_target[offer.target_key] = exclusions.why_not(offer, TARGET_RULES)
        support = by_support.get(offer.support_key)
        if support is None:
            support = by_support[offer.support_key] = exclusions.why_not(offer, SUPPORT_RULES)
        place = by_region.get(offer.region)
        if place is None:
            place = by_region[offer.region] = exclusions.why_not(offer, REGION_RULES)
        why_not = target + support + place + (() if offer.free_places > 0 else full)
        if why_not:
            excluded.append(Exclusion(offer.id, why_not))
            continue
        common = not wanted_languages or not wanted_languages.isdisjoint(offer.languages)
        units = score_units(urgency, reasons.distance(offer.region), common, offer.free_places)
        scored.append((-units, offer.id, offer))
    scored.sort(key=lambda entry: (entry[0], entry[1]))
    candidates = [
        Candidate(offer.id, -negative / SCORE_SCALE, reasons.for_offer(offer))
        for negative, _, offer in scored
    ]
    return MatchResult(candidates=candidates, excluded=excluded)


def match_input(data: Any, lang: str = "nl") -> MatchResult:
    """`match` on the whole JSON input: `{"request": ..., "offers": [...], "regions": {...}}`."""
    data = input_object(data)
    return match(require(data, "request"), require(data, "offers"), require(data, "regions"), lang)


class _ExclusionTexts:
    """The `why_not` reasons for one request, each text made once per call."""

    def __init__(self, request: Request, lang: str) -> None:
        self.request = request
        self.lang = lang
        self.checker = constraint_checker(request)
        self.reasons: dict[tuple[Any, ...], Reason] = {}
        self.by_code = {
            "exploitation": self._make("exploitation", wanted=listing(lang, request.exploitation)),
            "gender": self._make("gender", wanted=LABELS[lang][request.gender]),
            "children": self._make("children", count=request.with_children),
            "security": self._make("security"),
            "no_free_place": self._make("no_free_place"),
        }

    def _make(self, code: str, **values: object) -> Reason:
        return Reason(code, text(self.lang, code, **values))

    def why_not(self, offer: Offer, rules: frozenset[str]) -> tuple[Reason, ...]:
        """The reasons for the rules among `rules` that `offer` breaks."""
        return tuple(self.reason(code, offer) for code in self.checker(offer) if code in rules)

    def reason(self, code: str, offer: Offer | None) -> Reason:
        fixed = self.by_code.get(code)
        if fixed is not None:
            return fixed
        assert offer is not None
        key: tuple[Any, ...]
        if code == "care_type":
            key = (code, offer.care_type)
        elif code == "age":
            key = (code, offer.min_age, offer.max_age)
        elif code == "needs":
            key = (code, offer.needs_mask)
        else:
            key = (code, offer.region)
        reason = self.reasons.get(key)
        if reason is None:
            reason = self.reasons[key] = self._new(code, offer)
        return reason

    def _new(self, code: str, offer: Offer) -> Reason:
        lang, request = self.lang, self.request
        if code == "care_type":
            offered, wanted = LABELS[lang][offer.care_type], LABELS[lang][request.care_type]
            return self._make(code, offered=offered, wanted=wanted)
        if code == "age":
            return self._make(code, age=request.age, min_age=offer.min_age, max_age=offer.max_age)
        if code == "needs":
            return self._make(code, wanted=listing(lang, request.needs - offer.needs_supported))
        assert code == "avoid_region"
        return self._make(code, region=offer.region)


class _CandidateTexts:
    """The reasons of the candidates for one request, each text made once per call."""

    def __init__(self, request: Request, points: Mapping[str, RegionPoint], lang: str) -> None:
        self.request = request
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

    def for_offer(self, offer: Offer) -> tuple[Reason, ...]:
        request = self.request
        common = request.languages & offer.languages
        return (
            self._cached(("fits", offer.exploitation_mask), offer),
            self._cached(("place", offer.region), offer),
            self._cached(("language", common), offer),
            self._cached(("free_places", offer.free_places), offer),
            self.urgency,
        )

    def _cached(self, key: tuple[Any, ...], offer: Offer) -> Reason:
        reason = self.cache.get(key)
        if reason is None:
            reason = self.cache[key] = self._new(key[0], offer)
        return reason

    def _new(self, kind: str, offer: Offer) -> Reason:
        lang, request = self.lang, self.request
        if kind == "fits":
            return Reason(
                "fits",
                text(
                    lang,
                    "fits",
                    care_type=LABELS[lang][offer.care_type],
                    gender=LABELS[lang][request.gender],
                    exploitation=listing(lang, request.exploitation & offer.exploitation),
                    extra=self.fits_extra,
                ),
            )
        if kind == "place":
            if offer.region == request.home_region:
                return Reason("home_region", text(lang, "home_region", region=offer.region))
            km = round(self.distance(offer.region))
            return Reason(
                "distance", text(lang, "distance", km=km, home=request.home_region, region=offer.region)
            )
        if kind == "language":
            common = request.languages & offer.languages
            if common:
                return Reason("language", text(lang, "language", languages=listing(lang, common, False)))
            if request.languages:
                return Reason("no_common_language", text(lang, "no_common_language"))
            return Reason("language", text(lang, "no_language_asked"))
        key = "free_places_one" if offer.free_places == 1 else "free_places"
        return Reason("free_places", text(lang, key, count=offer.free_places))
