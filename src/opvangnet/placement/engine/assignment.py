"""Assigning a whole waiting list at once, exactly, with a proof that the code checks itself.

**Classes, not pairs.** Offers that agree on everything the rules and the score read (care type,
exploitation, genders, ages, children, needs, security, region, languages, and free places up to the score's
cap of three) are one *offer node* whose capacity is the sum of their free places. Requests that agree on
everything the rules, the score and the objective read (care type, exploitation, gender, the age up to the
offers' age limits, children or not, needs, security, home region, the regions to avoid among the offers'
regions, the languages up to those the offers speak, urgency and priority) are one *request class* with a
count. Any assignment between classes and nodes spreads over their members with the same value and back, so
the class problem has the same optimum as the problem of pairs.

**Objective.** With n requests, K = 1000·n + 1 and M = n·(max priority·K + 1000) + 1, one placement of
request r at offer o is worth w = M + priority·K + score (in thousandths). Any sum of scores stays below K and
any sum of priority·K + score below M, so the largest total of w places the most people, then the most
priority, then the best fit: exactly the contract's order.

**Solving.** Every fitting class-node pair and its score is worked out in NumPy and kept compactly (an int32
node and an int16 score per pair: 16 million pairs take under 100 MB). OR-Tools solves the problem on a
subset: each class's best few pairs plus those a maximum flow needs to place the most. Placing the most with
the most priority is a matroid problem (greedy by priority is optimal and fixes how many of each priority
are placed), so a few maximum flows settle it and the min-cost flow only weighs the scores, which keeps its
costs small and it fast. The flow is then *proved* optimal for all pairs by linear-programming duality: the
code derives prices y (per class) and z (per node) that fit the flow (complementary slackness) and raises
them until y + z ≥ w holds on every fitting pair, not only the ones the solver saw; when no such prices
exist, the pairs that stand in the way join the subset and the solver runs again. At the end the proof is
checked on its own: a feasible flow, non-negative prices, y + z ≥ w on every pair, and the flow's total of w
equal to Σ count·y + Σ capacity·z in exact integers. `optimal` is true only then; costs too large for 64-bit
integers give a greedy assignment by priority with `optimal` false.

Merging and pairs are in classes.py, the solver rounds and the proof in solver.py; this module holds the
public function, its results and the first-come-first-served baseline.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .classes import ClassPairs, OfferNodes, RequestClasses, class_pairs, offer_nodes, request_classes
from .columns import OfferColumns
from .contract import (
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
from .matching import Reason, Scorer
from .solver import Flow, greedy_flow, optimal_flow, weights_for
from .texts import text

IntArray = npt.NDArray[np.int64]


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


# --- the public function ---------------------------------------------------------------------------------


def assign(
    requests: Sequence[Request | Mapping[str, Any]],
    offers: OfferColumns | Sequence[Offer | Mapping[str, Any]],
    regions: Mapping[str, RegionPoint | Mapping[str, Any]],
    lang: str = "nl",
) -> AssignResult:
    """Place as many requests as possible, then the most priority, then the best fit; never overbook.

    Raises `ContractError` on bad input. See the module docstring for how and what `optimal` means.
    """
    started = time.perf_counter()
    check_lang(lang)
    the_requests = coerce_requests(requests)
    columns = offers if isinstance(offers, OfferColumns) else OfferColumns(coerce_offers(offers))
    points = parse_regions(regions)
    columns.check_regions(points)
    check_regions(the_requests, [], points, "requests[{index}]")

    nodes = offer_nodes(columns)
    classes = request_classes(the_requests, nodes)
    pairs = class_pairs(classes, nodes, points)
    weights = weights_for(classes, pairs, nodes)
    solved = optimal_flow(classes, nodes, pairs, weights) if weights is not None and len(pairs) else None
    if not len(pairs):
        flow, optimal = Flow(np.zeros(0, np.int64), np.zeros(0, np.int64)), True
    elif solved is None:
        flow, optimal = greedy_flow(classes, nodes, pairs), False
    else:
        flow, optimal = solved

    offer_of = _spread(flow, classes, nodes, pairs, columns)
    assignments, unplaced = [], []
    fitting_offers = np.zeros(len(the_requests), dtype=np.int64)
    for c, members in enumerate(classes.members):
        fitting_offers[members] = pairs.fitting_offers[c]
    for index, request in enumerate(the_requests):
        offer = offer_of.get(index)
        if offer is not None:
            assignments.append(Assignment(request.id, offer))
        elif fitting_offers[index] == 0:
            unplaced.append(
                Unplaced(request.id, (Reason("no_fitting_offer", text(lang, "no_fitting_offer")),))
            )
        else:
            taken = text(lang, "capacity_taken", count=int(fitting_offers[index]))
            unplaced.append(Unplaced(request.id, (Reason("capacity_taken", taken),)))
    seconds = round(time.perf_counter() - started, 4)
    return AssignResult(assignments, unplaced, len(assignments), optimal, seconds)


def _spread(
    flow: Flow, classes: RequestClasses, nodes: OfferNodes, pairs: ClassPairs, columns: OfferColumns
) -> dict[int, str]:
    """From class-node amounts to request → offer id: members in input order, offers in input order."""
    class_of = np.searchsorted(pairs.start, flow.pair, "right") - 1
    order = np.lexsort((pairs.node[flow.pair], -pairs.units[flow.pair].astype(np.int64), class_of))
    next_member = [0] * len(classes)
    next_offer = nodes.start[:-1].copy()
    left_here: dict[int, int] = {}  # node → free places left in its current offer
    offer_of: dict[int, str] = {}
    for i in order.tolist():
        c, node, amount = int(class_of[i]), int(pairs.node[flow.pair[i]]), int(flow.amount[i])
        members = classes.members[c]
        for _ in range(amount):
            position = int(nodes.positions[next_offer[node]])
            left = left_here.get(node, int(columns.free[position]))
            offer_of[members[next_member[c]]] = columns.ids[position]
            next_member[c] += 1
            left -= 1
            if left == 0:
                next_offer[node] += 1
                left_here.pop(node, None)
            else:
                left_here[node] = left
    return offer_of


def assign_input(data: Any, lang: str = "nl") -> AssignResult:
    """`assign` on the whole JSON input: `{"requests": [...], "offers": [...], "regions": {...}}`."""
    data = input_object(data)
    return assign(require(data, "requests"), require(data, "offers"), require(data, "regions"), lang)


# --- pairs of single requests and offers: the baseline and the reference ---------------------------------


@dataclass(frozen=True, slots=True)
class Arcs:
    """Every fitting (request, offer) pair, by request in input order, with its score in thousandths."""

    request: IntArray
    offer: IntArray
    units: IntArray

    def __len__(self) -> int:
        return len(self.request)


def fitting_arcs(
    requests: Sequence[Request], offers: Sequence[Offer] | OfferColumns, points: Mapping[str, RegionPoint]
) -> Arcs:
    """Every fitting pair of single requests and offers with its score, as `match` finds and scores them."""
    columns = offers if isinstance(offers, OfferColumns) else OfferColumns(offers)
    scorer = Scorer(columns, points)
    parts_request, parts_offer, parts_units = [], [], []
    for index, request in enumerate(requests):
        fit = columns.fitting(request)
        if not len(fit):
            continue
        parts_request.append(np.full(len(fit), index, dtype=np.int64))
        parts_offer.append(fit)
        parts_units.append(scorer.units(request, fit).astype(np.int64))
    if not parts_request:
        empty = np.zeros(0, dtype=np.int64)
        return Arcs(empty, empty.copy(), empty.copy())
    return Arcs(np.concatenate(parts_request), np.concatenate(parts_offer), np.concatenate(parts_units))


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
