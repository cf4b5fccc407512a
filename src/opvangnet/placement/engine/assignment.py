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
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .columns import OfferColumns
from .contract import (
    CARE_TYPES,
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
from .matching import SCORE_SCALE, Reason, Scorer
from .texts import text

IntArray = npt.NDArray[np.int64]
Ints = npt.NDArray[np.integer[Any]]  # indices or values of any integer width
# Prices and costs stay well inside 64 bits; OR-Tools also scales its costs by the number of nodes.
_COST_LIMIT = 2**62
# Pairs per class that the solver sees first, beyond the class's own count, and the wider subset that a
# maximum flow (cheap) looks at to find the pairs needed to place the most people.
_EXTRA_PAIRS = 3
_WIDE_PAIRS = 24
# Per round, per class, at most this many pairs join the subset: those that break the prices most or come
# within _NEAR thousandths of score of it (a pair near the edge now is likely needed once prices move).
_ADD_PER_CLASS = 4
_NEAR = 50
# Pairs priced at once, to bound the memory of a pass over all pairs.
_PRICING_CHUNK = 1 << 20
# Solver rounds, and rounds of raising prices before the flow is taken to need another round.
_MAX_ROUNDS = 60
_LIFT_ROUNDS = 500


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


# --- offer nodes and request classes ----------------------------------------------------------------------


@dataclass
class OfferNodes:
    """Offers with a free place merged by what the rules and the score read; node i stands for
    `positions[start[i]:start[i + 1]]` (positions in the input, in input order)."""

    columns: OfferColumns  # one representative offer per node
    capacity: IntArray
    size: IntArray
    positions: IntArray
    start: IntArray

    def __len__(self) -> int:
        return len(self.capacity)


def offer_nodes(columns: OfferColumns) -> OfferNodes:
    free = np.flatnonzero(columns.free >= 1)
    keys = np.stack(
        [
            columns.care,
            columns.exploitation,
            columns.genders,
            columns.min_age,
            columns.max_age,
            columns.children,
            columns.needs,
            columns.high,
            columns.region,
            columns.langset,
            np.minimum(columns.free, 3),  # matching.FREE_PLACES_CAP: more free places score the same
        ],
        axis=1,
    )[free]
    if not len(free):
        empty = np.zeros(0, dtype=np.int64)
        return OfferNodes(columns.subset(empty), empty, empty, empty, np.zeros(1, dtype=np.int64))
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    # Nodes by care type (so that each care type is one range), then in the order of their first offer;
    # members in input order: deterministic and easy to follow.
    order = np.lexsort((first, columns.care[free[first]]))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    node_of = rank[inverse]
    members = np.argsort(node_of, kind="stable")
    size = np.bincount(node_of, minlength=len(order))
    capacity = np.bincount(node_of, weights=columns.free[free], minlength=len(order)).astype(np.int64)
    start = np.concatenate([[0], np.cumsum(size)])
    return OfferNodes(columns.subset(free[first[order]]), capacity, size, free[members], start)


@dataclass
class RequestClasses:
    """Requests merged by what the rules, the score and the objective read, in order of first member."""

    representatives: list[Request]
    members: list[list[int]]  # indices into the requests, in input order

    def __len__(self) -> int:
        return len(self.members)


def request_classes(requests: Sequence[Request], nodes: OfferNodes) -> RequestClasses:
    columns = nodes.columns
    min_ages = np.unique(columns.min_age)
    max_ages = np.unique(columns.max_age)
    node_regions = frozenset(columns.region_codes[int(i)] for i in np.unique(columns.region))
    spoken = frozenset().union(*(columns.langsets[int(i)] for i in np.unique(columns.langset)))
    index: dict[tuple[Any, ...], int] = {}
    representatives: list[Request] = []
    members: list[list[int]] = []
    for position, request in enumerate(requests):
        # Two ages between the same offer limits fit the same offers; so do languages beyond those spoken
        # (but asking none is not the same as asking one that nobody speaks) and regions no offer lies in.
        age_bucket = (
            int(np.searchsorted(min_ages, request.age, "right")),
            int(np.searchsorted(max_ages, request.age, "left")),
        )
        languages = request.languages & spoken if request.languages else None
        key = (
            request.care_type,
            request.exploitation_mask,
            request.gender,
            age_bucket,
            request.with_children > 0,
            request.needs_mask,
            request.security,
            request.home_region,
            request.avoid_regions & node_regions,
            languages,
            request.urgency,
            request.priority,
        )
        found = index.get(key)
        if found is None:
            index[key] = len(members)
            representatives.append(request)
            members.append([position])
        else:
            members[found].append(position)
    return RequestClasses(representatives, members)


@dataclass
class ClassPairs:
    """Every fitting (class, node) pair, by class: class c's pairs are `node[start[c]:start[c + 1]]`."""

    start: IntArray
    node: npt.NDArray[np.int32]
    units: npt.NDArray[np.int16]
    fitting_offers: IntArray  # per class, how many offers (not nodes) fit it
    best_units: IntArray  # per class, its best score (−1 when nothing fits)
    first: IntArray  # indices into the pairs: the subset the solver sees first
    wide: IntArray  # a wider subset, for a maximum flow that seeds the first one

    def __len__(self) -> int:
        return len(self.node)


def class_pairs(classes: RequestClasses, nodes: OfferNodes, points: Mapping[str, RegionPoint]) -> ClassPairs:
    """The rules and scores of every class against every node of its care type, in NumPy per class."""
    bounds = np.searchsorted(nodes.columns.care, np.arange(len(CARE_TYPES) + 1))  # nodes sorted by care
    parts = [nodes.columns.subset(np.arange(bounds[c], bounds[c + 1])) for c in range(len(CARE_TYPES))]
    scorers = [Scorer(part, points) for part in parts]
    node_parts: list[npt.NDArray[np.int32]] = []
    unit_parts: list[npt.NDArray[np.int16]] = []
    first_parts: list[IntArray] = []
    wide_parts: list[IntArray] = []
    counts = np.zeros(len(classes), dtype=np.int64)
    offset = 0
    for c, request in enumerate(classes.representatives):
        care = CARE_TYPES.index(request.care_type)
        fit = parts[care].fitting(request)
        if not len(fit):
            continue
        units = scorers[care].units(request, fit)
        members = len(classes.members[c])
        wide = _best(units, members + _WIDE_PAIRS)
        wide_parts.append(offset + wide)
        first_parts.append(offset + wide[_best(units[wide], members + _EXTRA_PAIRS)])
        node_parts.append((fit + bounds[care]).astype(np.int32))
        unit_parts.append(units)
        counts[c] = len(fit)
        offset += len(fit)
    start = np.concatenate([[0], np.cumsum(counts)])
    if not node_parts:
        none = np.zeros(0, np.int64)
        fitting = np.zeros(len(classes), dtype=np.int64)
        best = np.full(len(classes), -1, dtype=np.int64)
        return ClassPairs(start, np.zeros(0, np.int32), np.zeros(0, np.int16), fitting, best, none, none)
    node = np.concatenate(node_parts)
    del node_parts
    # How many offers (not nodes) fit each class: the sizes of its nodes, added up per class.
    sizes = np.concatenate([[0], np.cumsum(nodes.size[node])])
    units = np.concatenate(unit_parts)
    best = np.full(len(classes), -1, dtype=np.int64)
    some = np.flatnonzero(counts)
    best[some] = np.maximum.reduceat(units, start[some])
    return ClassPairs(
        start,
        node,
        units,
        sizes[start[1:]] - sizes[start[:-1]],
        best,
        np.concatenate(first_parts),
        np.concatenate(wide_parts),
    )


def _best(units: Ints, keep: int) -> IntArray:
    """Indices of (about) the `keep` highest scores, or of all when there are no more."""
    if len(units) <= keep:
        return np.arange(len(units))
    return np.argpartition(-units, keep - 1)[:keep]


# --- the solver and its certificate ------------------------------------------------------------------------


@dataclass
class _Weights:
    """w = M + priority·K + units, as 64-bit integers (checked to fit)."""

    big: int  # M
    per_priority: int  # K
    priority: IntArray  # per class

    def of(self, classes: Ints, units: Ints) -> IntArray:
        return self.big + self.priority[classes] * self.per_priority + units.astype(np.int64)


def _weights(classes: RequestClasses, pairs: ClassPairs, nodes: OfferNodes) -> _Weights | None:
    count = np.array([len(m) for m in classes.members], dtype=np.int64)
    placeable = int(count[pairs.fitting_offers > 0].sum())
    priorities = [r.priority for r in classes.representatives]
    top = max(priorities, default=0)
    per_priority = SCORE_SCALE * placeable + 1
    per_request = top * per_priority + SCORE_SCALE
    big = placeable * per_request + 1
    largest = big + per_request
    # The solver's costs (priority·K + score) times its node count, and our prices times the sums they
    # enter (checked in Python integers, but the arrays hold single prices), must stay inside 64 bits.
    solver_nodes = 2 + len(classes) + len(nodes)
    if per_request * (solver_nodes + 1) >= _COST_LIMIT or largest >= _COST_LIMIT:
        return None
    return _Weights(big, per_priority, np.array(priorities, dtype=np.int64))


@dataclass
class _Flow:
    pair: IntArray  # indices into ClassPairs
    amount: IntArray

    @staticmethod
    def join(parts: Sequence[_Flow]) -> _Flow:
        if not parts:
            return _Flow(np.zeros(0, np.int64), np.zeros(0, np.int64))
        pair = np.concatenate([p.pair for p in parts])
        order = np.argsort(pair)
        return _Flow(pair[order], np.concatenate([p.amount for p in parts])[order])


def _network(
    subset: IntArray, pairs: ClassPairs, class_of: Ints, count: IntArray, nodes: OfferNodes
) -> tuple[IntArray, IntArray, IntArray, int, int]:
    """Source 0, sink 1, then the classes and nodes that `subset` touches: tails, heads, capacities of the
    arcs (source → class, the pairs, node → sink) and the numbers of classes and nodes."""
    used_classes, class_local = np.unique(class_of[subset], return_inverse=True)
    used_nodes, node_local = np.unique(pairs.node[subset], return_inverse=True)
    k, m = len(used_classes), len(used_nodes)
    tails = np.concatenate([np.zeros(k, np.int64), 2 + class_local.reshape(-1), 2 + k + np.arange(m)])
    heads = np.concatenate([2 + np.arange(k), 2 + k + node_local.reshape(-1), np.ones(m, np.int64)])
    pair_capacity = np.minimum(count[class_of[subset]], nodes.capacity[pairs.node[subset]])
    capacities = np.concatenate([count[used_classes], pair_capacity, nodes.capacity[used_nodes]])
    return tails, heads, capacities, k, m


def _solve_subset(
    subset: IntArray,
    pairs: ClassPairs,
    class_of: Ints,
    count: IntArray,
    nodes: OfferNodes,
    weights: _Weights,
) -> _Flow | None:
    """The lexicographic optimum over the pairs in `subset`; None if OR-Tools does not report optimal.

    The requests that can be placed together form a (transversal) matroid, so the most placed with the most
    priority is what placing greedily by priority gives, and every such optimum places the same number of
    each priority: those numbers come from a few cheap maximum flows, and then one min-cost max-flow with
    only the scores as costs (small costs solve faster) and at most that many per priority.
    """
    from ortools.graph.python import max_flow, min_cost_flow  # a quarter second to import; only assign

    if not len(subset):
        return _Flow(subset, np.zeros(0, np.int64))
    tails, heads, capacities, k, m = _network(subset, pairs, class_of, count, nodes)
    used_classes = np.unique(class_of[subset])
    priority = weights.priority[used_classes]
    levels = sorted(set(priority.tolist()), reverse=True)
    per_level = []
    reached = 0
    for level in levels:
        # Placed at most among the classes with at least this priority: cut the others off at the source.
        solver = max_flow.SimpleMaxFlow()
        capped = capacities.copy()
        capped[:k] = np.where(priority >= level, capacities[:k], 0)
        solver.add_arcs_with_capacity(tails.astype(np.int32), heads.astype(np.int32), capped)
        if solver.solve(0, 1) != solver.OPTIMAL:
            return None
        placed = int(solver.optimal_flow())
        per_level.append(placed - reached)
        reached = placed
    # Source 0 → one node per priority (at most its number) → its classes → the pairs → nodes → sink 1.
    level_node = 2 + k + m + np.arange(len(levels))
    level_of = {level: i for i, level in enumerate(levels)}
    class_level = level_node[[level_of[p] for p in priority.tolist()]]
    tails = np.concatenate([np.zeros(len(levels), np.int64), class_level, tails[k:]])
    heads = np.concatenate([level_node, heads])
    capacities = np.concatenate([np.array(per_level, dtype=np.int64), capacities])
    pair_costs = -pairs.units[subset].astype(np.int64)
    costs = np.concatenate([np.zeros(len(levels) + k, np.int64), pair_costs, np.zeros(m, np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), capacities, costs
    )
    total = int(sum(per_level))
    flow.set_node_supply(0, total)
    flow.set_node_supply(1, -total)
    if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL or flow.maximum_flow() != total:
        return None
    amounts = flow.flows(len(levels) + k + np.arange(len(subset), dtype=np.int64))
    used = np.flatnonzero(amounts > 0)
    return _Flow(subset[used], amounts[used].astype(np.int64))


def _max_flow_pairs(
    subset: IntArray, pairs: ClassPairs, class_of: Ints, count: IntArray, nodes: OfferNodes
) -> IntArray:
    """The pairs that carry a maximum flow over `subset` (placing the most, scores aside): a cheap way to
    give the first min-cost solve pairs enough to place nearly everyone who can be placed."""
    from ortools.graph.python import max_flow

    if not len(subset):
        return subset
    tails, heads, capacities, k, _ = _network(subset, pairs, class_of, count, nodes)
    solver = max_flow.SimpleMaxFlow()
    solver.add_arcs_with_capacity(tails.astype(np.int32), heads.astype(np.int32), capacities)
    if solver.solve(0, 1) != solver.OPTIMAL:
        return np.zeros(0, np.int64)
    amounts = solver.flows(k + np.arange(len(subset), dtype=np.int64))
    return subset[amounts > 0]


def _prices(
    flow: _Flow,
    subset: IntArray,
    pairs: ClassPairs,
    class_of: Ints,
    count: IntArray,
    nodes: OfferNodes,
    weights: _Weights,
) -> tuple[IntArray, IntArray] | None:
    """Dual prices (y per class, z per node) that fit the flow by complementary slackness on `subset`.

    The least z that satisfies y_c = 0 for a class with someone unplaced, y_c = w − z on the pairs it uses
    and y_c + z ≥ w on every pair of `subset`: a longest-path fixpoint, reached in at most as many rounds as
    there are nodes when the flow is optimal on the subset. None when the flow is not (which the solver's
    status rules out, but the certificate does not take its word for it).
    """
    classes = len(count)
    placed = np.bincount(class_of[flow.pair], weights=flow.amount, minlength=classes).astype(np.int64)
    someone_left = placed < count
    w_subset = weights.of(class_of[subset], pairs.units[subset])
    node_subset = pairs.node[subset].astype(np.int64)
    by_node = np.argsort(node_subset, kind="stable")
    node_sorted = node_subset[by_node]
    node_starts = np.flatnonzero(np.r_[True, node_sorted[1:] != node_sorted[:-1]])
    node_ids = node_sorted[node_starts]
    cls_by_node = class_of[subset][by_node]
    w_by_node = w_subset[by_node]

    used_cls = class_of[flow.pair]
    by_class = np.argsort(used_cls, kind="stable")
    used_cls_sorted = used_cls[by_class]
    class_starts = np.flatnonzero(np.r_[True, used_cls_sorted[1:] != used_cls_sorted[:-1]])
    class_ids = used_cls_sorted[class_starts]
    used_w = weights.of(used_cls, pairs.units[flow.pair])[by_class]
    used_node = pairs.node[flow.pair].astype(np.int64)[by_class]

    z = np.zeros(len(nodes), dtype=np.int64)
    y = np.zeros(classes, dtype=np.int64)
    for _ in range(len(nodes) + classes + 2):
        y[:] = 0
        if len(class_ids):
            y[class_ids] = np.minimum.reduceat(used_w - z[used_node], class_starts)
        y[someone_left] = 0
        new_z = np.zeros(len(nodes), dtype=np.int64)
        if len(node_ids):
            new_z[node_ids] = np.maximum(np.maximum.reduceat(w_by_node - y[cls_by_node], node_starts), 0)
        if np.array_equal(new_z, z):
            break
        z = new_z
    else:
        return None
    used_per_node = np.bincount(pairs.node[flow.pair], weights=flow.amount, minlength=len(nodes))
    if (y < 0).any() or (z[used_per_node < nodes.capacity] != 0).any():
        return None
    if (weights.of(used_cls, pairs.units[flow.pair]) - z[pairs.node[flow.pair]] != y[used_cls]).any():
        return None
    return y, z


def _certify(
    flow: _Flow,
    y: IntArray,
    z: IntArray,
    pairs: ClassPairs,
    class_of: Ints,
    count: IntArray,
    nodes: OfferNodes,
    weights: _Weights,
) -> bool:
    """The proof, checked on its own: the flow is feasible, the prices are non-negative and keep y + z ≥ w on
    every fitting pair, and the flow's value equals the prices' value in exact integers. Then no assignment
    is worth more (weak duality), whoever found the flow."""
    placed = np.bincount(class_of[flow.pair], weights=flow.amount, minlength=len(count))
    used = np.bincount(pairs.node[flow.pair], weights=flow.amount, minlength=len(nodes))
    if (flow.amount < 0).any() or (placed > count).any() or (used > nodes.capacity).any():
        return False
    if (y < 0).any() or (z < 0).any() or len(_all_breaking(y, z, pairs, class_of, weights)):
        return False
    values = weights.of(class_of[flow.pair], pairs.units[flow.pair]).tolist()
    primal = sum(a * w for a, w in zip(flow.amount.tolist(), values, strict=True))
    dual = sum(a * b for a, b in zip(count.tolist(), y.tolist(), strict=True))
    dual += sum(a * b for a, b in zip(nodes.capacity.tolist(), z.tolist(), strict=True))
    return primal == dual


def _optimal_flow(
    classes: RequestClasses, nodes: OfferNodes, pairs: ClassPairs, weights: _Weights
) -> tuple[_Flow, bool] | None:
    """Solve on a subset; lift the prices over every pair; where that shows the flow is not optimal, add the
    pairs that break the prices and solve again; certify at the end.

    Care types never share a pair, so each is a problem of its own: a round solves again only the care types
    that got new pairs.
    """
    count = np.array([len(m) for m in classes.members], dtype=np.int64)
    class_of = np.repeat(np.arange(len(classes), dtype=np.int32), np.diff(pairs.start))
    care_of_class = np.array([CARE_TYPES.index(r.care_type) for r in classes.representatives], dtype=np.int64)
    subset = np.union1d(pairs.first, _max_flow_pairs(pairs.wide, pairs, class_of, count, nodes))
    flows: dict[int, _Flow] = {}
    dirty = set(range(len(CARE_TYPES)))
    for _ in range(_MAX_ROUNDS):
        care_of_pair = care_of_class[class_of[subset]]
        for care in sorted(dirty):
            solved = _solve_subset(subset[care_of_pair == care], pairs, class_of, count, nodes, weights)
            if solved is None:
                return None
            flows[care] = solved
        flow = _Flow.join(list(flows.values()))
        prices = _prices(flow, subset, pairs, class_of, count, nodes, weights)
        if prices is None:
            return flow, False
        y, z = prices
        # One pass over every pair: those that break the solver's prices, and those close to it (a pair
        # near the edge now is likely to be needed once the prices move).
        near = _all_breaking(y, z, pairs, class_of, weights, _NEAR)
        breaking = near[_gaps(near, y, z, pairs, class_of, weights) > 0]
        lifted = _lift(flow, y, z, breaking, pairs, class_of, count, nodes, weights)
        if len(lifted) == 2:
            lifted_y, lifted_z = lifted
            return flow, _certify(flow, lifted_y, lifted_z, pairs, class_of, count, nodes, weights)
        stuck, lifted_y, lifted_z = lifted
        missing = np.union1d(
            _fewest(near, y, z, pairs, class_of, weights),
            _fewest(stuck, lifted_y, lifted_z, pairs, class_of, weights),
        )
        missing = np.setdiff1d(missing, subset)
        if not len(missing):
            return flow, False
        dirty = set(np.unique(care_of_class[class_of[missing]]).tolist())
        subset = np.union1d(subset, missing)
    return flow, False


def proves_optimal(flow: _Flow, classes: RequestClasses, nodes: OfferNodes, pairs: ClassPairs) -> bool:
    """Whether the certificate holds for `flow` (class-node amounts), whoever made it: prices that fit the
    flow, raised over every pair, then the checks of `_certify`. False for any flow that is not optimal."""
    weights = _weights(classes, pairs, nodes)
    if weights is None:
        return False
    count = np.array([len(m) for m in classes.members], dtype=np.int64)
    class_of = np.repeat(np.arange(len(classes), dtype=np.int32), np.diff(pairs.start))
    everything = np.arange(len(pairs), dtype=np.int64)
    prices = _prices(flow, everything, pairs, class_of, count, nodes, weights)
    if prices is None:
        return False
    return _certify(flow, *prices, pairs, class_of, count, nodes, weights)


def _gaps(
    pair: IntArray,
    y: IntArray,
    z: IntArray,
    pairs: ClassPairs,
    class_of: Ints,
    weights: _Weights,
) -> IntArray:
    """w − z − y for each of `pair`: positive where the pair breaks the prices."""
    per_class = weights.big + weights.priority * weights.per_priority - y  # w − y without the score
    return per_class[class_of[pair]] + pairs.units[pair] - z[pairs.node[pair]]


def _lift(
    flow: _Flow,
    y: IntArray,
    z: IntArray,
    breaking: IntArray,
    pairs: ClassPairs,
    class_of: Ints,
    count: IntArray,
    nodes: OfferNodes,
    weights: _Weights,
) -> tuple[IntArray, IntArray] | tuple[IntArray, IntArray, IntArray]:
    """Raise the node prices until every fitting pair keeps y + z ≥ w, keeping complementary slackness.

    Starts from prices that hold on the solver's subset, with `breaking` the pairs that break them, and only
    looks again at the pairs of classes whose price fell. Returns (y, z), or (pairs, y, z) with the pairs
    that break the prices reached when no prices can hold: then a node without a full house would need a
    price, or a class a negative one, which means pairs the solver has not seen can improve the flow.
    """
    y, z = y.copy(), z.copy()
    placed = np.bincount(class_of[flow.pair], weights=flow.amount, minlength=len(count)).astype(np.int64)
    someone_left = placed < count
    used_per_node = np.bincount(pairs.node[flow.pair], weights=flow.amount, minlength=len(nodes))
    not_full = used_per_node < nodes.capacity
    # The pairs in use, by node (to find the classes that a price rise touches) and by class.
    used_cls = class_of[flow.pair].astype(np.int64)
    used_node = pairs.node[flow.pair].astype(np.int64)
    used_w = weights.of(used_cls, pairs.units[flow.pair])
    # The pairs in use grouped by node and by class, as ranges of an ordering.
    node_order = np.argsort(used_node, kind="stable")
    node_bounds = np.searchsorted(used_node[node_order], np.arange(len(nodes) + 1))
    class_order = np.argsort(used_cls, kind="stable")
    class_bounds = np.searchsorted(used_cls[class_order], np.arange(len(count) + 1))

    candidates = breaking
    for _ in range(_LIFT_ROUNDS):
        if not len(candidates):
            return y, z
        gap = _gaps(candidates, y, z, pairs, class_of, weights)
        breaking = candidates[gap > 0]
        if not len(breaking):
            return y, z
        nodes_hit = pairs.node[breaking].astype(np.int64)
        if not_full[nodes_hit].any():
            return breaking, y, z
        need = weights.of(class_of[breaking], pairs.units[breaking]) - y[class_of[breaking]]
        np.maximum.at(z, nodes_hit, need)
        hit = np.unique(nodes_hit)
        lengths = node_bounds[hit + 1] - node_bounds[hit]
        touched = node_order[_ranges(node_bounds[hit], lengths)]
        fallen = []
        for c in np.unique(used_cls[touched]).tolist():
            if someone_left[c]:
                return breaking, y, z  # its price must stay 0, so w − z on its pair in use must too
            members = class_order[class_bounds[c] : class_bounds[c + 1]]
            new_y = int((used_w[members] - z[used_node[members]]).min())
            if new_y < 0:
                return breaking, y, z
            if new_y < y[c]:
                y[c] = new_y
                fallen.append(c)
        if not fallen:
            candidates = np.zeros(0, dtype=np.int64)
            continue
        fallen_arr = np.array(fallen, dtype=np.int64)
        candidates = _ranges(pairs.start[fallen_arr], pairs.start[fallen_arr + 1] - pairs.start[fallen_arr])
    return candidates, y, z


def _ranges(starts: IntArray, lengths: IntArray) -> IntArray:
    """The integers of the ranges [start, start + length), one after another."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    return np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)


def _all_breaking(
    y: IntArray,
    z: IntArray,
    pairs: ClassPairs,
    class_of: Ints,
    weights: _Weights,
    slack: int = 0,
) -> IntArray:
    """Of the classes with a pair that can break the prices, every pair with w − z − y > −slack. Since
    z ≥ 0, no pair of a class beats its best score, so a class placed at its best node at a price of 0 is
    skipped whole (it is happy, whatever lies near it). In chunks, to bound memory."""
    per_class = weights.big + weights.priority * weights.per_priority - y
    active = np.flatnonzero(per_class + pairs.best_units > 0)
    positions = _ranges(pairs.start[active], pairs.start[active + 1] - pairs.start[active])
    found = [np.zeros(0, dtype=np.int64)]
    for low in range(0, len(positions), _PRICING_CHUNK):
        chunk = positions[low : low + _PRICING_CHUNK]
        found.append(chunk[_gaps(chunk, y, z, pairs, class_of, weights) > -slack])
    return np.concatenate(found)


def _fewest(
    candidates: IntArray,
    y: IntArray,
    z: IntArray,
    pairs: ClassPairs,
    class_of: Ints,
    weights: _Weights,
) -> IntArray:
    """Of `candidates`, per class the few with the largest w − z − y."""
    if not len(candidates):
        return candidates
    gap = _gaps(candidates, y, z, pairs, class_of, weights)
    cls = class_of[candidates]
    order = np.lexsort((-gap, cls))
    cls_sorted = cls[order]
    rank = np.arange(len(order)) - np.searchsorted(cls_sorted, cls_sorted, "left")
    return np.sort(candidates[order[rank < _ADD_PER_CLASS]])


def _greedy_flow(classes: RequestClasses, nodes: OfferNodes, pairs: ClassPairs) -> _Flow:
    """Classes by priority (highest first, then input order); each member takes its best node with room."""
    left = nodes.capacity.copy()
    chosen: dict[int, int] = {}
    order = sorted(range(len(classes)), key=lambda c: -classes.representatives[c].priority)
    for c in order:
        low, high = int(pairs.start[c]), int(pairs.start[c + 1])
        ranked = low + np.lexsort((pairs.node[low:high], -pairs.units[low:high].astype(np.int64)))
        waiting = len(classes.members[c])
        for pair in ranked.tolist():
            if not waiting:
                break
            node = int(pairs.node[pair])
            take = min(waiting, int(left[node]))
            if take:
                left[node] -= take
                waiting -= take
                chosen[pair] = take
    used = np.array(sorted(chosen), dtype=np.int64)
    return _Flow(used, np.array([chosen[p] for p in used.tolist()], dtype=np.int64))


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
    weights = _weights(classes, pairs, nodes)
    solved = _optimal_flow(classes, nodes, pairs, weights) if weights is not None and len(pairs) else None
    if not len(pairs):
        flow, optimal = _Flow(np.zeros(0, np.int64), np.zeros(0, np.int64)), True
    elif solved is None:
        flow, optimal = _greedy_flow(classes, nodes, pairs), False
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
    flow: _Flow, classes: RequestClasses, nodes: OfferNodes, pairs: ClassPairs, columns: OfferColumns
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
