"""Solving the class problem on a subset of the pairs, and proving the result optimal over all of them.

See assignment.py for the objective and the outline; this module holds the solver rounds (`optimal_flow`),
the prices of the proof and their checks (`proves_optimal`), and the greedy fallback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .classes import ClassPairs, IntArray, Ints, OfferNodes, RequestClasses
from .contract import CARE_TYPES
from .matching import SCORE_SCALE

# Prices and costs stay well inside 64 bits; OR-Tools also scales its costs by the number of nodes.
_COST_LIMIT = 2**62
# Per round, per class, at most this many pairs join the subset: those that break the prices most or come
# within _NEAR thousandths of score of it (a pair near the edge now is likely needed once prices move).
_ADD_PER_CLASS = 4
_NEAR = 50
# Pairs priced at once, to bound the memory of a pass over all pairs.
_PRICING_CHUNK = 1 << 20
# Solver rounds, and rounds of raising prices before the flow is taken to need another round.
_MAX_ROUNDS = 60
_LIFT_ROUNDS = 500


@dataclass
class Weights:
    """w = M + priority·K + units, as 64-bit integers (checked to fit)."""

    big: int  # M
    per_priority: int  # K
    priority: IntArray  # per class

    def of(self, classes: Ints, units: Ints) -> IntArray:
        return self.big + self.priority[classes] * self.per_priority + units.astype(np.int64)


def weights_for(classes: RequestClasses, pairs: ClassPairs, nodes: OfferNodes) -> Weights | None:
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
    return Weights(big, per_priority, np.array(priorities, dtype=np.int64))


@dataclass
class Flow:
    pair: IntArray  # indices into ClassPairs
    amount: IntArray

    @staticmethod
    def join(parts: Sequence[Flow]) -> Flow:
        if not parts:
            return Flow(np.zeros(0, np.int64), np.zeros(0, np.int64))
        pair = np.concatenate([p.pair for p in parts])
        order = np.argsort(pair)
        return Flow(pair[order], np.concatenate([p.amount for p in parts])[order])


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
    weights: Weights,
) -> Flow | None:
    """The lexicographic optimum over the pairs in `subset`; None if OR-Tools does not report optimal.

    The requests that can be placed together form a (transversal) matroid, so the most placed with the most
    priority is what placing greedily by priority gives, and every such optimum places the same number of
    each priority: those numbers come from a few cheap maximum flows, and then one min-cost max-flow with
    only the scores as costs (small costs solve faster) and at most that many per priority.
    """
    from ortools.graph.python import max_flow, min_cost_flow  # a quarter second to import; only assign

    if not len(subset):
        return Flow(subset, np.zeros(0, np.int64))
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
    return Flow(subset[used], amounts[used].astype(np.int64))


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
    flow: Flow,
    subset: IntArray,
    pairs: ClassPairs,
    class_of: Ints,
    count: IntArray,
    nodes: OfferNodes,
    weights: Weights,
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
    flow: Flow,
    y: IntArray,
    z: IntArray,
    pairs: ClassPairs,
    class_of: Ints,
    count: IntArray,
    nodes: OfferNodes,
    weights: Weights,
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


def optimal_flow(
    classes: RequestClasses, nodes: OfferNodes, pairs: ClassPairs, weights: Weights
) -> tuple[Flow, bool] | None:
    """Solve on a subset; lift the prices over every pair; where that shows the flow is not optimal, add the
    pairs that break the prices and solve again; certify at the end.

    Care types never share a pair, so each is a problem of its own: a round solves again only the care types
    that got new pairs.
    """
    count = np.array([len(m) for m in classes.members], dtype=np.int64)
    class_of = np.repeat(np.arange(len(classes), dtype=np.int32), np.diff(pairs.start))
    care_of_class = np.array([CARE_TYPES.index(r.care_type) for r in classes.representatives], dtype=np.int64)
    subset = np.union1d(pairs.first, _max_flow_pairs(pairs.wide, pairs, class_of, count, nodes))
    flows: dict[int, Flow] = {}
    dirty = set(range(len(CARE_TYPES)))
    for _ in range(_MAX_ROUNDS):
        care_of_pair = care_of_class[class_of[subset]]
        for care in sorted(dirty):
            solved = _solve_subset(subset[care_of_pair == care], pairs, class_of, count, nodes, weights)
            if solved is None:
                return None
            flows[care] = solved
        flow = Flow.join(list(flows.values()))
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


def proves_optimal(flow: Flow, classes: RequestClasses, nodes: OfferNodes, pairs: ClassPairs) -> bool:
    """Whether the certificate holds for `flow` (class-node amounts), whoever made it: prices that fit the
    flow, raised over every pair, then the checks of `_certify`. False for any flow that is not optimal."""
    weights = weights_for(classes, pairs, nodes)
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
    weights: Weights,
) -> IntArray:
    """w − z − y for each of `pair`: positive where the pair breaks the prices."""
    per_class = weights.big + weights.priority * weights.per_priority - y  # w − y without the score
    return per_class[class_of[pair]] + pairs.units[pair] - z[pairs.node[pair]]


def _lift(
    flow: Flow,
    y: IntArray,
    z: IntArray,
    breaking: IntArray,
    pairs: ClassPairs,
    class_of: Ints,
    count: IntArray,
    nodes: OfferNodes,
    weights: Weights,
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
    weights: Weights,
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
    weights: Weights,
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


def greedy_flow(classes: RequestClasses, nodes: OfferNodes, pairs: ClassPairs) -> Flow:
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
    return Flow(used, np.array([chosen[p] for p in used.tolist()], dtype=np.int64))
