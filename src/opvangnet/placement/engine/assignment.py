"""Assigning a whole waiting list at once: an exact min-cost max-flow, and the greedy baseline it beats."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .contract import (
    CARE_TYPES,
    GENDERS,
    Offer,
    RegionPoint,
    Request,
    check_lang,
    check_regions,
    coerce_offers,
    coerce_requests,
    input_object,
    parse_regions,
    require,
)
from .matching import FREE_PLACES_CAP, HALF_PROXIMITY_KM, SCORE_SCALE, WEIGHTS, Reason, distance_km
from .texts import text

IntArray = npt.NDArray[np.int64]
# OR-Tools scales costs by the number of nodes internally; stay well inside 64 bits.
_COST_LIMIT = 2**62


@dataclass(frozen=True, slots=True)
class Assignment:
    request: str
    offer: str

    def to_json(self) -> dict[str, str]:
        return {"request": self.request, "offer": self.offer}


@dataclass(frozen=True, slots=True)
class Unplaced:
    request: str
    why: tuple[Reason, ...]

    def to_json(self) -> dict[str, Any]:
        return {"request": self.request, "why": [reason.to_json() for reason in self.why]}


@dataclass(frozen=True, slots=True)
class AssignResult:
    assignments: list[Assignment]
    unplaced: list[Unplaced]
    placed: int
    optimal: bool
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {
            "assignments": [assignment.to_json() for assignment in self.assignments],
            "unplaced": [unplaced.to_json() for unplaced in self.unplaced],
            "placed": self.placed,
            "optimal": self.optimal,
            "seconds": self.seconds,
        }


@dataclass(frozen=True, slots=True)
class Arcs:
    """Every fitting (request, offer) pair, by request in input order, with its score in thousandths."""

    request: IntArray
    offer: IntArray
    units: IntArray

    def __len__(self) -> int:
        return len(self.request)


class _OfferColumns:
    """The offers with a free place of one care type, as numpy columns, so one request is checked at once."""

    def __init__(
        self, positions: IntArray, offers: Sequence[Offer], region: IntArray, langset: IntArray
    ) -> None:
        chosen = [offers[int(i)] for i in positions]
        self.positions = positions
        self.exploitation = np.array([o.exploitation_mask for o in chosen], dtype=np.int64)
        self.genders = np.array([o.genders_mask for o in chosen], dtype=np.int64)
        self.min_age = np.array([o.min_age for o in chosen], dtype=np.int64)
        self.max_age = np.array([o.max_age for o in chosen], dtype=np.int64)
        self.children = np.array([o.children for o in chosen], dtype=bool)
        self.needs = np.array([o.needs_mask for o in chosen], dtype=np.int64)
        self.high = np.array([o.security == "high" for o in chosen], dtype=bool)
        self.free = np.array([o.free_places for o in chosen], dtype=np.int64)
        self.region = region[positions]
        self.langset = langset[positions]

    def fitting(self, request: Request, avoided: npt.NDArray[np.bool_] | None) -> npt.NDArray[np.intp]:
        """Indices into these columns of the offers that fit `request` (the care type fits by grouping)."""
        ok = (self.exploitation & request.exploitation_mask) != 0
        ok &= (self.genders & (1 << GENDERS.index(request.gender))) != 0
        ok &= (self.min_age <= request.age) & (request.age <= self.max_age)
        if request.with_children:
            ok &= self.children
        if request.needs_mask:
            ok &= (self.needs & request.needs_mask) == request.needs_mask
        if request.security == "high":
            ok &= self.high
        if avoided is not None:
            ok &= ~avoided[self.region]
        return np.flatnonzero(ok)


def fitting_arcs(
    requests: Sequence[Request], offers: Sequence[Offer], points: Mapping[str, RegionPoint]
) -> Arcs:
    """The fitting pairs with their scores, equal to what `match` finds and scores, in numpy per request."""
    codes = list(points)
    region_index = {code: i for i, code in enumerate(codes)}
    distances = np.array(
        [[distance_km(points[a], points[b]) for b in codes] for a in codes], dtype=np.float64
    )
    langsets: dict[frozenset[str], int] = {}
    offer_langset = np.array(
        [langsets.setdefault(o.languages, len(langsets)) for o in offers], dtype=np.int64
    )
    distinct_langsets = list(langsets)
    offer_region = np.array([region_index[o.region] for o in offers], dtype=np.int64)
    care = np.array([CARE_TYPES.index(o.care_type) for o in offers], dtype=np.int64)
    free = np.array([o.free_places for o in offers], dtype=np.int64)
    columns = [
        _OfferColumns(np.flatnonzero((care == c) & (free > 0)), offers, offer_region, offer_langset)
        for c in range(len(CARE_TYPES))
    ]
    speaks: dict[frozenset[str], npt.NDArray[np.bool_]] = {}
    parts_request, parts_offer, parts_units = [], [], []
    for index, request in enumerate(requests):
        group = columns[CARE_TYPES.index(request.care_type)]
        avoided = None
        if request.avoid_regions:
            avoided = np.zeros(len(codes), dtype=bool)
            avoided[[region_index[code] for code in request.avoid_regions]] = True
        chosen = group.fitting(request, avoided)
        if not len(chosen):
            continue
        common = speaks.get(request.languages)
        if common is None:
            wanted = request.languages
            common = speaks[wanted] = np.array(
                [not wanted or not wanted.isdisjoint(s) for s in distinct_langsets], dtype=bool
            )
        w_proximity, w_language, w_free = WEIGHTS[request.urgency]
        # The same operations in the same order as `matching.score_units`, so the floats agree to the bit.
        proximity = 1.0 / (
            1.0 + distances[region_index[request.home_region], group.region[chosen]] / HALF_PROXIMITY_KM
        )
        language = np.where(common[group.langset[chosen]], 1.0, 0.0)
        free_share = np.minimum(group.free[chosen], FREE_PLACES_CAP) / FREE_PLACES_CAP
        raw = w_proximity * proximity + w_language * language + w_free * free_share
        parts_request.append(np.full(len(chosen), index, dtype=np.int64))
        parts_offer.append(group.positions[chosen])
        parts_units.append(np.rint(raw * SCORE_SCALE).astype(np.int64))
    if not parts_request:
        empty = np.zeros(0, dtype=np.int64)
        return Arcs(empty, empty.copy(), empty.copy())
    return Arcs(np.concatenate(parts_request), np.concatenate(parts_offer), np.concatenate(parts_units))


def assign(
    requests: Sequence[Request | Mapping[str, Any]],
    offers: Sequence[Offer | Mapping[str, Any]],
    regions: Mapping[str, RegionPoint | Mapping[str, Any]],
    lang: str = "nl",
) -> AssignResult:
    """Place as many requests as possible, then the most priority, then the best fit; never overbook.

    A min-cost max-flow: source → request (capacity 1) → fitting offer (capacity 1, cost −(priority·K +
    score)) → sink (capacity free places). OR-Tools finds the maximum flow and, among maximum flows, the least
    cost; with K larger than any sum of scores that is exactly the lexicographic objective, and `optimal` is
    the solver's proof. Should the solver not prove it (costs out of range), a greedy assignment by priority
    is returned with `optimal` false. Raises `ContractError` on bad input.
    """
    started = time.perf_counter()
    check_lang(lang)
    the_requests = coerce_requests(requests)
    the_offers = coerce_offers(offers)
    points = parse_regions(regions)
    check_regions(the_requests, the_offers, points, "requests[{index}]")

    arcs = fitting_arcs(the_requests, the_offers, points)
    chosen, optimal = _solve(the_requests, the_offers, arcs)
    if chosen is None:
        order = sorted(range(len(the_requests)), key=lambda i: -the_requests[i].priority)
        chosen = greedy_pairs(arcs, the_offers, order)
    placed_offer = dict(chosen)
    fitting_count = np.bincount(arcs.request, minlength=len(the_requests))
    assignments, unplaced = [], []
    for index, request in enumerate(the_requests):
        if index in placed_offer:
            assignments.append(Assignment(request.id, the_offers[placed_offer[index]].id))
        elif fitting_count[index] == 0:
            unplaced.append(
                Unplaced(request.id, (Reason("no_fitting_offer", text(lang, "no_fitting_offer")),))
            )
        else:
            reason = Reason("capacity_taken", text(lang, "capacity_taken", count=int(fitting_count[index])))
            unplaced.append(Unplaced(request.id, (reason,)))
    seconds = round(time.perf_counter() - started, 4)
    return AssignResult(assignments, unplaced, len(assignments), optimal, seconds)


def assign_input(data: Any, lang: str = "nl") -> AssignResult:
    """`assign` on the whole JSON input: `{"requests": [...], "offers": [...], "regions": {...}}`."""
    data = input_object(data)
    return assign(require(data, "requests"), require(data, "offers"), require(data, "regions"), lang)


def _solve(
    requests: Sequence[Request], offers: Sequence[Offer], arcs: Arcs
) -> tuple[list[tuple[int, int]] | None, bool]:
    """The optimal (request, offer) pairs and True, or (None, False) when the solver could not prove them."""
    if not len(arcs):
        return [], True
    from ortools.graph.python import min_cost_flow  # a quarter second to import; only assign needs it

    request_nodes = np.unique(arcs.request)
    offer_nodes = np.unique(arcs.offer)
    # Node numbers: 0 source, 1 sink, then requests, then offers (by position in the input).
    request_node = np.full(len(requests), -1, dtype=np.int64)
    request_node[request_nodes] = 2 + np.arange(len(request_nodes))
    offer_node = np.full(len(offers), -1, dtype=np.int64)
    offer_node[offer_nodes] = 2 + len(request_nodes) + np.arange(len(offer_nodes))
    nodes = 2 + len(request_nodes) + len(offer_nodes)

    priority = np.array([r.priority for r in requests], dtype=object)[arcs.request]
    weight = SCORE_SCALE * len(request_nodes) + 1  # one unit of priority outweighs every sum of scores
    largest = int(max(priority, default=0)) * weight + SCORE_SCALE
    if largest * (nodes + 1) >= _COST_LIMIT:
        return None, False
    costs = -(priority.astype(np.int64) * weight + arcs.units)

    free = np.array([offers[int(i)].free_places for i in offer_nodes], dtype=np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate(
        [np.zeros(len(request_nodes), dtype=np.int64), request_node[arcs.request], offer_node[offer_nodes]]
    )
    heads = np.concatenate(
        [request_node[request_nodes], offer_node[arcs.offer], np.ones(len(offer_nodes), dtype=np.int64)]
    )
    capacities = np.concatenate([np.ones(len(request_nodes) + len(arcs), dtype=np.int64), free])
    unit_costs = np.concatenate(
        [np.zeros(len(request_nodes), dtype=np.int64), costs, np.zeros(len(offer_nodes), dtype=np.int64)]
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), capacities, unit_costs.astype(np.int64)
    )
    flow.set_node_supply(0, len(request_nodes))
    flow.set_node_supply(1, -len(request_nodes))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        return None, False
    middle = np.arange(len(request_nodes), len(request_nodes) + len(arcs), dtype=np.int64)
    used = np.flatnonzero(flow.flows(middle) > 0)
    return [(int(arcs.request[i]), int(arcs.offer[i])) for i in used], True


def greedy_pairs(arcs: Arcs, offers: Sequence[Offer], order: Sequence[int]) -> list[tuple[int, int]]:
    """Requests in `order` each take their best fitting offer (by score, then offer id) that is still free."""
    id_rank = np.argsort(np.argsort(np.array([o.id for o in offers], dtype=object)))
    ranked = np.lexsort((id_rank[arcs.offer], -arcs.units, arcs.request))
    starts = np.searchsorted(arcs.request[ranked], np.arange(max(order, default=-1) + 2))
    left = [o.free_places for o in offers]
    pairs = []
    for index in order:
        for arc in ranked[starts[index] : starts[index + 1]]:
            offer = int(arcs.offer[arc])
            if left[offer] > 0:
                left[offer] -= 1
                pairs.append((index, offer))
                break
    return pairs


def greedy_assign(
    requests: Sequence[Request], offers: Sequence[Offer], points: Mapping[str, RegionPoint]
) -> list[tuple[int, int]]:
    """The first-come-first-served baseline: in input order, each takes its best free fitting offer."""
    return greedy_pairs(fitting_arcs(requests, offers, points), offers, range(len(requests)))
